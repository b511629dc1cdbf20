"""The README's Python examples run as written (in order, as one session)."""

import re
from pathlib import Path

README = (Path(__file__).resolve().parent.parent / "README.md").read_text()


def test_readme_python_runs(tmp_path, monkeypatch):
    import matplotlib

    matplotlib.use("Agg")
    blocks = re.findall(r"```python\n(.*?)```", README, flags=re.S)
    assert len(blocks) >= 2
    monkeypatch.chdir(tmp_path)
    (tmp_path / "self-care.txt").write_text("Stretch gently twice a day.")
    namespace: dict = {}
    for code in blocks:
        exec(compile(code, "README.md", "exec"), namespace)
    for name in ("gm.svg", "gm.pdf", "hip.pdf"):
        assert (tmp_path / name).exists(), name


def test_readme_commands_are_the_ci_ones():
    ci = (Path(__file__).resolve().parent.parent / ".ci" / "run").read_text()
    first_block = re.search(r"```bash\n(.*?)```", README, flags=re.S).group(1).splitlines()
    test_command = first_block[1].split("#")[0].strip()
    assert test_command in ci


def test_readme_counts_the_catalog():
    import painmap as pm

    stated = re.search(r"The catalog has (\d+) patterns", README)
    assert stated and int(stated.group(1)) == len(pm.muscles())
