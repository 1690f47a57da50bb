"""Public complaint pages (issue: SME complaint form). Placeholder until that work lands."""
from django.http import HttpResponse
from django.urls import path

app_name = "complaints"


def placeholder(request, *args, **kwargs):
    return HttpResponse("Coming soon", status=501)


urlpatterns = [path("new/", placeholder, name="new")]
