"""Grafana Alloy configuration, converted from our Promtail definitions the way
``alloy convert --source-format=promtail`` does (same components, labels, argument names)."""
