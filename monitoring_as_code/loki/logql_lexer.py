"""Tokens of LogQL: strings (``"..."`` and raw backquotes), numbers, durations, byte sizes,
identifiers, ``--flags`` and operators, each with its offset for error columns."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DURATION_UNITS = ("ms", "s", "m", "h", "d", "w", "y", "ns", "us", "µs")
_BYTES = re.compile(r"(?i)^(b|kb|kib|mb|mib|gb|gib|tb|tib|pb|pib|eb|eib)$")
_NUMBER = re.compile(r"(?:0x[0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)")
_DURATION = re.compile(r"(?:\d+(?:\.\d+)?(?:ms|us|µs|ns|s|m|h|d|w|y))+")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_FLAG = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_OPERATORS = ("|=", "|~", "|>", "!=", "!~", "!>", "=~", "==", ">=", "<=", "|", "=", ">", "<", "(", ")", "{", "}",
              "[", "]", ",", "+", "-", "*", "/", "%", "^")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "\\": "\\", '"': '"', "'": "'", "a": "\a", "b": "\b", "f": "\f",
            "v": "\v"}


class LogQLSyntaxError(ValueError):
    """A LogQL syntax error at ``line``:``column`` (1-based), with a hint on how to fix it."""

    def __init__(self, message: str, offset: int, text: str, hint: str = "") -> None:
        self.offset = offset
        self.line = text.count("\n", 0, offset) + 1
        self.column = offset - (text.rfind("\n", 0, offset) + 1) + 1
        self.message = message
        self.hint = hint
        super().__init__(f"{self.line}:{self.column}: {message}" if "\n" in text else f"column {self.column}: {message}")


@dataclass(frozen=True)
class Token:
    """``kind`` is one of STR, NUM, DUR, BYTES, IDENT, FLAG, OP, EOF."""

    kind: str
    value: str
    pos: int


def tokenize(text: str) -> list[Token]:
    """The tokens of ``text``; raises :class:`LogQLSyntaxError` on an unterminated string or a stray character."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
        elif ch == "#":
            end = text.find("\n", i)
            i = n if end < 0 else end
        elif ch == '"':
            value, end = _string(text, i)
            tokens.append(Token("STR", value, i))
            i = end
        elif ch == "`":
            end = text.find("`", i + 1)
            if end < 0:
                raise LogQLSyntaxError("unterminated raw string", i, text, "close the string with a backquote `")
            tokens.append(Token("STR", text[i + 1:end], i))
            i = end + 1
        elif ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            i = _number(text, i, tokens)
        elif ch == "-" and text.startswith("--", i) and (flag := _FLAG.match(text, i + 2)):
            tokens.append(Token("FLAG", "--" + flag.group(), i))
            i = flag.end()
        elif ident := _IDENT.match(text, i):
            tokens.append(Token("IDENT", ident.group(), i))
            i = ident.end()
        else:
            for op in _OPERATORS:
                if text.startswith(op, i):
                    tokens.append(Token("OP", op, i))
                    i += len(op)
                    break
            else:
                raise LogQLSyntaxError(f"unexpected character {ch!r}", i, text,
                                       "strings need double quotes or backquotes; operators are |= != |~ !~ | = =~")
    tokens.append(Token("EOF", "", n))
    return tokens


def _string(text: str, i: int) -> tuple[str, int]:
    out: list[str] = []
    j = i + 1
    while j < len(text):
        ch = text[j]
        if ch == "\\":
            nxt = text[j + 1:j + 2]
            if nxt in _ESCAPES:
                out.append(_ESCAPES[nxt])
                j += 2
                continue
            if nxt == "u" and re.fullmatch(r"[0-9a-fA-F]{4}", text[j + 2:j + 6]):
                out.append(chr(int(text[j + 2:j + 6], 16)))
                j += 6
                continue
            raise LogQLSyntaxError(f"invalid escape sequence \\{nxt} in string", j, text,
                                   'in double quotes a backslash must be escaped: write "\\\\d" for the regex \\d, '
                                   "or use a backquoted raw string: `\\d`")
        if ch == '"':
            return "".join(out), j + 1
        if ch == "\n":
            break
        out.append(ch)
        j += 1
    raise LogQLSyntaxError("unterminated string", i, text, 'close the string with a double quote "')


def _number(text: str, i: int, tokens: list[Token]) -> int:
    duration = _DURATION.match(text, i)
    if duration and not (text[duration.end():duration.end() + 1].isalnum()):
        tokens.append(Token("DUR", duration.group(), i))
        return duration.end()
    number = _NUMBER.match(text, i)
    assert number is not None  # the caller saw a digit (or a dot and a digit)
    end = number.end()
    unit = _IDENT.match(text, end)
    if unit and _BYTES.match(unit.group()):
        tokens.append(Token("BYTES", text[i:unit.end()], i))
        return unit.end()
    if unit:
        raise LogQLSyntaxError(f"unknown unit {unit.group()!r} after {number.group()}", end, text,
                               "durations use ms, s, m, h, d, w, y (e.g. 5m); byte sizes use B, KB, KiB, MB, MiB...")
    tokens.append(Token("NUM", number.group(), i))
    return end


_KIND_NAMES = {"STR": "a quoted string", "NUM": "a number", "DUR": "a duration", "IDENT": "a name", "OP": "an operator"}


class TokenStream:
    """A cursor over the tokens of ``text``, with the helpers every parser part uses."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def peek(self, offset: int = 1) -> Token:
        return self.tokens[min(self.i + offset, len(self.tokens) - 1)]

    def at(self, kind: str, value: str | None = None) -> bool:
        return self.tok.kind == kind and (value is None or self.tok.value == value)

    def advance(self) -> Token:
        token = self.tok
        self.i += 1
        return token

    def error(self, message: str, hint: str = "", token: Token | None = None) -> LogQLSyntaxError:
        """An error at ``token`` (default: the current one, named in the message as what was found)."""
        if token is not None:
            return LogQLSyntaxError(message, token.pos, self.text, hint)
        token = self.tok
        found = "the end of the query" if token.kind == "EOF" else repr(token.value)
        return LogQLSyntaxError(f"{message}, found {found}", token.pos, self.text, hint)

    def expect(self, kind: str, value: str | None = None, hint: str = "") -> Token:
        if not self.at(kind, value):
            raise self.error(f"expected {repr(value) if value else _KIND_NAMES[kind]}", hint)
        return self.advance()
