"""The public register (no sign-in) and the publication actions on a barrier (signed in)."""

from django.urls import path

from . import approvals, feeds, views

app_name = "public"

urlpatterns = [
    path("public/barriers/", views.register, name="register"),
    path("public/barriers.csv", views.export_csv, name="csv"),
    path("public/barriers.json", views.export_json, name="json"),
    path("public/barriers/feed/", feeds.PublicBarrierFeed(), name="feed"),
    path("public/barriers/feed/<str:country>/", feeds.PublicBarrierFeed(), name="feed_market"),
    path("public/barriers/similar/", views.similar, name="similar"),
    path("public/barriers/<str:reference>/", views.barrier, name="barrier"),
    path("public/approvals/", approvals.awaiting, name="approvals"),
    path("barriers/<str:reference>/publication/propose/", approvals.propose, name="propose"),
    path("barriers/<str:reference>/publication/approve/", approvals.approve, name="approve"),
    path("barriers/<str:reference>/publication/return/", approvals.send_back, name="return"),
    path("barriers/<str:reference>/publication/unpublish/", approvals.unpublish, name="unpublish"),
]
