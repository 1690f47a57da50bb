"""Barrier reads: visible, with their joins built in."""

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from ..filters import BarrierFilterSet
from ..models import Barrier, Ministry, ProgressUpdate


def visible_barriers(user):
    return Barrier.objects.visible_to(user)


def barrier_list_queryset(user):
    """For lists, the admin and exports: one query for the page plus one per to-many relation."""
    return (
        visible_barriers(user)
        .select_related("lead_ministry", "category")
        .prefetch_related("supporting_ministries")
        .with_flags()
    )


def barrier_detail_queryset(user):
    return barrier_list_queryset(user).prefetch_related(
        Prefetch(
            "progress_updates",
            queryset=ProgressUpdate.objects.select_related("author", "ministry").order_by("-date", "-id"),
        )
    )


def filter_barriers(user, params, queryset=None):
    """Apply the shared FilterSet; returns (filterset, queryset). Invalid params -> fs.errors."""
    base = barrier_list_queryset(user) if queryset is None else queryset
    filterset = BarrierFilterSet(params, queryset=base)
    return filterset, filterset.qs if filterset.is_valid() else base.none()


# Relations a page may ask for, each mapped to the join that serves it in a fixed number of queries.
PAGE_RELATIONS = frozenset(
    {
        "lead_ministry",
        "category",
        "supporting_ministries",
        "progress_updates",
        "complaints",
        "flags",
        "complaint_count",
        "notes",
    }
)


def progress_updates_queryset(include=frozenset()):
    """Progress updates newest first, joined to what `include` names (`author`, `ministry`)."""
    queryset = ProgressUpdate.objects.order_by("-date", "-id")
    joins = [name for name in ("author", "ministry") if name in include]
    return queryset.select_related(*joins) if joins else queryset


def barrier_page_queryset(user, include=frozenset()):
    """Visible barriers with exactly the joins a page needs (`include` names from PAGE_RELATIONS,
    and `progress_updates.author` / `progress_updates.ministry` for the updates' own joins).

    FKs become select_related, to-many relations one prefetch query each, so a page costs the same
    number of queries for 1 row and for 100. The API builds `include` from the requested fields.
    To-many rows land in plain lists, `<relation>_list` (`progress_updates_list`, ...): Django's
    default prefetch clones a queryset per parent row to hold them, ~0.5 ms a row with a join.
    """
    from ..models import Complaint

    queryset = visible_barriers(user)
    joins = [name for name in ("lead_ministry", "category") if name in include]
    if joins:
        queryset = queryset.select_related(*joins)
    if "supporting_ministries" in include:
        queryset = queryset.prefetch_related(
            Prefetch("supporting_ministries", queryset=Ministry.objects.all(), to_attr="supporting_ministries_list")
        )
    if "progress_updates" in include:
        nested = {name.partition(".")[2] for name in include if name.startswith("progress_updates.")}
        queryset = queryset.prefetch_related(
            Prefetch("progress_updates", queryset=progress_updates_queryset(nested), to_attr="progress_updates_list")
        )
    if "complaints" in include:
        queryset = queryset.prefetch_related(
            Prefetch(
                "complaints",
                queryset=Complaint.objects.select_related(
                    "category", "answering_ministry", "routed_ministry", "barrier"
                )
                .with_overdue()
                .order_by("-received_at", "-id"),
                to_attr="complaints_list",
            )
        )
    if "notes" in include:
        from .. import permissions
        from .follows import notes_queryset

        queryset = queryset.prefetch_related(
            Prefetch("notes", queryset=permissions.filter_visible_notes(notes_queryset(), user), to_attr="notes_list")
        )
    if "flags" in include:
        queryset = queryset.with_flags()
    if "complaint_count" in include:
        queryset = queryset.annotate(complaint_count=complaint_count())
    return queryset


def complaint_count():
    """How many complaints concern a barrier (linked by an officer or followed at intake): one
    subquery per row, so the page query never grows a join or a GROUP BY."""
    from ..models import Complaint

    linked = (
        Complaint.objects.filter(barrier=OuterRef("pk"))
        .order_by()
        .values("barrier")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(linked, output_field=IntegerField()), 0)


def with_stable_order(queryset):
    """Append the primary key to the ordering so offset cursors never skip or repeat rows."""
    order = list(queryset.query.order_by) or list(Barrier._meta.ordering)
    if "pk" not in order and "-pk" not in order and "id" not in order:
        order.append("pk")
    return queryset.order_by(*order)
