"""Test helpers offered to users: pytest fixtures, an in-process CLI runner, a Grafana emulator."""
