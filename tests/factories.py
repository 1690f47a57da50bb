"""Test data: factories for rows, and helpers that make a record through its service as a user would.

Read-side tests may use the factories' direct rows; write-side tests go through the services.
"""

import datetime
import uuid

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from barriers.choices import Role
from barriers.models import Barrier, Category, Complaint, Ministry
from barriers.services import complaints as complaint_services
from barriers.services import publication as publication_services
from barriers.services.memberships import set_membership


class MinistryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Ministry
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"M{n:03d}")
    name_ko = factory.LazyAttribute(lambda o: f"{o.code} 부처")
    name_en = factory.LazyAttribute(lambda o: f"Ministry {o.code}")
    kind = "ministry"
    email = factory.LazyAttribute(lambda o: f"{o.code.lower()}@tracker.example")


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"cat{n}")
    name_ko = factory.LazyAttribute(lambda o: f"{o.code} 분류")
    name_en = factory.LazyAttribute(lambda o: f"Category {o.code}")
    ntm_chapter = "B"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@tracker.example")
    password = factory.PostGenerationMethodCall("set_password", "pw")

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


def member(role, ministry=None, **kwargs):
    """A user with a membership, made through the membership service."""
    user = UserFactory(**kwargs)
    set_membership(None, user, role=role, ministry=ministry)
    return get_user_model().objects.select_related("membership__ministry").get(pk=user.pk)


def officer(ministry, **kwargs):
    return member(Role.OFFICER, ministry, **kwargs)


def coordinator(**kwargs):
    return member(Role.COORDINATOR, MinistryFactory(code="MOEF"), **kwargs)


def oversight(**kwargs):
    return member(Role.OVERSIGHT, None, **kwargs)


class BarrierFactory(factory.django.DjangoModelFactory):
    """Direct rows for read-side tests. Write-side tests go through the services."""

    class Meta:
        model = Barrier
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"ZZ-{n + 1:04d}")
    title = factory.Sequence(lambda n: f"Barrier {n}")
    description = "Something blocks exports."
    country = "CN"
    scope = "korea"
    category = factory.SubFactory(CategoryFactory)
    lead_ministry = factory.SubFactory(MinistryFactory)
    source = "strategy_study"
    identified_on = factory.LazyFunction(lambda: datetime.date(2026, 1, 10))

    @factory.post_generation
    def supporting(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.supporting_ministries.set(extracted)


class LinkedComplaintFactory(factory.django.DjangoModelFactory):
    """A complaint row already linked to a barrier (pass `barrier=`), for read-side tests."""

    class Meta:
        model = Complaint

    reference = factory.Sequence(lambda n: f"C-2026-{n + 1:06d}")
    submission_id = factory.LazyFunction(uuid.uuid4)
    token_hash = factory.LazyFunction(lambda: uuid.uuid4().hex * 2)
    company_name = "Hanbit Cosmetics"
    business_number = "1234567891"
    contact_name = "Lee"
    email = "lee@hanbit.example"
    country = "CN"
    description = "Blocked at customs."
    consent_at = factory.LazyFunction(timezone.now)
    first_reply_due = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))
    final_answer_due = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=90))
    status = "linked"


def submit_complaint(category, **overrides):
    """A complaint submitted through the service, as the form would; returns (complaint, token)."""
    data = {
        "company_name": "한빛화장품",
        "business_number": "1234567891",
        "contact_name": "김민지",
        "email": "minji@hanbit.example",
        "phone": "",
        "country": "CN",
        "category": category,
        "product": "",
        "description": "Parcel declarations.",
        "desired_fix": "",
    }
    data.update(overrides)
    result = complaint_services.submit_complaint(
        submission_id=uuid.uuid4(), data=data, status_url=lambda token: f"http://testserver/complaints/status/{token}/"
    )
    return result.complaint, result.token


def publish(proposer, approver, barrier, **texts):
    """Put a barrier on the public register: `proposer` proposes the public texts, `approver` approves."""
    defaults = {
        "title_ko": "소액 물품 수출신고 부담",
        "title_en": "Export declaration burden for small parcels",
        "summary_ko": "건별 소액 물품에도 일반 수출신고가 필요합니다.",
        "summary_en": "Every small parcel needs a full export declaration.",
    }
    publication_services.propose_public_version(proposer, barrier, **{**defaults, **texts})
    publication_services.approve_publication(approver, barrier)
