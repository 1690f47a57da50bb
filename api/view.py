"""The /graphql/ endpoint's HTTP behaviour on top of graphene-django's GraphQLView.

- Anonymous callers get a 401 with an authentication error and no data; members without a role a 403.
- Session (cookie) requests must pass Django's CSRF check (a JSON 403 otherwise); bearer-token
  requests are exempt (api/auth.py), since a browser cannot add that header cross-site.
- POST takes `application/json` only (415 otherwise: urlencoded and multipart bodies are what a
  browser sends cross-site without a preflight); GET runs queries only (a mutation is a 405).
- Bodies over the limit are a 413. A request that is not a GraphQL request (`query` not a string,
  `variables` or `extensions` not an object) is a 400 with a code.
- Status codes follow GraphQL over HTTP: a parse or validation error (limits included) is a 400
  for `Accept: application/graphql-response+json` (and for clients that send no preference), and
  a 200 with `errors` for a client that asks for `application/json`.
- The library's hooks carry the rest: `validation_rules` (graphql-core's specified rules, then
  the limits and the NUL check), `execution_context_class`. Parsing and validation are done once
  per query text (an LRU cache); the cost limit, which depends on the variables, per request.
- Error codes come from the exception's type; no stack trace or internal message reaches a
  caller when DEBUG is off.
- GraphiQL: only for a signed-in browser session, from vendored files (api/templates/api/graphiql.html).
"""

import json
import logging
from functools import lru_cache

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    ExecutionResult,
    GraphQLError,
    GraphQLSyntaxError,
    NoSchemaIntrospectionCustomRule,
    OperationType,
    execute,
    get_operation_ast,
    parse,
    specified_rules,
    validate,
)

from barriers import permissions

from .errors import ApiError
from .execution import SyncExecutionContext
from .limits import DEFAULTS, QueryLimitsRule, check_cost, coerced_variables, limit
from .validation import MESSAGE as NUL_MESSAGE
from .validation import NoNulCharactersRule, nul_in

logger = logging.getLogger("api")

GRAPHQL_RESPONSE = "application/graphql-response+json"
# GraphiQL runs from vendored files (api/static/graphiql, `make graphiql`) and a script file, so
# the site's policy holds; its stylesheet embeds its fonts as data: URIs, which this page allows.
GRAPHIQL_CSP = {"font-src": ["'self'", "data:"]}
# Exceptions raised by resolvers whose message is meant for the caller, and their codes.
CALLER_ERRORS = ((ValidationError, "invalid"), (AssertionError, "invalid"))
VALIDATION_RULES = (*specified_rules, NoNulCharactersRule, QueryLimitsRule)


class RequestError(HttpError):
    """A request that is not a GraphQL request: a 400 (or the given status) with a code."""

    def __init__(self, message, code="invalid_request", status=400, allow=None):
        response = HttpResponse(status=status)
        if allow:
            response["Allow"] = allow
        super().__init__(response, message)
        self.code = code


def _error_response(status, message, code, content_type="application/json"):
    body = json.dumps({"errors": [{"message": str(message), "extensions": {"code": code}}]})
    return HttpResponse(body, status=status, content_type=content_type)


@lru_cache(maxsize=256)
def _parse_and_validate(schema, query, rules, limits):
    """(document, errors) for a query text: parsed and validated once per text, schema, rules and
    limits in force (documents are not changed by execution, so one can serve many requests)."""
    try:
        document = parse(query, max_tokens=dict(limits)["MAX_TOKENS"])
    except GraphQLError as exc:
        return None, (exc,)
    return document, tuple(validate(schema, document, rules))


def parse_and_validate(schema, query, rules=VALIDATION_RULES):
    limits = tuple(sorted({name: limit(name) for name in DEFAULTS}.items()))
    return _parse_and_validate(schema, query, tuple(rules), limits)


