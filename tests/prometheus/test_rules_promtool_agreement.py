"""Our in-process verdict and promtool's never disagree on validity.

Each table (and each batch hypothesis draws) is checked by promtool in one process: one small
rule or test file per case, and promtool's per-file verdict compared with ours.
"""

from __future__ import annotations

import json
import re
import subprocess

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from monitoring_as_code.core.problem import Severity
from monitoring_as_code.prometheus.dialect import Dialect
from monitoring_as_code.prometheus.durations import duration_error
from monitoring_as_code.prometheus.names import label_name_error, metric_name_error
from monitoring_as_code.prometheus.promql import expr_issues
from monitoring_as_code.prometheus.series import values_error
from monitoring_as_code.prometheus.templates import template_error

DIALECT = Dialect.parse("2.42")

EXPRESSIONS = r"""
up
up == 0
sum by (job) (rate(http_requests_total{code=~"5.."}[5m])) / sum by (job) (rate(http_requests_total[5m])) > 0.05
histogram_quantile(0.95, sum by (le, job) (rate(http_server_requests_seconds_bucket[5m])))
x offset 5
x offset -5m
x @ start()
x[5m:1m]
rate(x[5m])[30m:1m]
rate(x)
rate(x[5m]
foo{
sum(x) by (a)
sum without () (x)
count_values("v", x)
topk(3, x)
topk(x, 3)
limitk(2, x)
info(up)
holt_winters(x[5m], 0.5, 0.5)
double_exponential_smoothing(x[5m], 0.5, 0.5)
sort_by_label(x, "a")
histogram_avg(x)
histogram_count(x)
histogram_fraction(0, 1, x)
{"my.metric"}
sum by ("job") (x)
x{a="1" or b="2"}
{__name__="a"}
x{__name__="a"}
x{a="\d"}
x{a=~"("}
x{a='b'}
x{a=`b`}
x{a="b",}
1 and 2
x and on(a) y
x / on(a) group_left(b) y
x > bool 1
1 > 1
x[1h30m]
x[1.5h]
x[5m1h]
x[5]
x[100ms]
x[1y]
label_replace(x, "a", "$1", "b", "(.*)")
label_join(x, "a", ",")
abs(x, y)
sum()
vector(1)
time()
-x
x ^ 2 ^ 3
"str"
x # comment
x{a="offset 5"}
absent(nonexistent{job="x"})
present_over_time(x[5m])
min_over_time(rate(x[5m])[1h:5m])
day_of_week()
predict_linear(x[5m], -1)
quantile("a", x)
job:x:rate5moffset -1h
time() - 1h
x > 1h30m
x @ 1h
rate(x[5m])[1h:] offset 1d
""".strip().splitlines()

TEMPLATES = r"""
{{ $labels.job }}
{{ $labels.job
{{ $value | humanize }}
{{ humanizePercentage $value }}
{{ $foo }}
{{ $foo := 1 }}{{ $foo }}
{{ if gt $value 0.5 }}high{{ end }}
{{ if gt $value 0.5 }}high
{{ end }}
{{ if $value }}a{{ else if $labels }}b{{ else }}c{{ end }}
{{ if 1 }}{{ else }}{{ else }}{{ end }}
{{ range $i, $e := $labels }}{{ $i }}={{ $e }}{{ end }}
{{ break }}
{{ with $labels.job }}{{ . }}{{ end }}
{{ printf "%.2f" $value }}
{{ | printf }}
{{}}
{{ foo }}
{{ safeURL "x" }}
{{ stripDomain "x" }}
{{ toTime 1 }}
{{ query "up" | first | value | humanize }}
{{/* a comment */}}
{{/* unclosed comment }}
{{- $labels.job -}}
{{ "unterminated }}
{{ "\q" }}
{{ 08 }}
{{ (printf "%s" $labels.job }}
{{ printf "%s" $labels.job) }}
{{ $labels. }}
{{ $externalLabels.cluster }} {{ $externalURL }}
{{ template "x" }}
{{ define "x" }}a{{ end }}
{{ index $labels "job" }}
{{ reReplaceAll "a" "b" $labels.job }}
{{ with . }}{{ else with . }}{{ end }}
a }} b
""".strip().splitlines()

SERIES = [
    "1+0x10", "_", "stale", "0+10x5 100+0x5", "_x3", "1e3", "-Inf", "NaN", "nan", "1-1x3", "5x2", ".5", "1+1",
    "x5", "1,2", "0x1F", "1x", "_x", "stale+1x2", "1+Infx2", "1 _ 2 stale 3", "1+2x0", "-1x3",
]

