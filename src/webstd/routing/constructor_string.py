"""URLPattern §1.5 constructor string parsing: "https://*.example.com/:id" -> URLPatternInit."""

from __future__ import annotations

from collections.abc import Callable

from webstd.routing.tokenizer import Token, tokenize

_NAMED_STATES = frozenset(
    ["protocol", "username", "password", "hostname", "port", "pathname", "search", "hash"]
)


class _ConstructorStringParser:
    __slots__ = (
        "component_start",
        "group_depth",
        "hostname_ipv6_bracket_depth",
        "input",
        "protocol_matches_a_special_scheme",
        "result",
        "state",
        "token_increment",
        "token_index",
        "token_list",
    )

    def __init__(self, input: str) -> None:
        self.input = input
        self.token_list = tokenize(input, "lenient")
        self.result: dict[str, str] = {}
        self.component_start = 0
        self.token_index = 0
        self.token_increment = 1
        self.group_depth = 0
        self.hostname_ipv6_bracket_depth = 0
        self.protocol_matches_a_special_scheme = False
        self.state = "init"

    # URLPattern "change state"
    def change_state(self, new_state: str, skip: int) -> None:
        state, result = self.state, self.result
        if state in _NAMED_STATES:
            result[state] = self.make_component_string()
        if state != "init" and new_state != "done":
            if (
                state in ("protocol", "authority", "username", "password")
                and new_state in ("port", "pathname", "search", "hash")
                and "hostname" not in result
            ):
                result["hostname"] = ""
            if (
                state in ("protocol", "authority", "username", "password", "hostname", "port")
                and new_state in ("search", "hash")
                and "pathname" not in result
            ):
                result["pathname"] = "/" if self.protocol_matches_a_special_scheme else ""
            if (
                state
                in ("protocol", "authority", "username", "password", "hostname", "port", "pathname")
                and new_state == "hash"
                and "search" not in result
            ):
                result["search"] = ""
        self.state = new_state
        self.token_index += skip
        self.component_start = self.token_index
        self.token_increment = 0

    # URLPattern "rewind"
    def rewind(self) -> None:
        self.token_index = self.component_start
        self.token_increment = 0

    # URLPattern "rewind and set state"
    def rewind_and_set_state(self, state: str) -> None:
        self.rewind()
        self.state = state

    # URLPattern "get a safe token"
    def get_safe_token(self, index: int) -> Token:
        if index < len(self.token_list):
            return self.token_list[index]
        return self.token_list[-1]

    # URLPattern "is a non-special pattern char"
    def is_non_special_pattern_char(self, index: int, value: str) -> bool:
        token = self.get_safe_token(index)
        return token.value == value and token.type in ("char", "escaped-char", "invalid-char")

    def is_char(self, value: str) -> bool:
        return self.is_non_special_pattern_char(self.token_index, value)

    # URLPattern "next is authority slashes"
    def next_is_authority_slashes(self) -> bool:
        return self.is_non_special_pattern_char(
            self.token_index + 1, "/"
        ) and self.is_non_special_pattern_char(self.token_index + 2, "/")

    # URLPattern "is a search prefix"
    def is_search_prefix(self) -> bool:
        if self.is_char("?"):
            return True
        if self.token_list[self.token_index].value != "?":
            return False
        previous_index = self.token_index - 1
        if previous_index < 0:
            return True
        previous_token = self.get_safe_token(previous_index)
        return previous_token.type not in ("name", "regexp", "close", "asterisk")

    # URLPattern "make a component string"
    def make_component_string(self) -> str:
        token = self.token_list[self.token_index]
        component_start_token = self.get_safe_token(self.component_start)
        return self.input[component_start_token.index : token.index]

    # URLPattern "compute protocol matches a special scheme flag"
    def compute_protocol_matches_a_special_scheme_flag(
        self, protocol_matches_special_scheme: Callable[[str], bool]
    ) -> None:
        protocol_string = self.make_component_string()
        if protocol_matches_special_scheme(protocol_string):
            self.protocol_matches_a_special_scheme = True

    def parse(self, protocol_matches_special_scheme: Callable[[str], bool]) -> dict[str, str]:
        token_list = self.token_list
        while self.token_index < len(token_list):
            self.token_increment = 1
            token = token_list[self.token_index]
            if token.type == "end":
                if self.state == "init":
                    self.rewind()
                    if self.is_char("#"):
                        self.change_state("hash", 1)
                    elif self.is_search_prefix():
                        self.change_state("search", 1)
                    else:
                        self.change_state("pathname", 0)
                    self.token_index += self.token_increment
                    continue
                if self.state == "authority":
                    self.rewind_and_set_state("hostname")
                    self.token_index += self.token_increment
                    continue
                self.change_state("done", 0)
                break
            if token.type == "open":
                self.group_depth += 1
                self.token_index += self.token_increment
                continue
            if self.group_depth > 0:
                if token.type == "close":
                    self.group_depth -= 1
                else:
                    self.token_index += self.token_increment
                    continue
            self.step(protocol_matches_special_scheme)
            self.token_index += self.token_increment
        if "hostname" in self.result and "port" not in self.result:
            self.result["port"] = ""
        return self.result

    def step(self, protocol_matches_special_scheme: Callable[[str], bool]) -> None:
        # URLPattern "parse a constructor string": the switch on the parser's state
        state = self.state
        if state == "init":
            if self.is_char(":"):
                self.rewind_and_set_state("protocol")
        elif state == "protocol":
            if self.is_char(":"):
                self.compute_protocol_matches_a_special_scheme_flag(protocol_matches_special_scheme)
                next_state, skip = "pathname", 1
                if self.next_is_authority_slashes():
                    next_state, skip = "authority", 3
                elif self.protocol_matches_a_special_scheme:
                    next_state = "authority"
                self.change_state(next_state, skip)
        elif state == "authority":
            if self.is_char("@"):
                self.rewind_and_set_state("username")
            elif self.is_char("/") or self.is_search_prefix() or self.is_char("#"):
                self.rewind_and_set_state("hostname")
        elif state == "username":
            if self.is_char(":"):
                self.change_state("password", 1)
            elif self.is_char("@"):
                self.change_state("hostname", 1)
        elif state == "password":
            if self.is_char("@"):
                self.change_state("hostname", 1)
        elif state == "hostname":
            if self.is_char("["):
                self.hostname_ipv6_bracket_depth += 1
            elif self.is_char("]"):
                self.hostname_ipv6_bracket_depth -= 1
            elif self.is_char(":") and self.hostname_ipv6_bracket_depth == 0:
                self.change_state("port", 1)
            elif self.is_char("/"):
                self.change_state("pathname", 0)
            elif self.is_search_prefix():
                self.change_state("search", 1)
            elif self.is_char("#"):
                self.change_state("hash", 1)
        elif state == "port":
            if self.is_char("/"):
                self.change_state("pathname", 0)
            elif self.is_search_prefix():
                self.change_state("search", 1)
            elif self.is_char("#"):
                self.change_state("hash", 1)
        elif state == "pathname":
            if self.is_search_prefix():
                self.change_state("search", 1)
            elif self.is_char("#"):
                self.change_state("hash", 1)
        elif state == "search" and self.is_char("#"):
            self.change_state("hash", 1)


def parse_constructor_string(
    input: str, protocol_matches_special_scheme: Callable[[str], bool]
) -> dict[str, str]:
    """URLPattern §1.5 "parse a constructor string" into a URLPatternInit dict.

    `protocol_matches_special_scheme` compiles a protocol pattern string and says
    whether it matches a special scheme ("compute protocol matches a special scheme flag").
    """
    return _ConstructorStringParser(input).parse(protocol_matches_special_scheme)
