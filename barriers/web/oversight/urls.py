"""Signed-in pages: dashboard, barrier list and detail, exports (exports before <reference>)."""

from django.urls import path

from ..barrier_work import urls as barrier_work
from . import scorecard, views

app_name = "barriers"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/scorecard/", scorecard.scorecard, name="scorecard"),
    path("dashboard/scorecard.csv", scorecard.scorecard_csv, name="scorecard_csv"),
    path("dashboard/scorecard.xlsx", scorecard.scorecard_xlsx, name="scorecard_xlsx"),
    path("barriers/", views.barrier_list, name="list"),
    path("barriers/export.csv", views.export_csv, name="export_csv"),
    path("barriers/export.xlsx", views.export_xlsx, name="export_xlsx"),
    *barrier_work.urlpatterns,
    path("barriers/<str:reference>/", views.barrier_detail, name="detail"),
]
