"""Sign-in throttling with django-axes (settings AXES_*): a user and address with too many failed
sign-ins is locked out for a while; the sign-in page says so in the page's language. Unlock with
`manage.py axes_reset_username USERNAME` (or `axes_reset_ip`, `axes_reset`)."""

from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.shortcuts import render
from django.utils.translation import gettext as _


def client_ip(request):
    """The caller's address, as the complaint form's rate limit sees it (RATELIMIT_IP_META_KEY
    behind a proxy; the last address of a forwarded list, the one the proxy itself added)."""
    key = getattr(settings, "RATELIMIT_IP_META_KEY", None) or "REMOTE_ADDR"
    value = request.META.get(key) or request.META.get("REMOTE_ADDR") or ""
    return value.split(",")[-1].strip() or None


def lockout_minutes():
    cooloff = settings.AXES_COOLOFF_TIME
    return max(1, int(cooloff.total_seconds() // 60)) if cooloff else None


def locked_out(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the sign-in page again, with why and for how long (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    message = _(
        "Too many failed sign-in attempts. Signing in to this account from your connection is locked for "
        "%(minutes)d minutes. Try again later, or ask an administrator to unlock it."
    ) % {"minutes": lockout_minutes() or 0}
    context = {"form": form, "locked_out": message, "next": request.POST.get("next", "")}
    return render(request, "registration/login.html", context, status=429)
