from django.shortcuts import redirect, render


def home(request):
    """SMEs land on the complaint form; officers and coordinators on their workspace, other
    signed-in users on the dashboard."""
    from barriers import permissions

    if not request.user.is_authenticated:
        return redirect("complaints:new")
    return redirect("workspace:inbox" if permissions.can_write_anything(request.user) else "barriers:dashboard")


def ratelimited(request, exception=None):
    """django-ratelimit's RATELIMIT_VIEW: a clear page with status 429."""
    return render(request, "429.html", status=429)


def bad_request(request, message):
    """A 400 that says what was wrong with the request, in the page's language (the 400 page)."""
    return render(request, "400.html", {"message": message}, status=400)
