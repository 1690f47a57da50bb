import datetime

import factory
from django.contrib.auth import get_user_model

from barriers.choices import Role
from barriers.models import Barrier, Category, Ministry
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
