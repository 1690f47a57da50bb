from django.contrib import admin
from django.urls import include, path

from barriers.web import follows, pages
from barriers.web.views import home

urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("graphql/", include("api.urls")),
    path("complaints/", include("barriers.web.complaints.urls")),
    path("coordination/", include("barriers.web.coordination.urls")),
    path("workspace/escalations/", include("barriers.web.escalations")),
    path("", include("barriers.web.public.urls")),
    path("", include(follows)),
    path("", include("barriers.web.markets.urls")),
    path("", include("barriers.web.oversight.urls")),
    path("", include("barriers.web.workspace.urls")),
    path("", include(pages)),
]
