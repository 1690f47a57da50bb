"""The WSGI entry point (gunicorn tracker.wsgi). A server runs with DEBUG off unless DEBUG is set
explicitly: forgetting the variable cannot expose debug pages (and then SECRET_KEY is required).
A bare `manage.py runserver` keeps the contract's DEBUG-on default."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "0")

application = get_wsgi_application()
