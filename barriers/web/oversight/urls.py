"""Signed-in pages: dashboard, barrier list and detail, exports. Placeholder until that work lands."""
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.urls import path

app_name = "barriers"


@login_required
def placeholder(request, *args, **kwargs):
    return HttpResponse("Coming soon", status=501)


urlpatterns = [
    path("dashboard/", placeholder, name="dashboard"),
    path("barriers/", placeholder, name="list"),
    path("barriers/<str:reference>/", placeholder, name="detail"),
]
