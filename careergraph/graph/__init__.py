"""The domain model (nodes, edges, datasets) and the graph backends."""
