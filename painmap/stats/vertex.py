"""Group differences over the mesh: a permutation test with cluster-mass correction.

The method of body-map studies such as emBODY (Nummenmaa et al. 2014), on the surface:

#. At each vertex, the share of group a with pain there minus that of group b, and the
   two-proportion z statistic (pooled variance; 0 where nobody or everybody has pain).
#. Vertices whose ``|z|`` passes the cluster-forming threshold (``threshold``, a two-sided
   p-value per vertex, 0.01 by default, so ``|z| > 2.58``) are joined into clusters along the
   mesh's edges, positive and negative differences apart.  A cluster's mass is the sum of
   ``|z|`` times the skin area of its vertices (cm², so a finely meshed part of the body does
   not weigh more than a coarse one).
#. The group labels are permuted ``n_permutations`` times (a seeded numpy Generator); each
   permutation's largest cluster mass makes the null distribution.  A cluster's p-value is
   ``(1 + #{permutations with a cluster at least as heavy}) / (1 + n_permutations)``: the
   family-wise error is controlled over the whole body.  Each vertex also gets its own
   uncorrected permutation p-value for ``|z|``.

Group sums are sums over patients of their sparse vertex sets: each batch of permutations is
one sparse (vertices x patients) by dense (patients x batch) product; no dense patients x
vertices array is ever made.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from ..body.mesh import Body
from ..core import checks
from ..reading.cohort import Cohort
from .data import Rows
from .optional import pandas, scipy_sparse, scipy_stats

BATCH = 64
"""Permutations summed in one sparse product."""
MAX_PERMUTATIONS = 100_000


@dataclass(frozen=True, eq=False)
class Cluster:
    """Neighbouring vertices where the groups differ beyond the cluster-forming threshold.

    Attributes
    ----------
    vertices : ndarray of int
    sign : int
        +1 where the first group has pain more often, -1 where the second does.
    mass : float
        Sum of ``|z|`` times skin area (cm²) over the vertices.
    area : float
        Skin area in cm².
    p_value : float
        Family-wise (cluster-mass permutation) p-value.
    """

    vertices: np.ndarray
    sign: int
    mass: float
    area: float
    p_value: float


@dataclass(eq=False)
class VertexComparison:
    """Where two groups' pain differs over the mesh (:func:`painmap.compare` with ``by="vertex"``).

    Draw it with :func:`painmap.draw`: the two groups' shares side by side on one colour scale,
    and their difference with the significant clusters outlined.

    Attributes
    ----------
    body : Body
    groups : (str, str)
        Group a and group b; differences are a minus b.
    sizes : dict
        Patients per group.
    counts : dict
        Per group, the patients with pain at each vertex.
    z, p_values : ndarray
        Per vertex, the two-proportion z statistic and its uncorrected permutation p-value.
    clusters : list of Cluster
        Every cluster past the threshold, heaviest first.
    threshold, alpha : float
        Cluster-forming p-value per vertex; level of significance of a cluster.
    n_permutations : int
    seed : int or None
    excluded : list
        Patients left out (a missing group).
    """

    body: Body
    groups: tuple[str, str]
    sizes: dict[str, int]
    counts: dict[str, np.ndarray]
    z: np.ndarray
    p_values: np.ndarray
    clusters: list[Cluster]
    threshold: float
    alpha: float
    n_permutations: int
    seed: int | None
    excluded: list = field(default_factory=list)

    def share(self, group: str) -> np.ndarray:
        """Share of the group's patients with pain at each vertex (0..1)."""
        return self.counts[checks.choice("group", group, self.groups)] / self.sizes[group]

    @property
    def difference(self) -> np.ndarray:
        """Per vertex, share of group a minus share of group b (-1..1)."""
        a, b = self.groups
        return self.share(a) - self.share(b)

    @property
    def significant(self) -> list[Cluster]:
        """The clusters with a p-value below `alpha`."""
        return [c for c in self.clusters if c.p_value < self.alpha]

    def mask(self) -> np.ndarray:
        """True at the vertices of the significant clusters."""
        out = np.zeros(self.body.n_vertices, dtype=bool)
        for c in self.significant:
            out[c.vertices] = True
        return out

    @property
    def cohort(self) -> Cohort:
        """The two groups as a :class:`~painmap.Cohort` (counts per vertex)."""
        return Cohort(self.body, dict(self.counts), dict(self.sizes))

    def frame(self):
        """The clusters as a DataFrame: ``cluster``, ``sign``, ``vertices``, ``area_cm2``, ``mass``,
        ``p_value``, ``significant``, ``peak_difference``."""
        pd = pandas()
        diff = self.difference
        return pd.DataFrame({
            "cluster": range(1, len(self.clusters) + 1),
            "sign": [c.sign for c in self.clusters],
            "vertices": [len(c.vertices) for c in self.clusters],
            "area_cm2": [c.area for c in self.clusters],
            "mass": [c.mass for c in self.clusters],
            "p_value": [c.p_value for c in self.clusters],
            "significant": [c.p_value < self.alpha for c in self.clusters],
            "peak_difference": [float(diff[c.vertices][np.argmax(np.abs(diff[c.vertices]))])
                                for c in self.clusters],
        })

    def __repr__(self) -> str:
        a, b = self.groups
        return (f"<VertexComparison {a} (n={self.sizes[a]}) vs {b} (n={self.sizes[b]}): "
                f"{len(self.significant)} significant cluster(s) of {len(self.clusters)}, "
                f"{self.n_permutations} permutations>")


