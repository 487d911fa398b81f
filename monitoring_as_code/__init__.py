"""monitoring-as-code: monitoring definitions as reviewed, tested Python code.

Targets live in subpackages (``monitoring_as_code.prometheus``, ``.grafana``,
``.alertmanager``, ``.loki``...); importing this package stays cheap so the
CLI starts fast.
"""

__version__ = "0.1.0"
__all__ = ["__version__"]
