"""Bearer-token authentication for scripts. Session auth (with CSRF) stays as Django does it."""

from django.http import JsonResponse
from django.utils import timezone

from .models import ApiToken, hash_token


def _bearer(request):
    header = request.META.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer":
        return None
    return value.strip()


def authenticate_token(raw):
    """The usable token for this secret, or None."""
    if not raw:
        return None
    token = (
        ApiToken.objects.usable().select_related("user", "user__membership").filter(key_hash=hash_token(raw)).first()
    )
    if token is None or not token.user.is_active:
        return None
    return token


class BearerTokenMiddleware:
    """`Authorization: Bearer <token>` sets request.user and request.api_token.

    Header-authenticated requests are exempt from CSRF (a browser cannot send the header
    cross-site); cookie sessions keep CSRF. A bad token is a 401, never a silent anonymous.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.api_token = None
        raw = _bearer(request)
        if raw is not None:
            token = authenticate_token(raw)
            if token is None:
                return JsonResponse(
                    {
                        "errors": [
                            {
                                "message": "Invalid, expired or revoked API token.",
                                "extensions": {"code": "unauthenticated"},
                            }
                        ]
                    },
                    status=401,
                )
            request.user = token.user
            request.api_token = token
            request._dont_enforce_csrf_checks = True
            token.last_used_at = timezone.now()
            token.save(update_fields=["last_used_at"])
        return self.get_response(request)


# What the request may do through the API. The role rules live in barriers/permissions.py; a
# token's scope can only narrow them (a read token never writes and never sees personal data).


def request_user(info_or_request):
    request = getattr(info_or_request, "context", info_or_request)
    return request.user


def token_allows_write(request):
    token = getattr(request, "api_token", None)
    return token is None or token.can_write


def may_view_personal_data(info):
    from barriers import permissions

    request = info.context
    return token_allows_write(request) and permissions.can_view_personal_data(request.user)
