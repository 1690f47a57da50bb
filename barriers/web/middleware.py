"""Request checks that come before any view."""

from urllib.parse import unquote_plus

from django.utils.translation import gettext as _

from .views import bad_request


class RefuseNulMiddleware:
    """A NUL character in the URL or the query string is a 400. PostgreSQL cannot hold NUL in text
    (psycopg raises, so a search or a reference lookup was a 500) and SQLite silently cuts the
    string there: neither gives the answer the other would, and no person types one. (Form fields
    refuse NUL themselves; GraphQL bodies are checked by the API.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if "\x00" in request.path or "\x00" in unquote_plus(query, errors="replace"):
            return bad_request(request, _("The address contains a NUL character, which no page accepts."))
        return self.get_response(request)
