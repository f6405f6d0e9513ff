"""The corpus layer: the store as one model of a dynamic, not a pile of documents.

- `entities`: every actor mention resolved to one corpus entity with a stable id;
- `stories`: articles about the same happening, clustered across outlets;
- `build`: the corpus tables (entities, stories, event clusters), built incrementally;
- `queries`: dyad series, top dyads and actors, stances over time, outlets: plain records
  that the CLI, the report and the dashboard all render;
- `changes`: surges, drops, new dyads and emerging actors against each one's baseline;
- `assessment`: opportunities and risks for a focus entity across the corpus.
"""

from .build import BuildResult, build, pending_documents
from .search import search

__all__ = ["BuildResult", "build", "pending_documents", "search"]
