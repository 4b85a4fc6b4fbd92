"""diplomacy-kg: turn news about diplomacy into a knowledge graph."""

__version__ = "0.1.0"
