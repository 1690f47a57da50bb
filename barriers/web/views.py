from django.shortcuts import redirect, render


def home(request):
    """SMEs land on the complaint form; signed-in users on the dashboard."""
    return redirect("barriers:dashboard" if request.user.is_authenticated else "complaints:new")


def ratelimited(request, exception=None):
    """django-ratelimit's RATELIMIT_VIEW: a clear page with status 429."""
    return render(request, "429.html", status=429)
