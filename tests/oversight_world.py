"""A small, hand-countable world for the dashboard, list, export and report tests.

Built through the services with history backdated to known dates, so every figure on the
dashboard can be worked out by hand (see the expected values in test_dashboard.py).
"""

import datetime

from django.utils import timezone

from barriers.services import barriers as services
from barriers.services.common import backdated

from .factories import CategoryFactory, MinistryFactory, coordinator


def at(day):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(12, 0)))


D = datetime.date


def file(actor, day, **fields):
    with backdated(at(day)):
        return services.create_barrier(
            actor, identified_on=day, scope="korea", source="strategy_study", reason=f"Filed {day}", **fields
        )


def move(actor, barrier, day, status, summary=""):
    with backdated(at(day)):
        return services.change_status(
            actor,
            barrier,
            status=status,
            reason=f"To {status} on {day}",
            version=barrier.version,
            resolution_summary=summary,
        )


def build_world():
    kcs = MinistryFactory(code="KCS", name_en="Korea Customs Service", name_ko="관세청")
    motie = MinistryFactory(code="MOTIE", name_en="Ministry of Trade, Industry and Energy", name_ko="산업통상자원부")
    fsc = MinistryFactory(code="FSC", name_en="Financial Services Commission", name_ko="금융위원회")
    customs = CategoryFactory(code="customs", name_en="Customs", name_ko="통관", sort_order=1)
    payment = CategoryFactory(code="payment", name_en="Payment", name_ko="결제", sort_order=2)
    coord = coordinator(username="world_coord")

    us1 = file(
        coord,
        D(2025, 6, 1),
        title="US parcel declaration",
        country="US",
        lead_ministry=kcs,
        category=customs,
        target_on=D(2025, 12, 31),
    )
    us1 = move(coord, us1, D(2025, 7, 15), "confirmed")
    us1 = move(coord, us1, D(2025, 9, 1), "in_progress")
    us1 = move(coord, us1, D(2026, 2, 10), "resolved", "Simplified list declaration")

    us2 = file(
        coord,
        D(2025, 9, 1),
        title="US card checks",
        country="US",
        lead_ministry=motie,
        supporting_ministries=[kcs],
        category=payment,
    )
    us2 = move(coord, us2, D(2025, 10, 1), "confirmed")

    cn1 = file(
        coord,
        D(2025, 3, 1),
        title="CN cosmetics registration",
        country="CN",
        lead_ministry=kcs,
        category=customs,
        target_on=D(2026, 3, 15),
    )
    cn1 = move(coord, cn1, D(2025, 4, 1), "confirmed")
    cn1 = move(coord, cn1, D(2025, 5, 1), "in_progress")
    services.add_progress_update(coord, cn1, text="Talks continue", rag="at_risk", date=timezone.localdate())

    cn2 = file(coord, D(2025, 1, 15), title="CN payment methods", country="CN", lead_ministry=fsc, category=payment)
    cn2 = move(coord, cn2, D(2025, 2, 1), "confirmed")
    cn2 = move(coord, cn2, D(2025, 3, 1), "in_progress")
    cn2 = move(coord, cn2, D(2026, 3, 20), "resolved", "Rules amended")

    jp1 = file(coord, D(2025, 5, 1), title="JP labelling", country="JP", lead_ministry=fsc, category=payment)
    jp1 = move(coord, jp1, D(2025, 8, 1), "rejected", "Not a barrier")

    gb1 = file(coord, D(2026, 1, 5), title="GB returns", country="GB", lead_ministry=motie, category=customs)

    cn3 = file(coord, D(2025, 2, 1), title="CN statistics", country="CN", lead_ministry=kcs, category=customs)
    cn3 = move(coord, cn3, D(2025, 3, 1), "confirmed")
    cn3 = move(coord, cn3, D(2025, 4, 1), "in_progress")
    cn3 = move(coord, cn3, D(2025, 11, 15), "resolved", "Census started")

    return {
        "kcs": kcs,
        "motie": motie,
        "fsc": fsc,
        "customs": customs,
        "payment": payment,
        "coord": coord,
        "US-0001": us1,
        "US-0002": us2,
        "CN-0001": cn1,
        "CN-0002": cn2,
        "JP-0001": jp1,
        "GB-0001": gb1,
        "CN-0003": cn3,
    }


def more_barriers(coord, ministries, categories, n):
    """n extra barriers across new markets and ministries (for query counts that must not grow)."""
    countries = ["VN", "ID", "DE", "FR", "SG", "TH"]
    out = []
    for i in range(n):
        b = file(
            coord,
            D(2025, 1 + i % 12, 1 + i % 27),
            title=f"Extra {i}",
            country=countries[i % len(countries)],
            lead_ministry=ministries[i % len(ministries)],
            category=categories[i % len(categories)],
            supporting_ministries=[ministries[(i + 1) % len(ministries)]],
        )
        if i % 3 == 0:
            b = move(coord, b, D(2025, 12, 1), "confirmed")
        if i % 6 == 0:
            b = move(coord, b, D(2026, 1, 1), "in_progress")
            b = move(coord, b, D(2026, 2, 1), "resolved", "Done")
        services.add_progress_update(coord, b, text=f"Update {i}", rag="on_track", date=D(2026, 1, 2))
        out.append(b)
    return out
