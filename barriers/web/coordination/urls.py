from django.urls import path

from . import views

app_name = "coordination"

urlpatterns = [
    path("", views.settings_page, name="settings"),
    path("routing/<slug:code>/", views.route_category, name="route"),
    path("closure-days/", views.add_closure_day, name="add_closure_day"),
    path("closure-days/<int:pk>/remove/", views.remove_closure_day, name="remove_closure_day"),
]
