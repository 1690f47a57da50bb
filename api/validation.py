"""Input no GraphQL type rejects but the database does: a NUL character in a string.

PostgreSQL refuses NUL in text ("A string literal cannot contain NUL (0x00) characters"), so a
reference or a title carrying one reached the database and came back as an internal error. Every
string in the document (a validation rule) and in the variables (checked by the view) is refused
first, with a code.
"""

from graphql import GraphQLError, ValidationRule

MESSAGE = "Strings cannot contain NUL characters."


class NoNulCharactersRule(ValidationRule):
    def enter_string_value(self, node, *_args):
        if "\x00" in node.value:
            self.report_error(GraphQLError(MESSAGE, node, extensions={"code": "invalid"}))


def nul_in(value):
    """Whether a (coerced) variable value holds a NUL character anywhere."""
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(nul_in(k) or nul_in(v) for k, v in value.items())
    if isinstance(value, list | tuple):
        return any(nul_in(v) for v in value)
    return False
