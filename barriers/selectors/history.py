"""Barrier history read back as a timeline, and barrier status as of a date.

Timelines are built for many barriers at once from one ordered fetch of the history rows, one of
the m2m history rows and one of progress updates; consecutive rows are diffed in memory
(simple-history's prev_record/diff_against would cost queries per row).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, time

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from ..change_reasons import SYSTEM_REASONS, display_reason
from ..countries import country_name
from ..formatting import day, money
from ..models import Barrier, Category, Ministry, ProgressUpdate

HIDDEN_FIELDS = {"updated_at", "created_at", "created_by", "version", "reference"}
HISTORY_META = {
    "history_id",
    "history_date",
    "history_change_reason",
    "history_type",
    "history_user",
    "history_user_id",
    "history_relation",
}


@dataclass
class FieldChange:
    field: str
    label: str
    old: str | None = None
    new: str | None = None
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)


@dataclass
class TimelineEntry:
    when: datetime
    kind: str  # "created" | "changed" | "deleted" | "progress"
    who: str
    ministry: str | None
    reason: str
    version: int | None = None
    changes: list = field(default_factory=list)
    progress: ProgressUpdate | None = None

    @property
    def changed_fields(self):
        return [c.field for c in self.changes]


def _who(user):
    if user is None:
        return _("system"), None
    name = user.get_full_name() or user.get_username()
    membership = getattr(user, "membership", None)
    ministry = membership.ministry if membership is not None and membership.ministry_id else None
    return name, (ministry.code if ministry else None)


class _Labels:
    """Human labels for stored values; ministries and categories are small, so one query each."""

    def __init__(self):
        self._ministries = None
        self._categories = None
        self._choice_maps = {}

    def _choices(self, model_field):
        if model_field.name not in self._choice_maps:
            # str() once per label: the lazy labels cost a gettext call on every use.
            self._choice_maps[model_field.name] = {k: str(v) for k, v in model_field.flatchoices}
        return self._choice_maps[model_field.name]

    def ministry(self, pk):
        if self._ministries is None:
            self._ministries = {m.pk: m for m in Ministry.objects.all()}
        m = self._ministries.get(pk)
        return f"{m.code} {m.name}" if m else (None if pk is None else f"#{pk}")

    def category(self, pk):
        if self._categories is None:
            self._categories = {c.pk: c for c in Category.objects.all()}
        c = self._categories.get(pk)
        return c.name if c else (None if pk is None else f"#{pk}")

    def value(self, model_field, value):
        if value is None or value == "":
            return None
        name = model_field.name
        if name == "lead_ministry":
            return self.ministry(value)
        if name == "category":
            return self.category(value)
        if name == "country":
            return country_name(value)
        if model_field.choices:
            return self._choices(model_field).get(value, str(value))
        if name == "trade_impact_krw":
            return money(value)
        if hasattr(value, "isoformat"):
            return day(value)
        return str(value)


def _tracked_fields():
    return [f for f in Barrier._meta.concrete_fields if f.name not in HIDDEN_FIELDS]


def timelines_for(barrier_ids, include_progress=True, *, changes=True, who=True, progress_updates=None):
    """{barrier_id: [TimelineEntry, ...]} oldest first, in a fixed number of queries.

    History rows are read as tuples (not model instances: a page of 100 barriers has ~1,000 of
    them, and instantiating four models per row dominated the time), and labels are computed once
    per field and only for values that changed.

    A caller that needs less asks for less (the API, from the query's selection):
    - `changes=False`: no field diffs, so neither the tracked columns nor the m2m history rows are read;
    - `who=False`: the actors (`who`, `ministry`) are left empty and their users not joined;
    - `progress_updates`: the ProgressUpdate queryset (with the joins the caller needs) whose rows
      become the progress entries' `.progress`; by default they come with author and ministry, and
      with `False` the progress entries carry no ProgressUpdate, only who, when and the ministry.
    """
    barrier_ids = list(barrier_ids)
    if not barrier_ids:
        return {}
    History = Barrier.history.model
    fields = _tracked_fields() if changes else []
    attnames = [f.attname for f in fields]
    meta = ["id", "history_id", "history_date", "history_change_reason", "history_type", "version"]
    actor = [
        "history_user__first_name",
        "history_user__last_name",
        "history_user__username",
        "history_user__membership__ministry__code",
    ]
    rows = (
        History.objects.filter(id__in=barrier_ids)
        .order_by("id", "history_date", "history_id")
        .values_list(*meta, *(actor if who else ()), *attnames)
    )
    m2m = defaultdict(set)
    if changes:
        M2M = _m2m_history_model()
        for history_id, ministry_id in M2M.objects.filter(history__id__in=barrier_ids).values_list(
            "history_id", "ministry_id"
        ):
            m2m[history_id].add(ministry_id)

    labels = _Labels()
    field_labels = [str(f.verbose_name) for f in fields]
    supporting_label = str(Barrier._meta.get_field("supporting_ministries").verbose_name)
    system = _("system")
    kinds = {"+": "created", "-": "deleted"}
    offset = len(meta) + (len(actor) if who else 0)
    result = defaultdict(list)
    previous = {}
    for row in rows:
        barrier_id, history_id, when, reason, history_type, version = row[:6]
        if who:
            first, last, username, ministry = row[6:offset]
            name = f"{first or ''} {last or ''}".strip() or username or system
        else:
            name, ministry = "", None
        entry = TimelineEntry(
            when=when,
            who=name,
            ministry=ministry,
            reason=display_reason(reason),
            version=version,
            kind=kinds.get(history_type, "changed"),
        )
        if changes:
            values = row[offset:]
            current_m2m = m2m.get(history_id, set())
            prev = previous.get(barrier_id)
            if prev is not None:
                prev_history_id, prev_values = prev
                for i, (old, new) in enumerate(zip(prev_values, values, strict=True)):
                    if old != new:
                        f = fields[i]
                        entry.changes.append(
                            FieldChange(f.name, field_labels[i], labels.value(f, old), labels.value(f, new))
                        )
                prev_m2m = m2m.get(prev_history_id, set())
                if prev_m2m != current_m2m:
                    entry.changes.append(
                        FieldChange(
                            "supporting_ministries",
                            supporting_label,
                            added=sorted(labels.ministry(pk) for pk in current_m2m - prev_m2m),
                            removed=sorted(labels.ministry(pk) for pk in prev_m2m - current_m2m),
                        )
                    )
            previous[barrier_id] = (history_id, values)
        result[barrier_id].append(entry)

    if include_progress:
        progress_reason = display_reason(SYSTEM_REASONS.PROGRESS)
        for barrier_id, entry in _progress_entries(barrier_ids, who, progress_updates, progress_reason):
            result[barrier_id].append(entry)
        for entries in result.values():
            entries.sort(key=lambda e: e.when)
    return dict(result)


def _progress_entries(barrier_ids, who, progress_updates, reason):
    """(barrier_id, TimelineEntry) for each progress update, in one query."""
    if progress_updates is False:
        columns = ["barrier_id", "created_at"]
        if who:
            columns += [
                "author__first_name",
                "author__last_name",
                "author__username",
                "author__membership__ministry__code",
                "ministry__code",
            ]
        system = _("system")
        for row in ProgressUpdate.objects.filter(barrier_id__in=barrier_ids).values_list(*columns):
            name, ministry = "", None
            if who:
                first, last, username, author_ministry, update_ministry = row[2:]
                name = f"{first or ''} {last or ''}".strip() or username or system
                ministry = update_ministry or author_ministry
            yield row[0], TimelineEntry(when=row[1], kind="progress", who=name, ministry=ministry, reason=reason)
        return
    if progress_updates is None:
        progress_updates = ProgressUpdate.objects.select_related("author__membership__ministry", "ministry")
    elif who:
        progress_updates = progress_updates.select_related("author__membership__ministry", "ministry")
    for update in progress_updates.filter(barrier_id__in=barrier_ids):
        name, ministry = _who(update.author) if who else ("", None)
        if who and update.ministry_id:
            ministry = update.ministry.code
        yield (
            update.barrier_id,
            TimelineEntry(
                when=update.created_at, kind="progress", who=name, ministry=ministry, reason=reason, progress=update
            ),
        )


def _m2m_history_model():
    from ..models import barrier_history

    return next(iter(barrier_history.m2m_models.values()))


def timeline(barrier):
    return timelines_for([barrier.pk]).get(barrier.pk, [])


def changes_since(barrier_id, version):
    """Who changed what after `version` (for conflict messages)."""
    entries = timelines_for([barrier_id], include_progress=False).get(barrier_id, [])
    return [
        {
            "who": e.who + (f" ({e.ministry})" if e.ministry else ""),
            "when": e.when,
            "fields": [str(c.label) for c in e.changes],
            "reason": e.reason,
        }
        for e in entries
        if e.version is not None and e.version > version
    ]


def end_of_day(day):
    return timezone.make_aware(datetime.combine(day, time.max))


def status_as_of(day, queryset=None):
    """Barriers annotated with `status_at`: their status at the end of `day`, from history.

    Barriers that did not exist yet by then are left out. One correlated subquery, served by the
    (id, history_date) index on the history table.
    """
    History = Barrier.history.model
    last = History.objects.filter(id=OuterRef("pk"), history_date__lte=end_of_day(day)).order_by(
        "-history_date", "-history_id"
    )
    qs = Barrier.objects.all() if queryset is None else queryset
    return qs.annotate(status_at=Subquery(last.values("status")[:1])).filter(status_at__isnull=False)


def attach_timelines(barriers, include_progress=True, **options):
    """Set `.timeline` on each barrier of a page from ONE timelines_for call (after slicing);
    `options` as timelines_for's (what the caller will read of the entries)."""
    barriers = list(barriers)
    timelines = timelines_for([b.pk for b in barriers], include_progress=include_progress, **options)
    for barrier in barriers:
        barrier.timeline = timelines.get(barrier.pk, [])
    return barriers
