"""Errors as data: the `{field, code, message}` payload entries and the request-level errors."""

import graphene
from graphene.utils.str_converters import to_camel_case
from graphql import GraphQLError


class FieldError(graphene.ObjectType):
    """One problem with a mutation's input. `field` is the GraphQL input name (camelCase) or null."""

    field = graphene.String()
    code = graphene.String(
        required=True, description="forbidden, not_found, conflict, invalid_transition, required or invalid"
    )
    message = graphene.String(required=True)


def error(field, code, message):
    return {"field": to_camel_case(field) if field else None, "code": code, "message": str(message)}


def from_service_error(exc):
    """ServiceError.errors -> payload errors, with the service's snake_case fields in camelCase."""
    return [error(e.field, e.code, e.message) for e in exc.errors]


class ApiError(GraphQLError):
    """A request-level error that carries a machine-readable code in `extensions.code`."""

    def __init__(self, message, code, **kwargs):
        super().__init__(str(message), extensions={"code": code}, **kwargs)
