"""Malformed documents (wrong types anywhere) never crash a check: structure errors are the targets'
to report, and a check that raises would hide every other problem of the run."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_as_code.checks import all_checks
from monitoring_as_code.core.document import Document
from monitoring_as_code.core.project import Project
from monitoring_as_code.core.target import Context

KINDS = ("prometheus/rules", "loki/rules", "grafana/dashboard", "alertmanager/config", "promtail/config", "prometheus/config")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=12))
KEYS = st.sampled_from(
    ["groups", "rules", "alert", "record", "expr", "for", "labels", "annotations", "interval", "panels", "targets",
     "datasource", "type", "fieldConfig", "templating", "list", "route", "routes", "matchers", "match", "match_re",
     "receiver", "receivers", "inhibit_rules", "source_matchers", "target_matchers", "scrape_configs",
     "pipeline_stages", "global", "external_labels", "scrape_interval", "spec", "kind", "severity", "summary"]
)
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=5)), max_leaves=25)

MALFORMED = [
    {"groups": [{"name": "g", "rules": [{"alert": "A", "expr": 1, "labels": ["x"], "annotations": None}]}]},
    {"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "sum(", "for": 5}]}]},
    {"groups": [{"name": "g", "interval": [], "rules": [{"record": None, "expr": "up", "labels": {"a": 1}}]}]},
    {"panels": [{"type": None, "targets": [{"expr": 5}, "x"], "fieldConfig": []}], "templating": {"list": "x"}},
    {"panels": "x", "rows": [{"panels": [{"targets": None}]}]},
    {"route": {"routes": [None, {"matchers": ["=broken"], "routes": "x"}]}, "inhibit_rules": [{"source_matchers": 1}]},
    {"scrape_configs": [{"pipeline_stages": [{"labels": None}, {"match": {"stages": "x"}}]}]},
    {"global": {"scrape_interval": 5, "external_labels": []}, "scrape_configs": [{"job_name": 1}]},
]


def _run(data) -> None:
    docs = [Document(kind=kind, data=data, file="x.yml", text=None) for kind in KINDS]
    ctx = Context(project=Project(root="."), documents=docs)
    for check in all_checks():
        for doc in docs:
            if doc.kind in check.kinds:
                check.check(doc, ctx)
        check.check_all(ctx)


def test_known_malformed_documents():
    for data in MALFORMED:
        _run(data)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values)
def test_random_structures(data):
    _run(data)
