"""ECMAScript regular expressions (the ``v`` flag, as URLPattern compiles them) in Python ``re``.

URLPattern §1.4 "compile a component" runs RegExpCreate(pattern, "v" or "vi"). Python's
``re`` differs from ECMAScript in ways that change what matches (``\\d`` and ``\\w``
are Unicode-wide in Python but ASCII in ECMAScript, ``.`` excludes only ``\\n``,
``$`` also matches before a final newline, a backreference to a group that did
not participate fails instead of matching empty, ``v``-mode classes have set
operations), and in what it accepts (ECMAScript's ``u``/``v`` modes reject
identity escapes such as ``\\m``). So rather than handing the string to ``re``,
this module parses it with the ECMAScript grammar (ECMA-262 §22.2.1 Patterns,
UnicodeSetsMode), raising ``TypeError`` where RegExpCreate would throw a
SyntaxError, and writes an equivalent Python pattern. A quantified atom that can match
the empty string gets a guard so that, as in ECMAScript, an iteration past the minimum
may not match empty (Python would accept one and capture ""). A differential test runs
thousands of generated patterns through V8 (Node.js) and through this module.

Not supported (raise ``TypeError`` naming the construct): Unicode property escapes
other than General_Category values, ``Any``, ``ASCII`` and ``Assigned``;
variable-length lookbehind (Python's limit); duplicate group names. Known difference:
captures inside a repeated group keep the value of an earlier iteration where
ECMAScript resets them to undefined for each iteration.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import cache

_SYNTAX_CHARACTERS = frozenset("^$\\.*+?()[]{}|")
_CLASS_SET_SYNTAX = frozenset("()[]{}/-\\|")
_CLASS_SET_RESERVED_PUNCTUATORS = frozenset("&-!#%,:;<=>@`~")
_CLASS_SET_RESERVED_DOUBLE = frozenset("&!#$%*+,.:;<=>?@^`~")
_CONTROL_ESCAPES = {"f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}

_WORD = "0-9A-Za-z_"
_SPACE = "\\t\\n\\x0b\\x0c\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_LINE_TERMINATORS = "\\n\\r\\u2028\\u2029"
# ECMA-262 CharacterClassEscape: \d \s \w are ASCII / ECMAScript whitespace, not Python's.
_CLASS_ESCAPE_BODIES = {"d": "0-9", "w": _WORD, "s": _SPACE}
_WORD_BOUNDARY = f"(?:(?<=[{_WORD}])(?![{_WORD}])|(?<![{_WORD}])(?=[{_WORD}]))"
_NOT_WORD_BOUNDARY = f"(?:(?<=[{_WORD}])(?=[{_WORD}])|(?<![{_WORD}])(?![{_WORD}]))"

_GENERAL_CATEGORY_ALIASES = {
    "Letter": "L", "Cased_Letter": "LC", "Uppercase_Letter": "Lu", "Lowercase_Letter": "Ll",
    "Titlecase_Letter": "Lt", "Modifier_Letter": "Lm", "Other_Letter": "Lo", "Mark": "M",
    "Combining_Mark": "M", "Nonspacing_Mark": "Mn", "Spacing_Mark": "Mc", "Enclosing_Mark": "Me",
    "Number": "N", "Decimal_Number": "Nd", "digit": "Nd", "Letter_Number": "Nl",
    "Other_Number": "No", "Punctuation": "P", "punct": "P", "Connector_Punctuation": "Pc",
    "Dash_Punctuation": "Pd", "Open_Punctuation": "Ps", "Close_Punctuation": "Pe",
    "Initial_Punctuation": "Pi", "Final_Punctuation": "Pf", "Other_Punctuation": "Po",
    "Symbol": "S", "Math_Symbol": "Sm", "Currency_Symbol": "Sc", "Modifier_Symbol": "Sk",
    "Other_Symbol": "So", "Separator": "Z", "Space_Separator": "Zs", "Line_Separator": "Zl",
    "Paragraph_Separator": "Zp", "Other": "C", "Control": "Cc", "cntrl": "Cc", "Format": "Cf",
    "Surrogate": "Cs", "Private_Use": "Co", "Unassigned": "Cn",
}  # fmt: skip
_GENERAL_CATEGORY_VALUES = frozenset(_GENERAL_CATEGORY_ALIASES.values()) | frozenset(
    [
        "Lu",
        "Ll",
        "Lt",
        "Lm",
        "Lo",
        "Mn",
        "Mc",
        "Me",
        "Nd",
        "Nl",
        "No",
        "Pc",
        "Pd",
        "Ps",
        "Pe",
        "Pi",
        "Pf",
        "Po",
        "Sm",
        "Sc",
        "Sk",
        "So",
        "Zs",
        "Zl",
        "Zp",
        "Cc",
        "Cf",
        "Cs",
        "Co",
        "Cn",
    ]
)


class _RegExpSyntaxError(TypeError):
    pass


def _char(code_point: int) -> str:
    """A Python-pattern spelling of one code point that is literal anywhere."""
    c = chr(code_point)
    if c.isascii() and (c.isalnum() or c == "_"):
        return c
    if code_point < 0x10000:
        return f"\\u{code_point:04x}"
    return f"\\U{code_point:08x}"


@cache
def _general_category_body(category: str) -> str:
    """A class body for one General_Category value, built from ``unicodedata``."""
    ranges: list[tuple[int, int]] = []
    for code_point in range(sys.maxunicode + 1):
        actual = unicodedata.category(chr(code_point))
        if actual == category or (
            actual[0] == category
            if len(category) == 1
            else category == "LC" and actual in ("Lu", "Ll", "Lt")
        ):
            if ranges and ranges[-1][1] == code_point - 1:
                ranges[-1] = (ranges[-1][0], code_point)
            else:
                ranges.append((code_point, code_point))
    return "".join(_char(a) if a == b else f"{_char(a)}-{_char(b)}" for a, b in ranges)


@dataclass
class _ClassSet:
    """A parsed character class: a Python class body for its single characters, plus
    whole expressions (complements, intersections, strings) that are unioned with it."""

    body: str = ""
    exprs: list[str] = field(default_factory=list)
    strings: list[str] = field(default_factory=list)

    def expression(self) -> str:
        alternatives = sorted(self.strings, key=len, reverse=True)
        alternatives += self.exprs
        if self.body or not alternatives:
            alternatives.append(f"[{self.body}]" if self.body else "(?!)")
        return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"

    def is_simple(self) -> bool:
        return not self.exprs and not self.strings


@dataclass
class Translation:
    """A Python pattern equivalent to an ECMAScript pattern, and where its groups are."""

    pattern: str
    group_count: int  # ECMAScript capturing groups n = 1.. are the Python groups "g<n>"
    unnamed_groups: list[int]


class _Translator:
    """ECMA-262 §22.2.1 pattern grammar (UnicodeSetsMode), one method per production.

    Every ECMAScript capturing group n becomes the Python named group ``g<n>``, so
    that the guards below (Python groups of their own) do not shift the numbering.
    """

    def __init__(self, source: str) -> None:
        self.source = source
        self.pos = 0
        self.group_count = 0
        self.guard_count = 0
        self.unnamed_groups: list[int] = []
        self.group_names: dict[str, int] = {}
        self.closed_groups: set[int] = set()
        self.last_char = 0  # the code point of the last ClassSetCharacter read
        self.total_groups, self.all_names = self._prescan()

    def error(self, message: str) -> _RegExpSyntaxError:
        return _RegExpSyntaxError(
            f"URLPattern: invalid regular expression /{self.source}/v: {message} at index {self.pos}"
        )

    def _prescan(self) -> tuple[int, set[str]]:
        # ECMA-262 §22.2.1: backreferences may point forward, so count groups first.
        count = 0
        names: set[str] = set()
        i, depth, source = 0, 0, self.source
        while i < len(source):
            c = source[i]
            if c == "\\":
                i += 2
                continue
            if c == "[":
                depth += 1
            elif c == "]" and depth:
                depth -= 1
            elif c == "(" and not depth:
                if not source.startswith("?", i + 1):
                    count += 1
                elif source.startswith("?<", i + 1) and source[i + 3 : i + 4] not in ("=", "!"):
                    count += 1
                    end = source.find(">", i + 3)
                    if end != -1:
                        names.add(source[i + 3 : end])
            i += 1
        return count, names

    def peek(self, offset: int = 0) -> str:
        index = self.pos + offset
        return self.source[index] if index < len(self.source) else ""

    def eat(self, text: str) -> bool:
        if self.source.startswith(text, self.pos):
            self.pos += len(text)
            return True
        return False

    def translate(self) -> Translation:
        pattern, _ = self.disjunction(dot_all=False, multiline=False)
        if self.pos < len(self.source):
            raise self.error(f"unmatched {self.peek()!r}")
        for index in range(1, self.guard_count + 1):
            placeholder = f"\x00m{index}\x00"
            if placeholder in pattern:
                # every Python group here is named, so its number is its rank among "(?P<"
                number = pattern[: pattern.index(f"(?P<m{index}>")].count("(?P<") + 1
                pattern = pattern.replace(placeholder, str(number))
        return Translation(pattern, self.group_count, self.unnamed_groups)

    # ECMA-262 Disjunction :: Alternative ( | Alternative )*  -> (pattern, can match empty)
    def disjunction(self, dot_all: bool, multiline: bool) -> tuple[str, bool]:
        pattern, nullable = self.alternative(dot_all, multiline)
        alternatives = [pattern]
        while self.eat("|"):
            pattern, alternative_nullable = self.alternative(dot_all, multiline)
            alternatives.append(pattern)
            nullable = nullable or alternative_nullable
        return "|".join(alternatives), nullable

    # ECMA-262 Alternative :: Term*
    def alternative(self, dot_all: bool, multiline: bool) -> tuple[str, bool]:
        out: list[str] = []
        nullable = True
        while self.pos < len(self.source) and self.peek() not in "|)":
            atom, quantifiable, atom_nullable = self.term(dot_all, multiline)
            quantifier = self.quantifier()
            if quantifier:
                if not quantifiable:
                    raise self.error("nothing to repeat")
                minimum = 0 if quantifier[0] in "*?" else 1 if quantifier[0] == "+" else None
                if minimum is None:
                    minimum = int(quantifier[1:].split(",")[0].rstrip("}?"))
                if atom_nullable and minimum <= 1:
                    atom = self.guard(atom, first_may_be_empty=minimum == 1)
                if minimum == 0:
                    atom_nullable = True
                atom = f"(?:{atom}){quantifier}"
            out.append(atom)
            nullable = nullable and atom_nullable
        return "".join(out), nullable

    def guard(self, atom: str, first_may_be_empty: bool) -> str:
        """ECMA-262 RepeatMatcher: once the minimum is reached, an iteration that matches
        the empty string fails (so `(a|)?` leaves its capture undefined, where Python's
        `re` would capture ""). The guard captures the rest of the input before the
        iteration and refuses to end where it started; with a minimum of one, a marker
        group set by the first iteration switches the check on for the next ones."""
        self.guard_count += 1
        rest, marker = f"r{self.guard_count}", f"m{self.guard_count}"
        start = f"(?=(?P<{rest}>[\\s\\S]*))"
        refuse_empty = f"(?!(?P={rest})\\Z)"
        if not first_may_be_empty:
            return start + atom + refuse_empty
        # the marker is defined later in the pattern: `translate` turns its name into a number
        return f"{start}{atom}(?(\x00{marker}\x00){refuse_empty})(?P<{marker}>)"

    def quantifier(self) -> str:
        c = self.peek()
        if c in ("*", "+", "?"):
            self.pos += 1
            result = c
        elif c == "{":
            match = re.compile(r"\{(\d+)(,(\d*))?\}").match(self.source, self.pos)
            if match is None:
                raise self.error("lone quantifier bracket")
            low, comma, high = match.group(1), match.group(2), match.group(3)
            if high and int(high) < int(low):
                raise self.error("numbers out of order in {} quantifier")
            self.pos = match.end()
            result = "{" + low + (("," + high) if comma else "") + "}"
        else:
            return ""
        if self.eat("?"):
            result += "?"
        return result

    def term(self, dot_all: bool, multiline: bool) -> tuple[str, bool, bool]:
        """ECMA-262 Term: (pattern, quantifiable, can match empty)."""
        c = self.peek()
        self.pos += 1
        if c == "^":
            return ("(?m:^)" if multiline else "^"), False, True
        if c == "$":
            return (f"(?=[{_LINE_TERMINATORS}]|\\Z)" if multiline else "\\Z"), False, True
        if c == ".":
            return ("[\\s\\S]" if dot_all else f"[^{_LINE_TERMINATORS}]"), True, False
        if c == "(":
            return self.group(dot_all, multiline)
        if c == "[":
            return self.character_class().expression(), True, False
        if c == "\\":
            return self.atom_escape()
        if c in ")]{}|*+?":
            self.pos -= 1
            raise self.error(f"unexpected {c!r}")
        return _char(ord(c)), True, False

    def group(self, dot_all: bool, multiline: bool) -> tuple[str, bool, bool]:
        if self.eat("?:"):
            inner, nullable = self.close_group(dot_all, multiline)
            return "(?:" + inner, True, nullable
        for ecma in ("?=", "?!", "?<=", "?<!"):
            if self.eat(ecma):
                inner, _ = self.close_group(dot_all, multiline)
                return "(" + ecma + inner, False, True
        if self.eat("?<"):
            end = self.source.find(">", self.pos)
            name = self.source[self.pos : end] if end != -1 else ""
            if not name or (not name.isidentifier() and not _is_js_identifier(name)):
                raise self.error(f"invalid capture group name {name!r}")
            if name in self.group_names:
                raise self.error(f"duplicate capture group name {name!r}")
            self.pos = end + 1
            return self.capturing_group(dot_all, multiline, name)
        if self.peek() == "?":
            return self.modifiers_group(dot_all, multiline)
        return self.capturing_group(dot_all, multiline, None)

    def capturing_group(
        self, dot_all: bool, multiline: bool, name: str | None
    ) -> tuple[str, bool, bool]:
        self.group_count += 1
        number = self.group_count
        if name is None:
            self.unnamed_groups.append(number)
        else:
            self.group_names[name] = number
        inner, nullable = self.close_group(dot_all, multiline)
        self.closed_groups.add(number)
        return f"(?P<g{number}>" + inner, True, nullable

    def modifiers_group(self, dot_all: bool, multiline: bool) -> tuple[str, bool, bool]:
        # ECMA-262 (?ims-ims: Disjunction ) modifiers
        match = re.compile(r"\?([ims]*)(?:-([ims]*))?:").match(self.source, self.pos)
        if match is None or (match.group(2) is not None and not (match.group(1) or match.group(2))):
            raise self.error("invalid group")
        add, remove = match.group(1), match.group(2) or ""
        if len(set(add + remove)) != len(add + remove):
            raise self.error("repeated flag in modifiers")
        self.pos = match.end()
        dot_all = (dot_all or "s" in add) and "s" not in remove
        multiline = (multiline or "m" in add) and "m" not in remove
        flags = ("i" if "i" in add else "") + ("-i" if "i" in remove else "")
        prefix = f"(?{flags}:" if flags else "(?:"
        inner, nullable = self.close_group(dot_all, multiline)
        return prefix + inner, True, nullable

    def close_group(self, dot_all: bool, multiline: bool) -> tuple[str, bool]:
        inner, nullable = self.disjunction(dot_all, multiline)
        if not self.eat(")"):
            raise self.error("unterminated group")
        return inner + ")", nullable

    def atom_escape(self) -> tuple[str, bool, bool]:
        c = self.peek()
        if c == "":
            raise self.error("\\ at end of pattern")
        if c == "b":
            self.pos += 1
            return _WORD_BOUNDARY, False, True
        if c == "B":
            self.pos += 1
            return _NOT_WORD_BOUNDARY, False, True
        if c in "123456789":
            match = re.compile(r"\d+").match(self.source, self.pos)
            assert match is not None
            number = int(match.group())
            if number > self.total_groups:
                raise self.error(f"invalid backreference \\{number}")
            self.pos = match.end()
            return self.backreference(number)
        if c == "k":
            self.pos += 1
            if not self.eat("<"):
                raise self.error("invalid named reference")
            end = self.source.find(">", self.pos)
            name = self.source[self.pos : end] if end != -1 else ""
            if name not in self.all_names:
                raise self.error(f"invalid named reference {name!r}")
            self.pos = end + 1
            return self.backreference(self.group_names.get(name, 0))
        class_set = self.class_escape()
        if class_set is not None:
            return class_set.expression(), True, False
        return _char(self.character_escape(in_class=False)), True, False

    def backreference(self, number: int) -> tuple[str, bool, bool]:
        # ECMA-262 BackreferenceMatcher: a group that has not captured (not yet closed,
        # or not participating) matches the empty string, where Python's \\N fails.
        if number not in self.closed_groups:
            return "", True, True
        return f"(?:(?(g{number})(?P=g{number})))", True, True

    def class_escape(self) -> _ClassSet | None:
        """ECMA-262 CharacterClassEscape (\\d \\D \\s \\S \\w \\W \\p{..} \\P{..}), or None."""
        c = self.peek()
        lower = c.lower()
        if lower in _CLASS_ESCAPE_BODIES:
            self.pos += 1
            body = _CLASS_ESCAPE_BODIES[lower]
            return _ClassSet(body) if c == lower else _ClassSet(exprs=[f"[^{body}]"])
        if c in ("p", "P"):
            self.pos += 1
            match = re.compile(r"\{([A-Za-z_]+)(?:=([A-Za-z_0-9]+))?\}").match(
                self.source, self.pos
            )
            if match is None:
                raise self.error("invalid property name")
            self.pos = match.end()
            body = self.property_body(match.group(1), match.group(2))
            return _ClassSet(body) if c == "p" else _ClassSet(exprs=[f"[^{body}]"])
        return None

    def property_body(self, name: str, value: str | None) -> str:
        if value is None:
            if name == "Any":
                return "\\x00-\\U0010ffff"
            if name == "ASCII":
                return "\\x00-\\x7f"
            if name == "Assigned":
                return "".join(
                    _general_category_body(cat)
                    for cat in sorted(_GENERAL_CATEGORY_VALUES)
                    if len(cat) == 2 and cat not in ("Cn", "LC")
                )
            value = name
        elif name not in ("General_Category", "gc"):
            raise self.error(f"unsupported property escape {name}={value} in this implementation")
        category = _GENERAL_CATEGORY_ALIASES.get(value, value)
        if category not in _GENERAL_CATEGORY_VALUES:
            raise self.error(f"invalid or unsupported property name {value!r}")
        return _general_category_body(category)

    def character_escape(self, in_class: bool) -> int:
        """ECMA-262 CharacterEscape (u/v mode), after the backslash; returns the code point."""
        c = self.peek()
        self.pos += 1
        if c in _CONTROL_ESCAPES:
            return ord(_CONTROL_ESCAPES[c])
        if c == "c":
            letter = self.peek()
            if letter.isascii() and letter.isalpha():
                self.pos += 1
                return ord(letter) % 32
            raise self.error("invalid unicode escape \\c")
        if c == "0" and not self.peek().isdigit():
            return 0
        if c == "x":
            match = re.compile(r"[0-9A-Fa-f]{2}").match(self.source, self.pos)
            if match is None:
                raise self.error("invalid escape \\x")
            self.pos = match.end()
            return int(match.group(), 16)
        if c == "u":
            return self.unicode_escape()
        if c in _SYNTAX_CHARACTERS or c == "/":
            return ord(c)
        if in_class and (c in _CLASS_SET_RESERVED_PUNCTUATORS or c == "b"):
            return 8 if c == "b" else ord(c)
        self.pos -= 1
        raise self.error(f"invalid escape \\{c}")

    def unicode_escape(self) -> int:
        if self.eat("{"):
            match = re.compile(r"[0-9A-Fa-f]+\}").match(self.source, self.pos)
            if match is None or int(match.group()[:-1], 16) > 0x10FFFF:
                raise self.error("invalid unicode escape")
            self.pos = match.end()
            return int(match.group()[:-1], 16)
        match = re.compile(r"[0-9A-Fa-f]{4}").match(self.source, self.pos)
        if match is None:
            raise self.error("invalid unicode escape")
        self.pos = match.end()
        code_unit = int(match.group(), 16)
        if 0xD800 <= code_unit <= 0xDBFF:
            trail = re.compile(r"\\u(d[c-f][0-9a-f]{2})", re.I).match(self.source, self.pos)
            if trail is not None:
                self.pos = trail.end()
                low = int(trail.group(1), 16)
                return 0x10000 + ((code_unit - 0xD800) << 10) + (low - 0xDC00)
        return code_unit

    # ECMA-262 CharacterClass in UnicodeSetsMode: [ ^? ClassContents ]
    def character_class(self) -> _ClassSet:
        negated = self.eat("^")
        contents = self.class_contents()
        if not self.eat("]"):
            raise self.error("unterminated character class")
        if not negated:
            return contents
        if contents.strings:
            raise self.error("negated character class may contain strings")
        if contents.is_simple():
            return _ClassSet(exprs=[f"[^{contents.body}]" if contents.body else "[\\s\\S]"])
        return _ClassSet(exprs=[f"(?:(?!{contents.expression()})[\\s\\S])"])

    def class_contents(self) -> _ClassSet:
        if self.peek() == "]":
            return _ClassSet()
        first, first_is_range = self.class_set_operand_or_range()
        if self.source.startswith("&&", self.pos) or self.source.startswith("--", self.pos):
            if first_is_range:  # ClassSetRange is no ClassSetOperand
                raise self.error("invalid set operation in character class")
            operator = self.source[self.pos : self.pos + 2]
            result = first
            while self.eat(operator):
                if operator == "&&" and self.peek() == "&":
                    raise self.error("invalid set operation in character class")
                operand, _ = self.class_set_operand()
                if operator == "&&":
                    result = _ClassSet(
                        exprs=[f"(?:(?={operand.expression()}){result.expression()})"]
                    )
                else:
                    result = _ClassSet(
                        exprs=[f"(?:(?!{operand.expression()}){result.expression()})"]
                    )
            if self.peek() != "]":
                raise self.error("invalid set operation in character class")
            return result
        union = first
        while self.peek() not in ("]", ""):
            if self.source.startswith("&&", self.pos) or self.source.startswith("--", self.pos):
                raise self.error("invalid set operation in character class")
            item, _ = self.class_set_operand_or_range()
            union = _ClassSet(
                union.body + item.body, union.exprs + item.exprs, union.strings + item.strings
            )
        return union

    def class_set_operand_or_range(self) -> tuple[_ClassSet, bool]:
        """A ClassSetRange or ClassSetOperand, and whether it was a range."""
        start = self.pos
        operand, is_char = self.class_set_operand()
        if is_char and self.peek() == "-" and self.peek(1) != "-":
            self.pos += 1
            low = self.last_char
            _, end_is_char = self.class_set_operand()
            if not end_is_char:
                raise self.error("invalid character class range")
            high = self.last_char
            if high < low:
                self.pos = start
                raise self.error("range out of order in character class")
            return _ClassSet(f"{_char(low)}-{_char(high)}"), True
        return operand, False

    def class_set_operand(self) -> tuple[_ClassSet, bool]:
        c = self.peek()
        if c == "":
            raise self.error("unterminated character class")
        if c == "[":
            self.pos += 1
            return self.character_class(), False
        if c == "\\":
            self.pos += 1
            if self.eat("q{"):
                return self.class_string_disjunction(), False
            class_set = self.class_escape()
            if class_set is not None:
                return class_set, False
            self.last_char = self.character_escape(in_class=True)
            return _ClassSet(_char(self.last_char)), True
        if c in _CLASS_SET_SYNTAX:
            raise self.error(f"{c!r} must be escaped in a character class")
        if c in _CLASS_SET_RESERVED_DOUBLE and self.peek(1) == c:
            raise self.error(f"{c + c!r} is reserved in a character class")
        self.pos += 1
        self.last_char = ord(c)
        return _ClassSet(_char(self.last_char)), True

    def class_string_disjunction(self) -> _ClassSet:
        # ECMA-262 ClassStringDisjunction :: \q{ ClassString ( | ClassString )* }
        result = _ClassSet()
        current: list[str] = []
        while True:
            c = self.peek()
            if c == "":
                raise self.error("unterminated \\q{")
            if c in ("|", "}"):
                self.pos += 1
                if len(current) == 1:
                    result.body += current[0]
                else:
                    result.strings.append("".join(current))
                current = []
                if c == "}":
                    return result
                continue
            if c == "\\":
                self.pos += 1
                current.append(_char(self.character_escape(in_class=True)))
                continue
            if c in _CLASS_SET_SYNTAX:
                raise self.error(f"{c!r} must be escaped in \\q{{}}")
            self.pos += 1
            current.append(_char(ord(c)))


def _is_js_identifier(name: str) -> bool:
    return all(
        ch in "$_" or (ch.isidentifier() if i == 0 else ("a" + ch).isidentifier())
        for i, ch in enumerate(name)
    )


def captures(match: re.Match[str], translation: Translation) -> list[str | None]:
    """The captures of `match` in ECMAScript's numbering (index 0: the whole match)."""
    group = match.group
    return [group(0), *(group(f"g{n}") for n in range(1, translation.group_count + 1))]


def translate(source: str) -> Translation:
    """Parse an ECMAScript ``v``-mode pattern and return an equivalent Python pattern.

    Raises TypeError where ECMAScript's RegExpCreate would raise a SyntaxError.
    """
    return _Translator(source).translate()


def compile_pattern(source: str, ignore_case: bool) -> tuple[re.Pattern[str], Translation]:
    """RegExpCreate(source, "v" or "vi") as a compiled Python pattern, and the translation
    (where the unnamed capturing groups, the URLPattern parts, are)."""
    try:
        translation = translate(source)
    except RecursionError:
        raise TypeError(
            f"URLPattern: regular expression /{source[:40]}.../v nests too deeply"
        ) from None
    flags = re.IGNORECASE if ignore_case else 0
    try:
        compiled = re.compile(translation.pattern, flags)
    except (re.error, RecursionError, OverflowError) as error:
        raise TypeError(
            f"URLPattern: regular expression /{source}/v is not supported: {error}"
        ) from None
    return compiled, translation
