"""Queries over any backend: path, plan, reach, show, search, and named Cypher (*.cypher)."""