@cache
def mesh_edges(n_vertices: int, n_quads: int, body: Body) -> np.ndarray:
    """Each edge of the mesh once, as (i, j) with i < j."""
    f = body.faces
    pairs = np.concatenate([f[:, [0, 1]], f[:, [1, 2]], f[:, [2, 0]]])
    pairs.sort(axis=1)
    return np.unique(pairs, axis=0)


def z_scores(count_a: np.ndarray, total: np.ndarray, n_a: int, n_b: int) -> np.ndarray:
    """Two-proportion z (pooled variance) per vertex (columns of `count_a` are permutations)."""
    n = n_a + n_b
    pooled = total / n
    se = np.sqrt(pooled * (1 - pooled) * (1 / n_a + 1 / n_b))
    if count_a.ndim == 2:
        total, se = total[:, None], se[:, None]
    with np.errstate(divide="ignore", invalid="ignore"):
        z = (count_a / n_a - (total - count_a) / n_b) / se
    return np.where(se > 0, z, 0.0)


def cluster_labels(z: np.ndarray, cut: float, edges: np.ndarray, weights: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray]:
    """Clusters of same-signed vertices past `cut`: a label per vertex (-1 for those not past it) and
    each cluster's mass.

    Examples
    --------
    >>> z = np.array([3.0, 3.0, 0.0, -4.0])
    >>> labels, mass = cluster_labels(z, 2.0, np.array([[0, 1], [1, 2], [2, 3]]), np.ones(4))
    >>> labels.tolist(), mass.tolist()
    ([0, 0, -1, 1], [6.0, 4.0])
    """
    sparse = scipy_sparse()
    labels = np.full(len(z), -1, dtype=np.int64)
    nodes = np.flatnonzero(np.abs(z) > cut)
    if not len(nodes):
        return labels, np.zeros(0)
    sign = np.sign(z)
    local = np.full(len(z), -1, dtype=np.int64)
    local[nodes] = np.arange(len(nodes))
    i, j = local[edges[:, 0]], local[edges[:, 1]]
    linked = (i >= 0) & (j >= 0) & (sign[edges[:, 0]] == sign[edges[:, 1]])
    ones = np.ones(int(linked.sum()), dtype=np.int8)
    graph = sparse.csr_matrix((ones, (i[linked], j[linked])), shape=(len(nodes), len(nodes)))
    _, found = sparse.csgraph.connected_components(graph, directed=False)
    labels[nodes] = found
    return labels, np.bincount(found, weights=np.abs(z[nodes]) * weights[nodes])


def compare_vertices(rows: Rows, labels: np.ndarray, order: list[str], *, seed: int | None = 0,
                     n_permutations: int = 1000, threshold: float = 0.01, alpha: float = 0.05
                     ) -> VertexComparison:
    """The permutation test over the mesh (module notes) for two groups.

    Examples
    --------
    >>> import numpy as np, painmap as pm
    >>> body = pm.PainDrawing.from_regions("sacrum").body
    >>> back = np.flatnonzero(pm.PainDrawing.from_regions("low back", side="both").values)
    >>> rows = Rows.from_lists([back] * 12 + [back[:0]] * 12, body)
    >>> result = compare_vertices(rows, np.array(["a"] * 12 + ["b"] * 12), ["a", "b"], n_permutations=99)
    >>> len(result.significant), bool(result.mask()[back].all())
    (1, True)
    """
    n_permutations = int(checks.number("n_permutations", n_permutations, 1, MAX_PERMUTATIONS, integer=True))
    threshold = float(checks.number("threshold", threshold, 0.0, 0.5, low_open=True))
    alpha = float(checks.number("alpha", alpha, 0.0, 1.0, low_open=True))
    stats = scipy_stats()
    a, b = order
    body = rows.body
    is_a = np.asarray(labels == a, dtype=bool)
    n_a, n_b = int(is_a.sum()), int((~is_a).sum())
    total = rows.counts()
    count_a = rows.counts(is_a)
    z = z_scores(count_a, total, n_a, n_b)
    cut = float(stats.norm.isf(threshold / 2))
    edges = mesh_edges(body.n_vertices, len(body.quads), body)
    weights = body.vertex_areas
    cluster_of, mass = cluster_labels(z, cut, edges, weights)

    rng = np.random.default_rng(seed)
    by_vertex = rows.by_vertex()
    n = rows.n
    heaviest = np.zeros(n_permutations)
    beaten = np.zeros(body.n_vertices, dtype=np.int64)
    observed = np.abs(z) - 1e-9
    done = 0
    while done < n_permutations:
        size = min(BATCH, n_permutations - done)
        chosen = np.zeros((n, size), dtype=np.float32)
        for k in range(size):
            chosen[rng.permutation(n)[:n_a], k] = 1.0
        z_null = z_scores(np.asarray(by_vertex @ chosen, dtype=np.float64), total, n_a, n_b)
        beaten += (np.abs(z_null) >= observed[:, None]).sum(axis=1)
        for k in range(size):
            heaviest[done + k] = cluster_labels(z_null[:, k], cut, edges, weights)[1].max(initial=0.0)
        done += size
    p_values = (1 + beaten) / (1 + n_permutations)

    clusters = []
    for label in range(len(mass)):
        vertices = np.flatnonzero(cluster_of == label)
        m = float(mass[label])
        p = (1 + int(np.sum(heaviest >= m * (1 - 1e-9)))) / (1 + n_permutations)
        clusters.append(Cluster(vertices, int(np.sign(z[vertices[0]])), m, float(weights[vertices].sum()), p))
    clusters.sort(key=lambda c: -c.mass)
    return VertexComparison(body, (a, b), {a: n_a, b: n_b}, {a: count_a, b: total - count_a}, z, p_values,
                            clusters, threshold, alpha, n_permutations, seed)
