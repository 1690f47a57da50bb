from django.urls import path

from . import views

app_name = "barriers"

urlpatterns = [
    path("", views.home, name="home"),
    path("barriers/<str:reference>/", views.barrier_detail, name="detail"),
]
