"""Property test: queries generated from LogQL's grammar always parse, with the right kind."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from monitoring_as_code.loki.logql import parse

names = st.sampled_from(["job", "app", "level", "service", "status", "namespace", "pod"])
values = st.text(alphabet="abcdefghij-_0123456789", min_size=1, max_size=8)


@st.composite
def selectors(draw):
    first = f'{draw(names)}="{draw(values)}"'
    rest = draw(st.lists(st.builds(lambda n, o, v: f'{n}{o}"{v}"', names, st.sampled_from(["=", "!=", "=~", "!~"]),
                                   values), max_size=2))
    return "{" + ", ".join([first] + rest) + "}"


line_filters = st.builds(lambda op, v, alt: f'{op} "{v}"' + (f' or "{alt}"' if alt else ""),
                         st.sampled_from(["|=", "!=", "|~", "!~"]), values, st.one_of(st.none(), values))
parsers = st.sampled_from(["| json", "| logfmt", '| json a="b.c"', "| logfmt --strict", "| unpack",
                           '| regexp `(?P<x>\\w+)`', '| pattern "<_> <x>"', "| decolorize"])
label_filters = st.builds(lambda n, f: f"| {n}{f}", names, st.sampled_from(
    ['="x"', '!="x"', '=~"x.+"', ">= 500", "> 1.5s", "< 10KB", '="a" or status == 2', '="a", b != "c"']))
formats = st.sampled_from(['| line_format "{{.msg}}"', '| label_format lvl=level', "| drop level",
                           '| keep job, level="x"'])
# drop/keep take matchers (`| drop level != "x"`), so a line filter right after them would be read as one:
# as in Loki, formats come last here.
stages = st.builds(lambda body, tail: body + tail, st.lists(st.one_of(line_filters, parsers, label_filters), max_size=5),
                   st.lists(formats, max_size=2))
durations = st.sampled_from(["30s", "1m", "5m", "1h", "1h30m", "1d"])


@st.composite
def log_queries(draw):
    return draw(selectors()) + "".join(" " + s for s in draw(stages))


@st.composite
def metric_queries(draw):
    log = draw(log_queries())
    func = draw(st.sampled_from(["count_over_time", "rate", "bytes_rate", "bytes_over_time", "absent_over_time"]))
    inner = f"{func}({log} [{draw(durations)}])"
    if draw(st.booleans()):
        unwrap = f"{log} | unwrap {draw(st.sampled_from(['latency', 'duration(d)', 'bytes(b)']))} [{draw(durations)}]"
        unwrapped = draw(st.sampled_from(["sum_over_time", "avg_over_time", "max_over_time", "rate_counter"]))
        inner = f"{unwrapped}({unwrap})" + draw(st.sampled_from(["", " by (job)", " without (pod)"]))
        if draw(st.booleans()):
            inner = f"quantile_over_time(0.9, {unwrap})"
    agg = draw(st.sampled_from(["", "sum", "avg", "max", "count", "topk(3,"]))
    if agg == "topk(3,":
        inner = f"topk(3, {inner})"
    elif agg:
        inner = f"{agg} by ({draw(names)}) ({inner})"
    op = draw(st.sampled_from(["", " > 0.1", " / 2", " > bool 1", " or vector(0)"]))
    return inner + op


@settings(max_examples=150, deadline=None)
@given(log_queries())
def test_generated_log_queries_parse(query):
    assert parse(query).kind == "log"


@settings(max_examples=150, deadline=None)
@given(metric_queries())
def test_generated_metric_queries_parse(query):
    assert parse(query).kind == "metric"