class TrackerGraphQLView(GraphQLView):
    graphiql_template = "api/graphiql.html"
    validation_rules = VALIDATION_RULES
    execution_context_class = SyncExecutionContext

    @classmethod
    def as_view(cls, **initkwargs):
        # CSRF is checked in dispatch instead of by the middleware, so that an anonymous script
        # gets the 401 below rather than Django's HTML CSRF page; session requests still need it.
        return csrf_exempt(super().as_view(**initkwargs))

    def dispatch(self, request, *args, **kwargs):
        content_type = self.response_content_type(request)
        wants_graphiql = (
            request.method == "GET" and self.graphiql and self.request_wants_html(request) and "raw" not in request.GET
        )
        if not request.user.is_authenticated:
            if wants_graphiql:
                return redirect_to_login(request.get_full_path())
            return _error_response(
                401,
                "Authentication required: sign in, or send `Authorization: Bearer <token>`.",
                "unauthenticated",
                content_type,
            )
        if getattr(request, "api_token", None) is None:
            rejected = CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {})
            if rejected is not None:
                return _error_response(
                    403,
                    "CSRF check failed: send the csrftoken cookie's value in X-CSRFToken.",
                    "csrf_failed",
                    content_type,
                )
        if not permissions.can_read(request.user):
            return _error_response(403, "This account has no role in the tracker.", "forbidden", content_type)
        if request.method == "POST":
            length = request.META.get("CONTENT_LENGTH") or "0"
            maximum = limit("MAX_BODY_BYTES")
            if length.isdigit() and int(length) > maximum:
                return _error_response(
                    413,
                    f"request body of {length} bytes exceeds the limit of {maximum}",
                    "limit_exceeded",
                    content_type,
                )
            if self.get_content_type(request) != "application/json":
                return _error_response(
                    415, "Send the request as application/json.", "unsupported_media_type", content_type
                )
        try:
            response = super().dispatch(request, *args, **kwargs)
        except RequestDataTooBig:
            return _error_response(413, "The request body is too large.", "limit_exceeded", content_type)
        if wants_graphiql and response.get("Content-Type", "").startswith("text/html"):
            response._csp_update = GRAPHIQL_CSP
        elif response.get("Content-Type", "").startswith("application/json"):
            response["Content-Type"] = content_type
        return response

    def can_display_graphiql(self, request, data):
        # GraphiQL is for people in a browser session, never for token scripts.
        return getattr(request, "api_token", None) is None and super().can_display_graphiql(request, data)

    @staticmethod
    def response_content_type(request):
        accept = request.META.get("HTTP_ACCEPT", "")
        return GRAPHQL_RESPONSE if GRAPHQL_RESPONSE in accept else "application/json"

    @staticmethod
    def wants_legacy_json(request):
        """The client asked for `application/json` (and not the GraphQL response type): request
        errors are then a 200 with `errors` (GraphQL over HTTP, legacy media type)."""
        accept = request.META.get("HTTP_ACCEPT", "")
        return GRAPHQL_RESPONSE not in accept and "application/json" in accept

    def validation_rules_for(self, request):
        rules = tuple(self.validation_rules)
        if not request.user.is_authenticated:  # never reached today (a 401 comes first): belt and braces
            rules += (NoSchemaIntrospectionCustomRule,)
        return rules

    @staticmethod
    def get_graphql_params(request, data):
        query, variables, operation_name, id_ = GraphQLView.get_graphql_params(request, data)
        extensions = request.GET.get("extensions") or data.get("extensions")
        if isinstance(extensions, str):
            try:
                extensions = json.loads(extensions)
            except ValueError:
                raise RequestError("`extensions` must be a JSON object.")
        if query is not None and not isinstance(query, str):
            raise RequestError("`query` must be a string.")
        if variables is not None and not isinstance(variables, dict):
            raise RequestError("`variables` must be a JSON object.")
        if extensions is not None and not isinstance(extensions, dict):
            raise RequestError("`extensions` must be a JSON object.")
        if operation_name is not None and not isinstance(operation_name, str):
            raise RequestError("`operationName` must be a string.")
        return query, variables, operation_name, id_

    def get_response(self, request, data, show_graphiql=False):
        result, status_code = super().get_response(request, data, show_graphiql)
        if status_code == 400 and self.wants_legacy_json(request):
            status_code = 200
        return result, status_code

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise RequestError("Must provide query string.")
        schema = self.schema.graphql_schema
        document, errors = parse_and_validate(schema, query, self.validation_rules_for(request))
        if document is None:
            return ExecutionResult(errors=list(errors))

        operation = get_operation_ast(document, operation_name)
        if request.method == "GET" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            raise RequestError(
                f"Can only perform a {operation.operation.value} operation from a POST request.",
                "method_not_allowed",
                status=405,
                allow="POST",
            )
        if errors:
            return ExecutionResult(errors=list(errors))
        if operation is None:
            return ExecutionResult(
                errors=[ApiError("Choose one operation with operationName.", "graphql_validation_failed")]
            )
        coerced = coerced_variables(schema, operation, variables)
        if isinstance(coerced, list):
            return ExecutionResult(errors=coerced)
        if nul_in(coerced):
            return ExecutionResult(errors=[ApiError(NUL_MESSAGE, "invalid")])
        try:
            check_cost(schema, document, operation, coerced)
        except ApiError as exc:
            return ExecutionResult(errors=[exc])

        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
            "execution_context_class": self.execution_context_class,
        }
        try:
            if operation.operation == OperationType.MUTATION:
                with transaction.atomic():
                    return execute(schema, document, **options)
            return execute(schema, document, **options)
        except Exception as exc:
            return ExecutionResult(errors=[exc])

    @staticmethod
    def format_error(error):
        """The error as the caller sees it, its `extensions.code` chosen by the exception's type."""
        if isinstance(error, RequestError):
            return {"message": str(error.message), "extensions": {"code": error.code}}
        if isinstance(error, HttpError):
            return {"message": str(error.message), "extensions": {"code": "invalid_request"}}
        if not isinstance(error, GraphQLError):
            error = GraphQLError(str(error), original_error=error)
        formatted = error.formatted
        extensions = dict(formatted.get("extensions") or {})
        extensions.pop("exception", None)
        original = error.original_error
        if isinstance(error, GraphQLSyntaxError):
            extensions.setdefault("code", "graphql_parse_failed")
        elif original is None:
            if error.path is None:
                extensions.setdefault("code", "graphql_validation_failed")
            elif "code" not in extensions:
                return _internal(error, formatted)  # e.g. null for a non-null field: our bug
        elif isinstance(original, GraphQLError):
            extensions.setdefault("code", (original.extensions or {}).get("code", "invalid"))
        else:
            code = next((code for type_, code in CALLER_ERRORS if isinstance(original, type_)), None)
            if code is None:
                return _internal(error, formatted)
            extensions["code"] = code
            if isinstance(original, ValidationError):
                formatted["message"] = "; ".join(original.messages)
        formatted["extensions"] = extensions
        return formatted


def _internal(error, formatted):
    logger.error("GraphQL error", exc_info=error.original_error or error)
    if settings.DEBUG:
        formatted.setdefault("extensions", {})["code"] = "internal_error"
        return formatted
    formatted = {k: v for k, v in formatted.items() if k in ("locations", "path")}
    formatted["message"] = "Internal error: it has been logged."
    formatted["extensions"] = {"code": "internal_error"}
    return formatted
