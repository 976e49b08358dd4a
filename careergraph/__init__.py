"""careergraph: career pathways into technical project and program management, as a graph."""

__version__ = "0.1.0"
