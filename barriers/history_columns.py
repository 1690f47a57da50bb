"""The barrier history rows' own columns (prev_status, prev_country): how they are filled.

Each row records the status and country of the row before it, so that "which rows changed the
status" is a column comparison the database can index (see selectors/stats.py), not a window
function over the whole history table on every read.
"""

from simple_history.signals import pre_create_historical_record

# The rows that change a barrier's status or market (or create/delete it). The partial index in
# migration 0003 has exactly this predicate; PostgreSQL uses it only if the query repeats it.
CHANGE_PREDICATE = "(prev_status IS NULL OR prev_status <> status OR prev_country <> country OR history_type = '-')"


def fill_previous_columns(sender, instance, history_instance, **kwargs):
    """simple-history's documented hook for extra history columns: runs as the row is built.

    One indexed lookup per write ((id, history_date, history_id) index). Writes to one barrier
    are serialised by the service's version claim, so the row read here is the latest one.
    """
    previous = (
        sender.objects.filter(id=instance.pk, history_date__lte=history_instance.history_date)
        .order_by("-history_date", "-history_id")
        .values_list("status", "country")
        .first()
    )
    history_instance.prev_status, history_instance.prev_country = previous or (None, None)


def connect():
    from .models import Barrier

    pre_create_historical_record.connect(
        fill_previous_columns, sender=Barrier.history.model, dispatch_uid="barrier_history_previous"
    )