DURATIONS = ["5m", "1h30m", "0", "0s", "90s", "1m1h", "5", "1.5h", "-5m", "1d", "1w", "1y", "100ms", "5M", "", "5m5m", "5m\n"]

LABEL_NAMES = ["job", "_x", "job\n", "1a", "a.b", "a-b", "__name__", "ünï", ""]
RECORD_NAMES = ["job:x:rate5m", "x", "job:x\n", "1x", "a.b", ":x"]


def promtool_verdicts(promtool: str, tmp_path, files: dict[str, str], verb: str) -> dict[str, bool]:
    """file name -> promtool found it valid (one process for all files)."""
    for name, text in files.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    proc = subprocess.run(
        [promtool, verb, "rules", *files], cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, check=False,
    )
    if verb == "test":
        sections = re.split(r"^Unit Testing:\s+(\S+)\s*$", proc.stdout, flags=re.MULTILINE)
        return {sections[i]: "FAILED" not in sections[i + 1] for i in range(1, len(sections), 2)}
    bad = set(re.findall(r"^(case\d+\.yml): ", proc.stdout, re.MULTILINE))
    return {name: name not in bad for name in files}


def rule_file(expr: str = "up", template: str | None = None, duration: str | None = None) -> str:
    rule = {"alert": "A", "expr": expr}
    if duration is not None:
        rule["for"] = duration
    if template is not None:
        rule["annotations"] = {"x": template}
    return json.dumps({"groups": [{"name": "g", "rules": [rule]}]})


def our_expr_verdict(expr: str) -> bool:
    return not [i for i in expr_issues(expr, DIALECT) if i.severity >= Severity.BUG]


def compare(promtool, tmp_path, cases: list, texts: list[str], ours, verb: str = "check") -> None:
    files = {f"case{i}.yml": text for i, text in enumerate(texts)}
    theirs = promtool_verdicts(promtool, tmp_path, files, verb)
    disagreements = [
        (case, ours(case), theirs[f"case{i}.yml"]) for i, case in enumerate(cases) if ours(case) != theirs[f"case{i}.yml"]
    ]
    assert disagreements == [], "(case, ours, promtool): " + repr(disagreements)


def test_promql_verdicts_agree(promtool, tmp_path):
    compare(promtool, tmp_path, EXPRESSIONS, [rule_file(e) for e in EXPRESSIONS], our_expr_verdict)


def test_template_verdicts_agree(promtool, tmp_path):
    compare(promtool, tmp_path, TEMPLATES, [rule_file(template=t) for t in TEMPLATES],
            lambda t: template_error(t, DIALECT) is None)


def test_duration_verdicts_agree(promtool, tmp_path):
    compare(promtool, tmp_path, DURATIONS, [rule_file(duration=d) for d in DURATIONS],
            lambda d: duration_error(d) is None)


def test_label_name_verdicts_agree(promtool, tmp_path):
    texts = [json.dumps({"groups": [{"name": "g", "rules": [{"alert": "A", "expr": "up", "labels": {n: "x"}}]}]})
             for n in LABEL_NAMES]
    compare(promtool, tmp_path, LABEL_NAMES, texts, lambda n: label_name_error(n) is None)


def test_recording_rule_name_verdicts_agree(promtool, tmp_path):
    texts = [json.dumps({"groups": [{"name": "g", "rules": [{"record": n, "expr": "up"}]}]}) for n in RECORD_NAMES]
    compare(promtool, tmp_path, RECORD_NAMES, texts, lambda n: metric_name_error(n) is None)


def test_series_notation_verdicts_agree(promtool, tmp_path):
    (tmp_path / "r.yml").write_text("groups: []\n")
    texts = [json.dumps({"rule_files": ["r.yml"], "tests": [{"input_series": [{"series": "up", "values": v}]}]})
             for v in SERIES]
    compare(promtool, tmp_path, SERIES, texts, lambda v: values_error(v) is None, verb="test")


# ---- generated expressions: valid ones and mutations of them ----

_NAMES = st.sampled_from(["up", "http_requests_total", "node_cpu_seconds_total", "job:x:rate5m", "a_b"])
_LABELS = st.sampled_from(["job", "instance", "le", "code", "a-b", "1x", "__name__"])
_RANGES = st.sampled_from(["5m", "1h", "30s", "1h30m", "5", "1.5m", "5x", "0s", "1m:30s", "10m:"])


