"""Go text/template syntax of alert labels and annotations, checked as Prometheus parses them.

Prometheus parses each label and annotation of an alerting rule as a Go template with its
own functions and the variables ``$labels``, ``$externalLabels``, ``$externalURL`` and
``$value`` predeclared. This module reproduces the parse-time errors Go reports (unclosed
actions, undefined functions and variables, unbalanced ``{{ if }}``/``{{ end }}``, empty
pipelines...), so a broken template is found without promtool and at its line.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from monitoring_as_code.prometheus.dialect import NEWEST, TEMPLATE_BUILTINS, TEMPLATE_FUNCTIONS_2_42, Dialect

PREDECLARED = ("$", "$labels", "$externalLabels", "$externalURL", "$value")
HINT = (
    "Prometheus templates are Go templates: {{ $labels.job }}, {{ $value | humanize }}, "
    "{{ if gt $value 0.5 }}...{{ end }} (https://prometheus.io/docs/prometheus/latest/configuration/template_reference/)"
)
_KEYWORDS = {"block", "break", "continue", "define", "else", "end", "if", "range", "template", "with"}
_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<string>"(?:[^"\\\n]|\\.)*")
  | (?P<raw>`[^`]*`)
  | (?P<char>'(?:[^'\\\n]|\\.)+')
  | (?P<declare>:=)
  | (?P<assign>=)
  | (?P<number>[+-]?(?:0[xX][0-9a-fA-F_]+|(?:\d[\d_]*\.?[\d_]*|\.\d[\d_]*)(?:[eE][+-]?\d+)?i?))
  | (?P<variable>\$[A-Za-z0-9_]*)
  | (?P<field>(?:\.[A-Za-z_][A-Za-z0-9_]*)+)
  | (?P<baddot>(?<=[\w)])\.)
  | (?P<dot>\.)
  | (?P<ident>[A-Za-z_][A-Za-z0-9_]*)
  | (?P<pipe>\|)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<comma>,)
    """,
    re.VERBOSE,
)


class Token(NamedTuple):
    kind: str
    word: str
    spaced: bool  # preceded by white space


class TemplateError(ValueError):
    """A template parse error, worded like Go's."""


_TRIM_RIGHT = re.compile(r"\s-$")  # ` -}}` trims the text after the action


def _actions(text: str) -> list[str]:
    """The insides of every ``{{ }}`` action (comments dropped); raises on unclosed ones."""
    actions: list[str] = []
    pos = 0
    while True:
        start = text.find("{{", pos)
        if start < 0:
            return actions
        inner = start + 2
        if text.startswith("-", inner) and inner + 1 < len(text) and text[inner + 1] in " \t\r\n":
            inner += 2
        stripped = text[inner:].lstrip(" \t\r\n")
        if stripped.startswith("/*"):
            comment_start = len(text) - len(stripped)
            end = text.find("*/", comment_start + 2)
            if end < 0:
                raise TemplateError("unclosed comment")
            after = text[end + 2 :]
            trimmed = after.lstrip(" \t\r\n")
            if trimmed.startswith("-}}") and trimmed is not after:
                trimmed = trimmed[1:]
            if not trimmed.startswith("}}"):
                raise TemplateError("comment ends before closing delimiter")
            pos = len(text) - len(trimmed) + 2
            continue
        end = _action_end(text, inner)
        body = text[inner:end]
        actions.append(_TRIM_RIGHT.sub("", body))
        pos = end + 2


def _action_end(text: str, pos: int) -> int:
    """Index of the ``}}`` closing the action at ``pos`` (quotes may hold ``}}``)."""
    while pos < len(text):
        ch = text[pos]
        if ch in "\"'`":
            close = text.find("`", pos + 1) if ch == "`" else _quote_end(text, pos, ch)
            if close < 0:
                raise TemplateError("unterminated quoted string" if ch != "`" else "unterminated raw quoted string")
            pos = close + 1
            continue
        if text.startswith("}}", pos):
            return pos
        pos += 1
    raise TemplateError("unclosed action")


def _quote_end(text: str, pos: int, quote: str) -> int:
    i = pos + 1
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == "\n":
            return -1
        if text[i] == quote:
            return i
        i += 1
    return -1


def _tokens(action: str) -> list[Token]:
    out: list[Token] = []
    spaced = True
    pos = 0
    while pos < len(action):
        match = _TOKEN.match(action, pos)
        if not match:
            raise TemplateError(f"unexpected {action[pos]!r} in command")
        kind = match.lastgroup or ""
        if kind == "baddot":
            raise TemplateError("unexpected <.> in operand")
        if kind in ("string", "char") and not _valid_escapes(match.group()[1:-1], match.group()[0]):
            raise TemplateError("invalid syntax")
        if kind == "number" and re.match(r"^[+-]?0\d*[89]", match.group()) and "." not in match.group():
            raise TemplateError(f"integer overflow: {match.group()!r}")
        if kind in _WORDS and match.end() < len(action) and action[match.end()] not in _TERMINATORS:
            bad = action[match.end()]  # Go's lexer: a name must end at a terminator (`$x="a"` is an error)
            raise TemplateError(f"bad character U+{ord(bad):04X}" + (f" '{bad}'" if bad.isprintable() else ""))
        if kind != "space":
            out.append(Token(kind, match.group(), spaced))
        spaced = kind == "space"
        pos = match.end()
    return out


