"""The ASGI entry point. As tracker/wsgi.py: DEBUG is off unless set explicitly."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tracker.settings")
os.environ.setdefault("DEBUG", "0")

application = get_asgi_application()
