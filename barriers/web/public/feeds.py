"""Atom feed of the public register: publications and public status changes, per market too."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django_countries import countries

from ...choices import BarrierStatus
from ...selectors.public import public_events


class PublicBarrierFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, country=None):
        country = (country or request.GET.get("country") or "").upper()
        if country and country not in dict(countries):
            raise Http404(_("Unknown market."))
        return country or None

    def title(self, country):
        if country:
            return _("Published export barriers: %(market)s") % {"market": countries.name(country)}
        return _("Published export barriers")

    def subtitle(self, country):
        return _("Barriers published by the Korean government, and changes of their status.")

    def link(self, country):
        return reverse("public:register") + (f"?country={country}" if country else "")

    def feed_url(self, country):
        return reverse("public:feed_market", args=[country]) if country else reverse("public:feed")

    def items(self, country):
        return public_events(country=country, limit=50)

    def item_title(self, event):
        version = event.barrier.publication.live
        if event.kind == "published":
            return _("Published: %(ref)s %(title)s") % {"ref": event.barrier.reference, "title": version.title}
        if event.kind == "revised":
            return _("Updated: %(ref)s %(title)s") % {"ref": event.barrier.reference, "title": version.title}
        return _("%(ref)s is now %(status)s: %(title)s") % {
            "ref": event.barrier.reference,
            "status": BarrierStatus(event.status).label,
            "title": version.title,
        }

    def item_description(self, event):
        version = event.barrier.publication.live
        if event.kind == "status":
            return _("Status changed from %(old)s to %(new)s.") % {
                "old": BarrierStatus(event.previous).label,
                "new": BarrierStatus(event.status).label,
            }
        return version.summary

    def item_link(self, event):
        return reverse("public:barrier", args=[event.barrier.reference])

    def item_guid(self, event):
        return f"{reverse('public:barrier', args=[event.barrier.reference])}#{event.kind}-{event.when.isoformat()}"

    item_guid_is_permalink = False

    def item_pubdate(self, event):
        return event.when

    def item_updateddate(self, event):
        return event.when

    def item_categories(self, event):
        return [str(event.barrier.country), event.barrier.category.code]
