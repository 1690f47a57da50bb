"""Barrier reads: visible, with their joins built in."""
from django.db.models import Prefetch

from ..filters import BarrierFilterSet
from ..models import Barrier, ProgressUpdate


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
