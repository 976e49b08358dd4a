"""Reading datasets (YAML, JSON node-link, CSV) into the model, with validation."""

from careergraph.loaders.dataset import DEFAULT_DATA_DIR, load_dataset, read_sources

__all__ = ["DEFAULT_DATA_DIR", "load_dataset", "read_sources"]