#: tokens Go's lexer scans as names, and what may follow one (its ``atTerminator``)
_WORDS = ("variable", "field", "ident")
_TERMINATORS = frozenset(" \t\r\n.,|:()")


_ESCAPE = re.compile(r"\\(?:[abfnrtv\\]|x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|[0-7]{3}|(.))")


def _valid_escapes(body: str, quote: str) -> bool:
    """Go's strconv.Unquote escapes; a quote escape is valid only for its own quote."""
    for match in _ESCAPE.finditer(body):
        other = match.group(1)
        if other is not None and other != quote:
            return False
    return True


_TERMS = ("string", "raw", "char", "number", "dot")


def _check_adjacent(before: Token, token: Token) -> None:
    """Go wants operands apart: `$labels.job` is one operand, `1"a"` or `true.x` are errors."""
    if token.kind == "field":
        if before.kind in _TERMS or before.word in ("true", "false", "nil"):
            raise TemplateError(f"unexpected . after term {before.word!r}")
        return
    raise TemplateError(f"unexpected {token.word!r} in operand")


class _Parser:
    def __init__(self, functions: frozenset[str]) -> None:
        self.functions = functions
        self.scopes: list[set[str]] = [set(PREDECLARED)]
        self.blocks: list[str] = []

    def action(self, tokens: list[Token]) -> None:
        if not tokens:
            raise TemplateError("missing value for command")
        kind, word, _ = tokens[0]
        if kind == "ident" and word in _KEYWORDS:
            self.keyword(word, tokens[1:])
        else:
            self.pipeline(tokens, "command")

    def keyword(self, word: str, rest: list[Token]) -> None:
        if word in ("if", "with", "range"):
            self.scopes.append(set())
            self.pipeline(rest, word, allow_two=word == "range")
            self.blocks.append(word)
        elif word == "else":
            if self.blocks and self.blocks[-1].endswith("-else"):
                raise TemplateError("expected end; found {{else}}")
            if not self.blocks or self.blocks[-1] not in ("if", "with", "range"):
                raise TemplateError("unexpected {{else}}")
            if self.blocks[-1] == "if" and rest and rest[0][:2] == ("ident", "if"):
                self.pipeline(rest[1:], "if")  # `else if` keeps the chain open
            elif rest:
                raise TemplateError(f"unexpected <{rest[0][1]}> in else")
            else:
                self.blocks[-1] += "-else"  # a second plain {{else}} is an error
        elif word == "end":
            if rest:
                raise TemplateError(f"unexpected {rest[0][1]!r} in end")
            if not self.blocks:
                raise TemplateError("unexpected {{end}}")
            self.blocks.pop()
            self.scopes.pop()
        elif word in ("break", "continue"):
            if not any(b.startswith("range") for b in self.blocks):
                raise TemplateError(f"{{{{{word}}}}} outside {{{{range}}}}")
            if rest:
                raise TemplateError(f"unexpected {rest[0][1]!r} in {word}")
        elif word in ("template", "block", "define"):
            if not rest or rest[0][0] not in ("string", "raw"):
                raise TemplateError(f"unexpected {rest[0][1] if rest else 'end of action'!r} in {word} clause")
            if word == "define" and self.blocks:
                raise TemplateError("unexpected define: definitions are only allowed at top level")
            if len(rest) > 1:
                self.pipeline(rest[1:], word)
            if word != "template":
                self.scopes.append({"$"} if word == "define" else set())
                self.blocks.append(word)

    def pipeline(self, tokens: list[Token], context: str, allow_two: bool = False) -> None:
        """A pipeline, with its optional ``$x :=`` (``$i, $e :=`` in range) declaration."""
        if not tokens:
            raise TemplateError(f"missing value for {context}")
        names: list[str] = []
        if len(tokens) >= 2 and tokens[0][0] == "variable" and tokens[1][0] in ("declare", "assign"):
            names, tokens = [tokens[0][1]], tokens[2:]
        elif allow_two and len(tokens) >= 4 and tokens[0][0] == "variable" and tokens[1][0] == "comma" \
                and tokens[2][0] == "variable" and tokens[3][0] in ("declare", "assign"):
            names, tokens = [tokens[0][1], tokens[2][1]], tokens[4:]
        if names:  # Go declares the variable before parsing the rest of the pipeline
            self.scopes[-1].update(names)
        if not tokens:
            raise TemplateError(f"missing value for {context}")
        commands: list[list[Token]] = [[]]
        depth = 0
        for token in tokens:
            if token[0] == "pipe" and depth == 0:
                commands.append([])
                continue
            depth += {"lparen": 1, "rparen": -1}.get(token[0], 0)
            if depth < 0:
                raise TemplateError("unexpected right paren")
            commands[-1].append(token)
        if depth:
            raise TemplateError("unclosed left paren")
        if len(commands) > 1 and not commands[-1]:
            commands.pop()  # Go's parser accepts a trailing `|`
        for stage, command in enumerate(commands[1:], 2):
            if command and (command[0].kind in _TERMS or command[0].word in ("true", "false", "nil")):
                raise TemplateError(f"non executable command in pipeline stage {stage}")
        for command in commands:
            self.command(command)

    def command(self, tokens: list[Token]) -> None:
        if not tokens:
            raise TemplateError("missing value for command")
        i = 0
        while i < len(tokens):
            kind, word, spaced = tokens[i]
            if i and not spaced and kind != "rparen" and tokens[i - 1].kind != "lparen":
                _check_adjacent(tokens[i - 1], tokens[i])
            if kind == "lparen":
                depth, j = 1, i + 1
                while depth:
                    depth += {"lparen": 1, "rparen": -1}.get(tokens[j][0], 0)
                    j += 1
                self.pipeline(tokens[i + 1 : j - 1], "parenthesized pipeline")
                i = j
                if i < len(tokens) and tokens[i][0] == "field":
                    i += 1
                continue
            if kind == "ident":
                if word in ("true", "false", "nil"):
                    pass
                elif word in _KEYWORDS:
                    raise TemplateError(f"unexpected <{word}> in operand")
                elif word not in self.functions:
                    raise TemplateError(f"function {word!r} not defined")
            elif kind == "variable":
                self.use(word)
            elif kind in ("declare", "assign", "comma"):
                raise TemplateError(f"unexpected {word!r} in operand")
            i += 1

    def use(self, name: str) -> None:
        if not any(name in scope for scope in self.scopes):
            raise TemplateError(f"undefined variable {name!r}")

    def finish(self) -> None:
        if self.blocks:
            block = self.blocks[-1].split("-")[0]
            raise TemplateError(f"unexpected EOF: {{{{{block}}}}} has no {{{{end}}}}")


