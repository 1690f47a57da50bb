"""`{% load tracker_formats %}`: the number and money filters (barriers/formatting.py)."""

from django import template

from .. import formatting

register = template.Library()
register.filter("number", formatting.number)
register.filter("money", formatting.money)
