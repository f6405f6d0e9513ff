"""Actors: who is mentioned in a document, grouped into one record per real-world actor."""
