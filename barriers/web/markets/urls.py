"""The market guides: public (no sign-in) and the strategy areas' edit pages (signed in)."""

from django.urls import path

from . import views

app_name = "markets"

urlpatterns = [
    path("markets/", views.index, name="index"),
    path("markets/add/", views.add_market, name="add"),
    path("markets/<str:country>/", views.guide, name="guide"),
    path("markets/<str:country>/<str:area>/edit/", views.edit_area, name="edit_area"),
    path("markets/<str:country>/<str:area>/ministries/", views.area_ministries, name="area_ministries"),
]
