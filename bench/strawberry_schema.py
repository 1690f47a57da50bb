"""The strawberry-django peer (bench only): the same page over the same models, written the way
strawberry-django's documentation suggests, with its query optimizer on
(`DjangoOptimizerExtension`: only/select_related/prefetch_related from the selection).

`history` here is simple-history's own relation (one prefetch of the historical rows), which is
less than the project's timeline (no progress entries); the bench's page asks only for fields
both can answer (`when who reason kind`).
"""

from collections.abc import Iterable
from datetime import date, datetime

import strawberry
import strawberry_django
from strawberry import relay
from strawberry_django.optimizer import DjangoOptimizerExtension
from strawberry_django.relay import DjangoListConnection

from barriers.change_reasons import display_reason
from barriers.models import Barrier, Category, Ministry, ProgressUpdate

BarrierHistory = Barrier.history.model
KINDS = {"+": "CREATED", "-": "DELETED", "~": "CHANGED"}


@strawberry.type
class SCountry:
    code: str


@strawberry_django.type(Ministry)
class SMinistry:
    code: str
    name_en: str


@strawberry_django.type(Category)
class SCategory:
    code: str
    name_en: str


@strawberry_django.type(ProgressUpdate)
class SProgressUpdate:
    date: date
    text: str
    ministry: SMinistry | None

    @strawberry_django.field(only=["status"])
    def status(self) -> str:
        return self.status.upper()

    @strawberry_django.field(only=["rag"])
    def rag(self) -> str:
        return self.rag.upper()


@strawberry_django.type(BarrierHistory)
class SHistoryEntry:
    @strawberry_django.field(only=["history_date"])
    def when(self) -> datetime:
        return self.history_date

    @strawberry_django.field(
        only=["history_user__first_name", "history_user__last_name", "history_user__username"],
        select_related=["history_user"],
    )
    def who(self) -> str:
        user = self.history_user
        return (user.get_full_name() or user.get_username()) if user else "system"

    @strawberry_django.field(only=["history_change_reason"])
    def reason(self) -> str:
        return display_reason(self.history_change_reason)

    @strawberry_django.field(only=["history_type"])
    def kind(self) -> str:
        return KINDS.get(self.history_type, "CHANGED")


@strawberry_django.type(Barrier)
class SBarrier(relay.Node):
    reference: str
    title: str
    identified_on: date
    version: int
    lead_ministry: SMinistry
    category: SCategory
    supporting_ministries: list[SMinistry]
    progress_updates: list[SProgressUpdate]
    history: list[SHistoryEntry]

    @strawberry_django.field(only=["status"])
    def status(self) -> str:
        return self.status.upper()

    @strawberry_django.field(only=["priority"])
    def priority(self) -> str:
        return self.priority.upper()

    @strawberry_django.field(only=["country"])
    def country(self) -> SCountry:
        return SCountry(code=self.__dict__["country"])


@strawberry.type
class Query:
    @strawberry_django.connection(DjangoListConnection[SBarrier])
    def barriers(self, info: strawberry.Info) -> Iterable[Barrier]:
        user = info.context.request.user
        return Barrier.objects.visible_to(user).order_by("reference", "pk")


schema = strawberry.Schema(query=Query, extensions=[DjangoOptimizerExtension()])
