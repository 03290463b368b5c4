"""URLPattern §2.1 parsing pattern strings into part lists, and §2.2-2.3 turning a
part list back into an (ECMAScript) regular expression and a pattern string."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from webstd.routing.tokenizer import Token, TokenType, is_valid_name_code_point, tokenize

PartType = Literal["fixed-text", "regexp", "segment-wildcard", "full-wildcard"]
PartModifier = Literal["none", "optional", "zero-or-more", "one-or-more"]
EncodingCallback = Callable[[str], str]

# URLPattern §2.2 "full wildcard regexp value"
FULL_WILDCARD_REGEXP_VALUE = ".*"


@dataclass(frozen=True, slots=True)
class Options:
    """URLPattern §2.1.4 options: delimiter and prefix code points, and ignore case."""

    delimiter_code_point: str
    prefix_code_point: str
    ignore_case: bool = False


# URLPattern "default options", "hostname options", "pathname options"
DEFAULT_OPTIONS = Options("", "")
HOSTNAME_OPTIONS = Options(".", "")
PATHNAME_OPTIONS = Options("/", "/")


@dataclass(slots=True)
class Part:
    """URLPattern §2.1.3 part: one piece of a pattern (fixed text or one matching group)."""

    type: PartType
    value: str
    modifier: PartModifier
    name: str = ""
    prefix: str = ""
    suffix: str = ""


_MODIFIERS: dict[str, PartModifier] = {"?": "optional", "*": "zero-or-more", "+": "one-or-more"}
_MODIFIER_STRINGS: dict[PartModifier, str] = {
    "none": "",
    "optional": "?",
    "zero-or-more": "*",
    "one-or-more": "+",
}


def generate_segment_wildcard_regexp(options: Options) -> str:
    """URLPattern "generate a segment wildcard regexp"."""
    return "[^" + escape_regexp_string(options.delimiter_code_point) + "]+?"


class _PatternParser:
    __slots__ = (
        "encoding_callback",
        "index",
        "input",
        "next_numeric_name",
        "part_list",
        "pending_fixed_value",
        "segment_wildcard_regexp",
        "token_list",
    )

    def __init__(self, input: str, options: Options, encoding_callback: EncodingCallback) -> None:
        self.input = input
        self.encoding_callback = encoding_callback
        self.segment_wildcard_regexp = generate_segment_wildcard_regexp(options)
        self.token_list = tokenize(input, "strict")
        self.part_list: list[Part] = []
        self.pending_fixed_value = ""
        self.index = 0
        self.next_numeric_name = 0

    # URLPattern "try to consume a token"
    def try_consume(self, type: TokenType) -> Token | None:
        next_token = self.token_list[self.index]
        if next_token.type != type:
            return None
        self.index += 1
        return next_token

    # URLPattern "try to consume a modifier token"
    def try_consume_modifier(self) -> Token | None:
        token = self.try_consume("other-modifier")
        if token is not None:
            return token
        return self.try_consume("asterisk")

    # URLPattern "try to consume a regexp or wildcard token"
    def try_consume_regexp_or_wildcard(self, name_token: Token | None) -> Token | None:
        token = self.try_consume("regexp")
        if name_token is None and token is None:
            token = self.try_consume("asterisk")
        return token

    # URLPattern "consume a required token"
    def consume_required(self, type: TokenType) -> Token:
        result = self.try_consume(type)
        if result is None:
            found = self.token_list[self.index]
            raise TypeError(
                f"URLPattern: invalid pattern {self.input!r}: expected {type} "
                f"but found {found.type} {found.value!r} at index {found.index}"
            )
        return result

    # URLPattern "consume text"
    def consume_text(self) -> str:
        result = ""
        while True:
            token = self.try_consume("char")
            if token is None:
                token = self.try_consume("escaped-char")
            if token is None:
                return result
            result += token.value

    # URLPattern "maybe add a part from the pending fixed value"
    def maybe_add_part_from_pending_fixed_value(self) -> None:
        if self.pending_fixed_value == "":
            return
        encoded_value = self.encoding_callback(self.pending_fixed_value)
        self.pending_fixed_value = ""
        self.part_list.append(Part("fixed-text", encoded_value, "none"))

    # URLPattern "add a part"
    def add_part(
        self,
        prefix: str,
        name_token: Token | None,
        regexp_or_wildcard_token: Token | None,
        suffix: str,
        modifier_token: Token | None,
    ) -> None:
        modifier: PartModifier = "none"
        if modifier_token is not None:
            modifier = _MODIFIERS[modifier_token.value]
        if name_token is None and regexp_or_wildcard_token is None and modifier == "none":
            self.pending_fixed_value += prefix
            return
        self.maybe_add_part_from_pending_fixed_value()
        if name_token is None and regexp_or_wildcard_token is None:
            if prefix == "":
                return
            self.part_list.append(Part("fixed-text", self.encoding_callback(prefix), modifier))
            return
        if regexp_or_wildcard_token is None:
            regexp_value = self.segment_wildcard_regexp
        elif regexp_or_wildcard_token.type == "asterisk":
            regexp_value = FULL_WILDCARD_REGEXP_VALUE
        else:
            regexp_value = regexp_or_wildcard_token.value
        type: PartType = "regexp"
        if regexp_value == self.segment_wildcard_regexp:
            type = "segment-wildcard"
            regexp_value = ""
        elif regexp_value == FULL_WILDCARD_REGEXP_VALUE:
            type = "full-wildcard"
            regexp_value = ""
        name = ""
        if name_token is not None:
            name = name_token.value
        elif regexp_or_wildcard_token is not None:
            name = str(self.next_numeric_name)
            self.next_numeric_name += 1
        if any(part.name == name for part in self.part_list):
            raise TypeError(f"URLPattern: invalid pattern {self.input!r}: duplicate name {name!r}")
        encoded_prefix = self.encoding_callback(prefix)
        encoded_suffix = self.encoding_callback(suffix)
        self.part_list.append(
            Part(type, regexp_value, modifier, name, encoded_prefix, encoded_suffix)
        )

    def parse(self, options: Options) -> list[Part]:
        # URLPattern §2.1.5 "parse a pattern string", the loop
        while self.index < len(self.token_list):
            char_token = self.try_consume("char")
            name_token = self.try_consume("name")
            regexp_or_wildcard_token = self.try_consume_regexp_or_wildcard(name_token)
            if name_token is not None or regexp_or_wildcard_token is not None:
                prefix = char_token.value if char_token is not None else ""
                if prefix not in ("", options.prefix_code_point):
                    self.pending_fixed_value += prefix
                    prefix = ""
                self.maybe_add_part_from_pending_fixed_value()
                modifier_token = self.try_consume_modifier()
                self.add_part(prefix, name_token, regexp_or_wildcard_token, "", modifier_token)
                continue
            fixed_token = char_token
            if fixed_token is None:
                fixed_token = self.try_consume("escaped-char")
            if fixed_token is not None:
                self.pending_fixed_value += fixed_token.value
                continue
            open_token = self.try_consume("open")
            if open_token is not None:
                prefix = self.consume_text()
                name_token = self.try_consume("name")
                regexp_or_wildcard_token = self.try_consume_regexp_or_wildcard(name_token)
                suffix = self.consume_text()
                self.consume_required("close")
                modifier_token = self.try_consume_modifier()
                self.add_part(prefix, name_token, regexp_or_wildcard_token, suffix, modifier_token)
                continue
            self.maybe_add_part_from_pending_fixed_value()
            self.consume_required("end")
        return self.part_list


def parse_pattern_string(
    input: str, options: Options, encoding_callback: EncodingCallback
) -> list[Part]:
    """URLPattern §2.1.5 "parse a pattern string" into a part list."""
    return _PatternParser(input, options, encoding_callback).parse(options)


# URLPattern "escape a regexp string"
_REGEXP_SPECIALS = frozenset(".+*?^${}()[]|/\\")


def escape_regexp_string(input: str) -> str:
    """URLPattern "escape a regexp string": backslash every regexp syntax character."""
    return "".join("\\" + c if c in _REGEXP_SPECIALS else c for c in input)


# URLPattern "escape a pattern string"
_PATTERN_SPECIALS = frozenset("+*?:{}()\\")


def escape_pattern_string(input: str) -> str:
    """URLPattern "escape a pattern string": backslash every pattern syntax character."""
    return "".join("\\" + c if c in _PATTERN_SPECIALS else c for c in input)


def generate_regular_expression_and_name_list(
    part_list: list[Part], options: Options
) -> tuple[str, list[str]]:
    """URLPattern §2.2 "generate a regular expression and name list" (ECMAScript syntax)."""
    result = "^"
    name_list: list[str] = []
    segment_wildcard = generate_segment_wildcard_regexp(options)
    for part in part_list:
        modifier = _MODIFIER_STRINGS[part.modifier]
        if part.type == "fixed-text":
            if part.modifier == "none":
                result += escape_regexp_string(part.value)
            else:
                result += "(?:" + escape_regexp_string(part.value) + ")" + modifier
            continue
        name_list.append(part.name)
        regexp_value = part.value
        if part.type == "segment-wildcard":
            regexp_value = segment_wildcard
        elif part.type == "full-wildcard":
            regexp_value = FULL_WILDCARD_REGEXP_VALUE
        prefix = escape_regexp_string(part.prefix)
        suffix = escape_regexp_string(part.suffix)
        if part.prefix == "" and part.suffix == "":
            if part.modifier in ("none", "optional"):
                result += "(" + regexp_value + ")" + modifier
            else:
                result += "((?:" + regexp_value + ")" + modifier + ")"
            continue
        if part.modifier in ("none", "optional"):
            result += "(?:" + prefix + "(" + regexp_value + ")" + suffix + ")" + modifier
            continue
        result += (
            "(?:"
            + prefix
            + "((?:"
            + regexp_value
            + ")(?:"
            + suffix
            + prefix
            + "(?:"
            + regexp_value
            + "))*)"
            + suffix
            + ")"
        )
        if part.modifier == "zero-or-more":
            result += "?"
    result += "$"
    return result, name_list


def generate_pattern_string(part_list: list[Part], options: Options) -> str:
    """URLPattern §2.3 "generate a pattern string" (the normalized pattern)."""
    result = ""
    last = len(part_list) - 1
    for index, part in enumerate(part_list):
        previous_part = part_list[index - 1] if index > 0 else None
        next_part = part_list[index + 1] if index < last else None
        if part.type == "fixed-text":
            if part.modifier == "none":
                result += escape_pattern_string(part.value)
                continue
            result += "{" + escape_pattern_string(part.value) + "}"
            result += _MODIFIER_STRINGS[part.modifier]
            continue
        custom_name = not part.name[0].isdigit() or not part.name[0].isascii()
        needs_grouping = part.suffix != "" or part.prefix not in ("", options.prefix_code_point)
        if (
            not needs_grouping
            and custom_name
            and part.type == "segment-wildcard"
            and part.modifier == "none"
            and next_part is not None
            and next_part.prefix == ""
            and next_part.suffix == ""
        ):
            if next_part.type == "fixed-text":
                needs_grouping = next_part.value != "" and is_valid_name_code_point(
                    next_part.value[0], False
                )
            else:
                needs_grouping = next_part.name[0].isdigit() and next_part.name[0].isascii()
        if (
            not needs_grouping
            and part.prefix == ""
            and previous_part is not None
            and previous_part.type == "fixed-text"
            and previous_part.value != ""
            and previous_part.value[-1] == options.prefix_code_point
        ):
            needs_grouping = True
        if needs_grouping:
            result += "{"
        result += escape_pattern_string(part.prefix)
        if custom_name:
            result += ":" + part.name
        if part.type == "regexp":
            result += "(" + part.value + ")"
        elif part.type == "segment-wildcard" and not custom_name:
            result += "(" + generate_segment_wildcard_regexp(options) + ")"
        elif part.type == "full-wildcard":
            if not custom_name and (
                previous_part is None
                or previous_part.type == "fixed-text"
                or previous_part.modifier != "none"
                or needs_grouping
                or part.prefix != ""
            ):
                result += "*"
            else:
                result += "(" + FULL_WILDCARD_REGEXP_VALUE + ")"
        if (
            part.type == "segment-wildcard"
            and custom_name
            and part.suffix != ""
            and is_valid_name_code_point(part.suffix[0], False)
        ):
            result += "\\"
        result += escape_pattern_string(part.suffix)
        if needs_grouping:
            result += "}"
        result += _MODIFIER_STRINGS[part.modifier]
    return result
