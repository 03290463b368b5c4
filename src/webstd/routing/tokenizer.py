"""URLPattern §2.1.2 tokenizing: split a pattern string into tokens.

The tokenizer is shared by the pattern parser ("strict": errors raise) and the
constructor string parser ("lenient": errors become ``invalid-char`` tokens).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TokenType = Literal[
    "open",
    "close",
    "regexp",
    "name",
    "char",
    "escaped-char",
    "other-modifier",
    "asterisk",
    "end",
    "invalid-char",
]
TokenizePolicy = Literal["strict", "lenient"]


@dataclass(frozen=True, slots=True)
class Token:
    """URLPattern §2.1.1 token: a type, the index of its first code point, and its value."""

    type: TokenType
    index: int
    value: str


def is_valid_name_code_point(code_point: str, first: bool) -> bool:
    """URLPattern "is a valid name code point": ECMAScript IdentifierStart / IdentifierPart."""
    if code_point in "$_":
        return True
    if first:
        return code_point.isidentifier()
    if code_point in "\u200c\u200d":
        return True
    return ("a" + code_point).isidentifier()


class _Tokenizer:
    __slots__ = ("code_point", "index", "input", "next_index", "policy", "token_list")

    def __init__(self, input: str, policy: TokenizePolicy) -> None:
        self.input = input
        self.policy = policy
        self.token_list: list[Token] = []
        self.index = 0
        self.next_index = 0
        self.code_point = ""

    # URLPattern "get the next code point"
    def get_next_code_point(self) -> None:
        self.code_point = self.input[self.next_index]
        self.next_index += 1

    # URLPattern "seek and get the next code point"
    def seek_and_get_next_code_point(self, index: int) -> None:
        self.next_index = index
        self.get_next_code_point()

    # URLPattern "add a token"
    def add_token(
        self, type: TokenType, next_position: int, value_position: int, value_length: int
    ) -> None:
        value = self.input[value_position : value_position + value_length]
        self.token_list.append(Token(type, self.index, value))
        self.index = next_position

    # URLPattern "add a token with default length"
    def add_token_with_default_length(
        self, type: TokenType, next_position: int, value_position: int
    ) -> None:
        self.add_token(type, next_position, value_position, next_position - value_position)

    # URLPattern "add a token with default position and length"
    def add_token_with_default_position_and_length(self, type: TokenType) -> None:
        self.add_token_with_default_length(type, self.next_index, self.index)

    # URLPattern "process a tokenizing error"
    def process_tokenizing_error(self, next_position: int, value_position: int) -> None:
        if self.policy == "strict":
            raise TypeError(
                f"URLPattern: invalid pattern {self.input!r}: unexpected "
                f"{self.input[value_position : next_position + 1]!r} at index {value_position}"
            )
        self.add_token_with_default_length("invalid-char", next_position, value_position)

    def tokenize_name(self) -> None:
        name_position = self.next_index
        name_start = name_position
        length = len(self.input)
        while name_position < length:
            self.seek_and_get_next_code_point(name_position)
            first = name_position == name_start
            if not is_valid_name_code_point(self.code_point, first):
                break
            name_position = self.next_index
        if name_position <= name_start:
            self.process_tokenizing_error(name_start, self.index)
            return
        self.add_token_with_default_length("name", name_position, name_start)

    def tokenize_regexp(self) -> None:
        depth = 1
        regexp_position = self.next_index
        regexp_start = regexp_position
        length = len(self.input)
        while regexp_position < length:
            self.seek_and_get_next_code_point(regexp_position)
            if not self.code_point.isascii():
                self.process_tokenizing_error(regexp_start, self.index)
                return
            if regexp_position == regexp_start and self.code_point == "?":
                self.process_tokenizing_error(regexp_start, self.index)
                return
            if self.code_point == "\\":
                if regexp_position == length - 1:
                    self.process_tokenizing_error(regexp_start, self.index)
                    return
                self.get_next_code_point()
                if not self.code_point.isascii():
                    self.process_tokenizing_error(regexp_start, self.index)
                    return
                regexp_position = self.next_index
                continue
            if self.code_point == ")":
                depth -= 1
                if depth == 0:
                    regexp_position = self.next_index
                    break
            elif self.code_point == "(":
                depth += 1
                if regexp_position == length - 1:
                    self.process_tokenizing_error(regexp_start, self.index)
                    return
                temporary_position = self.next_index
                self.get_next_code_point()
                if self.code_point != "?":
                    self.process_tokenizing_error(regexp_start, self.index)
                    return
                self.next_index = temporary_position
            regexp_position = self.next_index
        if depth != 0:
            self.process_tokenizing_error(regexp_start, self.index)
            return
        regexp_length = regexp_position - regexp_start - 1
        if regexp_length == 0:
            self.process_tokenizing_error(regexp_start, self.index)
            return
        self.add_token("regexp", regexp_position, regexp_start, regexp_length)


_SIMPLE: dict[str, TokenType] = {
    "*": "asterisk",
    "+": "other-modifier",
    "?": "other-modifier",
    "{": "open",
    "}": "close",
}


def tokenize(input: str, policy: TokenizePolicy) -> list[Token]:
    """URLPattern §2.1.2 "tokenize" a pattern string under the given policy."""
    tokenizer = _Tokenizer(input, policy)
    length = len(input)
    while tokenizer.index < length:
        tokenizer.seek_and_get_next_code_point(tokenizer.index)
        code_point = tokenizer.code_point
        simple = _SIMPLE.get(code_point)
        if simple is not None:
            tokenizer.add_token_with_default_position_and_length(simple)
        elif code_point == "\\":
            if tokenizer.index == length - 1:
                tokenizer.process_tokenizing_error(tokenizer.next_index, tokenizer.index)
                continue
            escaped_index = tokenizer.next_index
            tokenizer.get_next_code_point()
            tokenizer.add_token_with_default_length(
                "escaped-char", tokenizer.next_index, escaped_index
            )
        elif code_point == ":":
            tokenizer.tokenize_name()
        elif code_point == "(":
            tokenizer.tokenize_regexp()
        else:
            tokenizer.add_token_with_default_position_and_length("char")
    tokenizer.add_token_with_default_length("end", tokenizer.index, tokenizer.index)
    return tokenizer.token_list
