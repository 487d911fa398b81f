"""One module per CLI verb; see ``monitoring_as_code.cli``."""
