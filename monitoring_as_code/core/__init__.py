"""The target-independent core: resources, documents, problems, artifacts, the pipeline."""