# Most alert templates only print a label or the value, maybe through one function
# (`{{ $labels.job }}`, `{{ $value | humanize }}`): one regex tells such a text is valid in every
# version, without the lexer. Spaces only, so Go's trim markers (`{{- `, ` -}}`) read as here.
_EVERY_VERSION_FUNCTIONS = "|".join(sorted(TEMPLATE_BUILTINS | TEMPLATE_FUNCTIONS_2_42, key=len, reverse=True))
_SIMPLE_ACTION = (
    r"\{\{(?:- )? *"
    r"(?:\$labels\.[A-Za-z_][A-Za-z0-9_]*|\$externalLabels\.[A-Za-z_][A-Za-z0-9_]*|\$value|\$externalURL)"
    rf"(?: *\| *(?:{_EVERY_VERSION_FUNCTIONS}))?"
    r" *(?: -)?\}\}"
)
_PLAIN_TEXT = r"(?:[^{]|\{(?!\{))*"
_SIMPLE_TEMPLATE = re.compile(rf"{_PLAIN_TEXT}(?:{_SIMPLE_ACTION}{_PLAIN_TEXT})*")


@lru_cache(maxsize=4096)
def _check(text: str, functions: frozenset[str]) -> str | None:
    if "{{" not in text or _SIMPLE_TEMPLATE.fullmatch(text):
        return None
    return _parse_error(text, functions)


def _parse_error(text: str, functions: frozenset[str]) -> str | None:
    """The error Go's template parser reports for ``text``, or ``None``."""
    try:
        parser = _Parser(functions)
        for body in _actions(text):
            tokens = _tokens(body)
            # A variable is usable only after the action that declares it.
            parser.action(tokens)
        parser.finish()
    except TemplateError as exc:
        return str(exc)
    except IndexError:
        return "unexpected end of action"
    return None


def template_error(text: object, dialect: Dialect = NEWEST) -> str | None:
    """Why ``text`` is not a valid Prometheus alert template, or ``None``."""
    if not isinstance(text, str) or "{{" not in text:
        return None  # plain text: no action to parse
    return _check(text, dialect.template_functions())


def validate_template(text: object, field: str) -> None:
    """Raise ``ValueError`` naming ``field`` when ``text`` is not a valid template (construction-time check)."""
    error = template_error(text)
    if error:
        raise ValueError(f"{field}: template: {error}; {HINT}")
