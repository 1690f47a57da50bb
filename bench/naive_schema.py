"""The naive peer: the same questions answered with graphene-django's defaults, no optimisation.

Plain DjangoObjectTypes (their own registry, so the real schema is untouched), a connection over
`Barrier.objects.all()` with no select_related/prefetch, each barrier's history read on its own
(`timeline(barrier)`), statistics counted in Python, and progress as one as-of query per period.
This is what the API would cost without the selectors' joins and the one-statement progress.
"""

from collections import Counter

import graphene
from graphene import relay
from graphene_django import DjangoConnectionField, DjangoObjectType
from graphene_django.registry import Registry

from barriers.choices import BARRIER_CLOSED_STATUSES, BarrierStatus
from barriers.filters import BarrierFilterSet
from barriers.models import Barrier, Category, Ministry, ProgressUpdate
from barriers.periods import periods
from barriers.selectors.history import status_as_of, timeline

registry = Registry()


class NaiveMinistry(DjangoObjectType):
    class Meta:
        model = Ministry
        registry = registry
        fields = ("code", "name_ko", "name_en")


class NaiveCategory(DjangoObjectType):
    class Meta:
        model = Category
        registry = registry
        fields = ("code", "name_ko", "name_en")


class NaiveProgressUpdate(DjangoObjectType):
    class Meta:
        model = ProgressUpdate
        registry = registry
        fields = ("date", "status", "rag", "text", "ministry")


class NaiveChange(graphene.ObjectType):
    field = graphene.String()
    old = graphene.String()
    new = graphene.String()
    added = graphene.List(graphene.String)
    removed = graphene.List(graphene.String)


class NaiveEntry(graphene.ObjectType):
    when = graphene.DateTime()
    who = graphene.String()
    reason = graphene.String()
    kind = graphene.String()
    changes = graphene.List(NaiveChange)


class NaiveCountry(graphene.ObjectType):
    code = graphene.String()


class NaiveBarrier(DjangoObjectType):
    class Meta:
        model = Barrier
        registry = registry
        interfaces = (relay.Node,)
        fields = (
            "reference",
            "title",
            "status",
            "priority",
            "lead_ministry",
            "category",
            "supporting_ministries",
            "progress_updates",
            "identified_on",
            "version",
        )

    country = graphene.Field(NaiveCountry)
    history = graphene.List(NaiveEntry)

    def resolve_country(root, info):
        return NaiveCountry(code=root.country.code)

    def resolve_history(root, info):
        return timeline(root)


class StatsRow(graphene.ObjectType):
    country = graphene.String()
    status = graphene.String()
    count = graphene.Int()


class Period(graphene.ObjectType):
    period_start = graphene.Date()
    open = graphene.Int()
    reported = graphene.Int()
    resolved = graphene.Int()


class Query(graphene.ObjectType):
    barriers = DjangoConnectionField(
        NaiveBarrier,
        country=graphene.List(graphene.String),
        status=graphene.List(graphene.String),
        ministry=graphene.List(graphene.String),
    )
    barrier_stats = graphene.List(StatsRow)
    progress = graphene.List(Period, from_=graphene.Date(name="from"), to=graphene.Date())

    def resolve_barriers(root, info, **args):
        data = {k: v for k, v in args.items() if k in ("country", "status", "ministry") and v}
        return BarrierFilterSet(data, queryset=Barrier.objects.all()).qs

    def resolve_barrier_stats(root, info):
        counts = Counter((str(b.country), b.status) for b in Barrier.objects.all())
        return [StatsRow(country=c, status=s, count=n) for (c, s), n in sorted(counts.items())]

    def resolve_progress(root, info, from_, to):
        out = []
        for first, last in periods(from_, to):
            counts = Counter(status_as_of(last).values_list("status_at", flat=True))
            out.append(
                Period(
                    period_start=first,
                    reported=counts.get(BarrierStatus.REPORTED, 0),
                    resolved=counts.get(BarrierStatus.RESOLVED, 0),
                    open=sum(n for s, n in counts.items() if s not in BARRIER_CLOSED_STATUSES),
                )
            )
        return out


schema = graphene.Schema(query=Query)
