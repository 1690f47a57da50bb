"""The foundation: history on every model, constraints, stable references, the seed command."""

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import translation

from barriers.errors import Invalid
from barriers.models import Barrier, Category, Membership, Ministry, ProgressUpdate
from barriers.services import barriers as services
from barriers.services.reference import save_reference_record

from .factories import BarrierFactory, UserFactory

pytestmark = pytest.mark.django_db


def latest(model, **filters):
    return model.history.filter(**filters).order_by("-history_date", "-history_id").first()


def test_creating_a_barrier_writes_one_history_row_with_user_reason_and_ministries(barrier, kcs_officer, motie):
    rows = barrier.history.all()
    assert rows.count() == 1
    row = rows.get()
    assert row.history_type == "+"
    assert row.history_user == kcs_officer
    assert row.history_change_reason == "Found in the strategy study"
    assert [m.ministry_id for m in row.supporting_ministries.all()] == [motie.pk]


def test_every_service_write_leaves_a_history_row_with_user_and_reason(english, barrier, kcs_officer, coord, fsc):
    barrier = services.update_barrier(
        kcs_officer, barrier, version=barrier.version, reason="Clarified", title="New title"
    )
    barrier = services.change_status(
        kcs_officer, barrier, status="confirmed", reason="Verified with KCS", version=barrier.version
    )
    barrier = services.assign_ministries(
        coord,
        barrier,
        lead_ministry=barrier.lead_ministry,
        supporting_ministries=[fsc],
        version=barrier.version,
        reason="FSC joins",
    )
    update = services.add_progress_update(kcs_officer, barrier, text="Drafting the notice", rag="on_track")

    reasons = list(
        barrier.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", "history_user__username"
        )
    )
    assert reasons == [
        ("Found in the strategy study", "kcs_officer"),
        ("Clarified", "kcs_officer"),
        ("Verified with KCS", "kcs_officer"),
        ("FSC joins", "coord"),
    ]
    progress_row = update.history.get()
    assert progress_row.history_user == kcs_officer and progress_row.history_change_reason == "Progress update"


def test_reference_data_and_memberships_have_history(db):
    admin = UserFactory(is_superuser=True, is_staff=True)
    ministry = Ministry(code="KPOST", name_ko="우정사업본부", name_en="Korea Post", kind="agency")
    save_reference_record(admin, ministry, reason="Added Korea Post")
    row = latest(Ministry, code="KPOST")
    assert (row.history_user, row.history_change_reason) == (admin, "Added Korea Post")

    category = Category(code="tax", name_ko="조세", name_en="Tax", ntm_chapter="F")
    save_reference_record(admin, category, reason="Added tax")
    assert latest(Category, code="tax").history_change_reason == "Added tax"

    from barriers.services.memberships import set_membership

    user = UserFactory()
    set_membership(admin, user, role="officer", ministry=ministry, reason="New KPOST officer")
    row = latest(Membership, user=user)
    assert (row.history_user, row.history_change_reason, row.role) == (admin, "New KPOST officer", "officer")
    assert not user.is_staff and not user.groups.exists()  # a role gives no admin access


@pytest.mark.parametrize(
    "fields, constraint",
    [
        ({"status": "reported", "resolved_on": datetime.date(2026, 2, 1)}, "barrier_resolved_on_needs_resolved_status"),
        (
            {"identified_on": datetime.date(2026, 3, 1), "target_on": datetime.date(2026, 2, 1)},
            "barrier_target_not_before_identified",
        ),
        ({"trade_impact_krw": -1}, "barrier_trade_impact_non_negative"),
        ({"status": "bogus"}, "barrier_status_valid"),
    ],
)
def test_database_constraints_reject_bad_rows(fields, constraint):
    with pytest.raises(IntegrityError) as exc, transaction.atomic():
        BarrierFactory(**fields)
    assert constraint in str(exc.value)  # this constraint, not merely some CHECK (both databases name it)


def test_reference_is_unique_in_the_database(barrier):
    with pytest.raises(IntegrityError), transaction.atomic():
        BarrierFactory(reference=barrier.reference)


@pytest.mark.parametrize(
    "fields, field, message",
    [
        (
            {"identified_on": datetime.date(2026, 3, 1), "target_on": datetime.date(2026, 2, 1)},
            "target_on",
            "before the identified date",
        ),
        ({"trade_impact_krw": -5}, "trade_impact_krw", "cannot be negative"),
        ({"title": ""}, "title", ""),
    ],
)
def test_services_turn_constraint_violations_into_clear_field_errors(barrier, kcs_officer, fields, field, message):
    with pytest.raises(Invalid) as exc, translation.override("en"):
        services.update_barrier(kcs_officer, barrier, version=barrier.version, **fields)
    assert exc.value.first.field == field
    assert message in exc.value.first.message
    barrier.refresh_from_db()
    assert barrier.version == 1 and barrier.history.count() == 1


def test_references_are_per_country_sequences_and_never_reused(kcs_officer, kcs, customs, barrier):
    def file(country):
        return services.create_barrier(
            kcs_officer, lead_ministry=kcs, title="t", country=country, scope="market", category=customs, source="other"
        )

    cn1, cn2 = file("CN"), file("CN")
    assert (barrier.reference, cn1.reference, cn2.reference) == ("US-0001", "CN-0001", "CN-0002")
    Barrier.objects.filter(pk=cn2.pk).delete()
    assert file("CN").reference == "CN-0003"
    cn1.refresh_from_db()
    assert cn1.reference == "CN-0001"


def test_seed_demo_is_idempotent(settings, capsys):
    settings.DEBUG = True
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert "tracker-demo-2026" in out and "officer.kcs" in out and "oversight" in out

    def snapshot():
        return (
            Ministry.objects.count(),
            Category.objects.count(),
            Barrier.objects.count(),
            ProgressUpdate.objects.count(),
            Membership.objects.count(),
            sorted(Barrier.objects.values_list("reference", "title")),
            Barrier.history.count(),
            Ministry.history.count(),
            Membership.history.count(),
        )

    first = snapshot()
    assert first[0] == 15 and first[1] == 10 and first[2] >= 20
    assert {c for (c,) in Barrier.objects.values_list("country")} >= {"US", "CN", "JP", "VN", "ID"}
    call_command("seed_demo")
    assert snapshot() == first


def test_seed_demo_skips_demo_data_without_debug(settings):
    settings.DEBUG = False
    call_command("seed_demo")
    assert Ministry.objects.count() == 15
    assert Barrier.objects.count() == 0
