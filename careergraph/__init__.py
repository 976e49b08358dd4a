"""careergraph: career pathways into technical project and program management, as a graph."""

from careergraph.native import guard

__version__ = "0.1.0"

# The pathway search compiled, or from source when the build is stale or CAREERGRAPH_PURE
# is set (careergraph/native.py): before any of its modules is imported.
guard()
