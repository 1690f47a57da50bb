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
    token = ApiToken.objects.usable().select_related("user", "user__membership").filter(
        key_hash=hash_token(raw)
    ).first()
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
                    {"errors": [{"message": "Invalid, expired or revoked API token.",
                                 "extensions": {"code": "unauthenticated"}}]},
                    status=401,
                )
            request.user = token.user
            request.api_token = token
            request._dont_enforce_csrf_checks = True
            token.last_used_at = timezone.now()
            token.save(update_fields=["last_used_at"])
        return self.get_response(request)
