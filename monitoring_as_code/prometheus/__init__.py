"""Prometheus: rules, rule unit tests, server configuration."""
