"""`careergraph serve`: the local explorer, a face beside cli.py (Starlette app, uvicorn)."""
