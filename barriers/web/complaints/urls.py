"""Public complaint pages and the officers' evidence download (issue 5)."""

from django.urls import path

from . import views

app_name = "complaints"

urlpatterns = [
    path("new/", views.new, name="new"),
    path("received/<uuid:submission_id>/", views.received, name="received"),
    path("find/", views.find, name="find"),
    path("status/<str:token>/", views.status, name="status"),
    path("status/<str:token>/answer/", views.answer, name="answer"),
    path("status/<str:token>/feedback/", views.feedback, name="feedback"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
]