@st.composite
def selectors(draw) -> str:
    name = draw(_NAMES)
    matchers = draw(st.lists(st.tuples(_LABELS, st.sampled_from(["=", "!=", "=~", "!~"]),
                                       st.sampled_from(['"a"', '"5.."', '"("', "'x'", '"\\d"', '""'])), max_size=2))
    inner = ",".join(f"{label}{op}{value}" for label, op, value in matchers)
    return f"{name}{{{inner}}}" if matchers or draw(st.booleans()) else name


@st.composite
def expressions(draw, depth: int = 0) -> str:
    kind = draw(st.sampled_from(["selector", "range", "call", "agg", "binary", "number"] if depth < 2 else ["selector"]))
    if kind == "selector":
        expr = draw(selectors())
        if draw(st.booleans()):
            expr += draw(st.sampled_from([" offset 5m", " offset 5", " @ start()", " @ 100", " offset -1h"]))
        return expr
    if kind == "number":
        return draw(st.sampled_from(["1", "0.5", "1e3", "Inf", "NaN", "0x1F", "-2", "1h", "5m30s"]))
    if kind == "range":
        return f"{draw(selectors())}[{draw(_RANGES)}]"
    if kind == "call":
        name = draw(st.sampled_from(["rate", "irate", "increase", "abs", "sort", "absent_over_time", "clamp_min",
                                     "limitk", "info", "holt_winters", "histogram_quantile", "vector", "time"]))
        arg = draw(expressions(depth + 1))
        return f"{name}({arg})" if draw(st.booleans()) else f"{name}({draw(selectors())}[{draw(_RANGES)}])"
    if kind == "agg":
        op = draw(st.sampled_from(["sum", "avg", "max", "count", "topk", "quantile", "group"]))
        grouping = draw(st.sampled_from(["", " by (job)", " without (instance)", " by (job, le)", ' by ("job")']))
        param = "3, " if op in ("topk", "quantile") and draw(st.booleans()) else ""
        return f"{op}{grouping} ({param}{draw(expressions(depth + 1))})"
    op = draw(st.sampled_from(["+", "/", ">", "> bool", "==", "and", "or", "unless", "^", "%", "/ on(job) group_left"]))
    return f"{draw(expressions(depth + 1))} {op} {draw(expressions(depth + 1))}"


@st.composite
def maybe_broken(draw) -> str:
    expr = draw(expressions())
    mutation = draw(st.sampled_from(["none", "none", "drop", "insert"]))
    if mutation != "none" and expr:
        at = draw(st.integers(0, len(expr) - 1))
        expr = expr[:at] + expr[at + 1:] if mutation == "drop" else expr[:at] + draw(st.sampled_from("()[]{},\"=")) + expr[at:]
    return expr


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(maybe_broken(), min_size=60, max_size=60))
def test_generated_promql_verdicts_agree(promtool, tmp_path_factory, batch):
    tmp_path = tmp_path_factory.mktemp("promql")
    compare(promtool, tmp_path, batch, [rule_file(e) for e in batch], our_expr_verdict)


# ---- generated templates: fragments of Go template syntax in random order ----

_TEMPLATE_PIECES = [
    "{{", "}}", "{{-", "-}}", " ", "$labels", ".job", "$value", "|", "humanize", "printf", '"%s"', "if", "else", "end",
    "range", "with", "$x", ":=", "=", "(", ")", "1", "0.5", "gt", "eq", "and", "not", "text", "\n", "$", ".", "nil",
    "true", "define", "template", '"t"', "break", "/*", "*/", ",", "$i", "`raw`", "'c'", "toUpper", "foo", "len",
]


@st.composite
def templates(draw) -> str:
    pieces = draw(st.lists(st.tuples(st.sampled_from(_TEMPLATE_PIECES), st.booleans()), min_size=1, max_size=12))
    return ("{{ " if draw(st.booleans()) else "") + "".join(p + (" " if spaced else "") for p, spaced in pieces)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(templates(), min_size=80, max_size=80))
def test_generated_template_verdicts_agree(promtool, tmp_path_factory, batch):
    tmp_path = tmp_path_factory.mktemp("templates")
    compare(promtool, tmp_path, batch, [rule_file(template=t) for t in batch],
            lambda t: template_error(t, DIALECT) is None)
