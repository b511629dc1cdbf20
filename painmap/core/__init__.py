"""The ground floor: what every other part of painmap stands on, importing nothing of painmap.

Errors (:mod:`.errors`), checks of user input that return parsed values
(:mod:`.checks`), text measuring (:mod:`.text`), safe file writing
(:mod:`.files`), the disk cache (:mod:`.cache`) and the figure cache of the
command line (:mod:`.figcache`), and where the shipped assets
are (:mod:`.assets`, :mod:`.toml`).
"""
