"""The /graphql/ endpoint's HTTP behaviour on top of graphene-django's GraphQLView.

- Anonymous callers get a 401 with an authentication error and no data; members without a role a 403.
- Session (cookie) requests must pass Django's CSRF check (a JSON 403 otherwise); bearer-token
  requests are exempt (api/auth.py), since a browser cannot add that header cross-site.
- POST takes `application/json` only (415 otherwise: urlencoded and multipart bodies are what a
  browser sends cross-site without a preflight); GET runs queries only (a mutation is a 405).
- Bodies over the limit are a 413. `application/graphql-response+json` is honoured in Accept.
- Validation: graphql-core's specified rules, then introspection only for signed-in callers, then
  depth/cost/alias limits (one error naming the limit; nothing is resolved).
- No stack trace or internal message reaches a caller when DEBUG is off.
- GraphiQL: only for a signed-in browser session, with a CSP relaxed for that page alone.
"""

import json
import logging

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import RequestDataTooBig, ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from graphene_django.views import GraphQLView, HttpError
from graphql import (
    ExecutionContext,
    ExecutionResult,
    GraphQLError,
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
from .limits import check_limits, limit

logger = logging.getLogger("api")

GRAPHQL_RESPONSE = "application/graphql-response+json"
GRAPHIQL_CSP = {
    "script-src": ["https://cdn.jsdelivr.net", "'unsafe-inline'"],
    "style-src": ["https://cdn.jsdelivr.net", "'unsafe-inline'"],
    "img-src": ["https://cdn.jsdelivr.net"],
    "font-src": ["'self'", "https://cdn.jsdelivr.net", "data:"],
    "connect-src": ["'self'"],
}
# Exceptions whose message is meant for the caller (page-size asserts come from graphene-django).
SAFE_ERRORS = (GraphQLError, AssertionError, ValidationError, HttpError)


class SyncExecutionContext(ExecutionContext):
    """Nothing here is async (graphene-django has no async view): skip the awaitable check that
    graphql-core makes on every resolved value (~50,000 checks on a full 100-barrier page)."""

    is_awaitable = staticmethod(lambda value: False)


def _error_response(status, message, code, content_type="application/json"):
    body = json.dumps({"errors": [{"message": str(message), "extensions": {"code": code}}]})
    return HttpResponse(body, status=status, content_type=content_type)


class TrackerGraphQLView(GraphQLView):
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

    def validation_rules_for(self, request):
        rules = list(specified_rules)
        if not request.user.is_authenticated:
            rules.append(NoSchemaIntrospectionCustomRule)
        return rules

    def execute_graphql_request(self, request, data, query, variables, operation_name, show_graphiql=False):
        if not query:
            if show_graphiql:
                return None
            raise HttpError(HttpResponse("Must provide query string.", status=400))
        schema = self.schema.graphql_schema
        try:
            document = parse(query, max_tokens=limit("MAX_TOKENS"))
        except GraphQLError as exc:
            return ExecutionResult(errors=[exc])

        operation = get_operation_ast(document, operation_name)
        if request.method == "GET" and operation is not None and operation.operation != OperationType.QUERY:
            if show_graphiql:
                return None
            response = HttpResponse(status=405)
            response["Allow"] = "POST"
            raise HttpError(response, f"Can only perform a {operation.operation.value} operation from a POST request.")

        errors = validate(schema, document, self.validation_rules_for(request))
        if errors:
            return ExecutionResult(errors=errors)
        if operation is None:
            return ExecutionResult(errors=[GraphQLError("Choose one operation with operationName.")])
        try:
            check_limits(document, operation, variables)
        except ApiError as exc:
            return ExecutionResult(errors=[exc])

        options = {
            "root_value": self.get_root_value(request),
            "context_value": self.get_context(request),
            "variable_values": variables,
            "operation_name": operation_name,
            "middleware": self.get_middleware(request),
            "execution_context_class": SyncExecutionContext,
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
        formatted = GraphQLView.format_error(error)
        original = getattr(error, "original_error", None)
        unexpected = (original is not None and not isinstance(original, SAFE_ERRORS)) or (
            not isinstance(error, SAFE_ERRORS)
        )
        if unexpected:
            logger.error("GraphQL error", exc_info=original or error)
            if not settings.DEBUG:
                formatted = {k: v for k, v in formatted.items() if k in ("locations", "path")}
                formatted["message"] = "Internal error: it has been logged."
                formatted["extensions"] = {"code": "internal_error"}
        elif isinstance(original, AssertionError):
            formatted.setdefault("extensions", {})["code"] = "limit_exceeded" if "limit" in str(original) else "invalid"
        elif isinstance(original, ValidationError):
            formatted["message"] = "; ".join(original.messages)
            formatted.setdefault("extensions", {})["code"] = "invalid"
        if isinstance(formatted.get("extensions"), dict):
            formatted["extensions"].pop("exception", None)
        return formatted
