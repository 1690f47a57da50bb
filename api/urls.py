from django.urls import path

from .view import TrackerGraphQLView

urlpatterns = [path("", TrackerGraphQLView.as_view(graphiql=True), name="graphql")]
