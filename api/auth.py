"""Bearer-token authentication for scripts, on the API's URLs only. Session auth (with CSRF) stays
as Django does it everywhere.

A token's scope is enforced where every rule starts, `barriers.permissions.role_of`: a read token
makes its user an oversight reader for the request (reads, never writes, never personal data).
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone

from barriers import permissions

from .models import ApiToken, hash_token

# A token's last use is recorded at most this often (an UPDATE per request cost ~1/3 of a cheap query).
LAST_USED_RESOLUTION = timedelta(minutes=1)


def is_api_path(path):
    """The URLs where a bearer token counts (settings.API_URL_PREFIXES). Everywhere else the
    Authorization header is ignored: the admin, the pages, the evidence download and the
    exports see the session's user, or an anonymous one."""
    return path.startswith(tuple(settings.API_URL_PREFIXES))


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


def record_use(token, now=None):
    """Write last_used_at when the stored value is a minute old or more; the conditional UPDATE
    keeps concurrent requests from writing it twice."""
    now = now or timezone.now()
    if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
        return False
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=now - LAST_USED_RESOLUTION)
    written = ApiToken.objects.filter(stale, pk=token.pk).update(last_used_at=now)
    token.last_used_at = now
    return bool(written)


class BearerTokenMiddleware:
    """On the API's URLs, `Authorization: Bearer <token>` sets request.user and request.api_token.

    Header-authenticated requests are exempt from CSRF (a browser cannot send the header
    cross-site); cookie sessions keep CSRF. A bad token is a 401, never a silent anonymous.
    Elsewhere the header is ignored.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.api_token = None
        raw = _bearer(request) if is_api_path(request.path_info) else None
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
            user = token.user
            if not token.can_write:
                permissions.narrow_to_read_only(user)
            request.user = user
            request.api_token = token
            request._dont_enforce_csrf_checks = True
            record_use(token)
        return self.get_response(request)


def request_user(info_or_request):
    request = getattr(info_or_request, "context", info_or_request)
    return request.user
