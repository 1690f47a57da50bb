from django.urls import path

from . import triage, views

app_name = "workspace"

urlpatterns = [
    path("workspace/", views.inbox, name="inbox"),
    path("workspace/complaints/<str:reference>/", triage.complaint, name="complaint"),
]
