"""Barrier work: included by barriers.web.oversight.urls (namespace "barriers") before
barriers/<reference>/, so that "new" is never read as a reference."""

from django.urls import path

from . import views

urlpatterns = [
    path("barriers/new/", views.new_barrier, name="new"),
    path("barriers/<str:reference>/actions/<slug:action>/", views.barrier_action, name="action"),
]
