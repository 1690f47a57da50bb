"""What every admin page of the tracker shares: it never writes outside the services, and it filters
only on what it declares.

- `TrackerAdminMixin.lookup_allowed`: a changelist takes the filters in `list_filter` and the
  `date_hierarchy`, nothing else. Django's default accepts any lookup on a local field, so
  `?email__startswith=m` answered yes or no (by the row count) for a column the page hid.
  `never_filter_on` names fields no query string may touch at all (personal data).
- `ServiceHistoryAdmin`: django-simple-history's "view a historical version" page saves whatever is
  POSTed to it (for anyone who may merely view the model; SIMPLE_HISTORY_REVERT_DISABLED only
  hides the button). Here it shows the version read-only and refuses every POST (405), so no
  revert, no rewrite, on every model.
- Its history pages speak the page's language: change reasons through change_reasons.display_reason,
  an empty value or foreign key as "-" (django-simple-history writes "None" and "Deleted ... (pk=None)"),
  the version page's breadcrumbs with the model's translated names (barriers/templates/admin/history/).
- No bulk "delete selected": rows are closed or revoked through the services, never deleted in bulk
  (the action deletes with QuerySet.delete, outside any service).
"""

from django.contrib.admin.filters import SimpleListFilter
from django.core.exceptions import FieldDoesNotExist
from django.http import HttpResponseNotAllowed
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

# What the declared filters add to their field's path in a query string (Django's list filters:
# choices, all-values, related, boolean, empty, date; the date hierarchy's year/month/day).
FILTER_SUFFIXES = frozenset({"", "exact", "isnull", "id__exact", "isempty", "gte", "lt", "year", "month", "day"})
_VIEWING_HISTORY = "_tracker_viewing_history"


class TrackerAdminMixin:
    never_filter_on = ()

    def lookup_allowed(self, lookup, value, request=None):
        if set(lookup.split("__")) & set(self.never_filter_on):
            return False
        list_filter = self.get_list_filter(request) if request is not None else self.list_filter
        for item in list_filter:
            if isinstance(item, type) and issubclass(item, SimpleListFilter):
                if lookup == item.parameter_name:
                    return True
                continue
            path = item[0] if isinstance(item, (list, tuple)) else item
            if lookup == path or (lookup.startswith(f"{path}__") and lookup[len(path) + 2 :] in FILTER_SUFFIXES):
                return True
        if self.date_hierarchy and lookup in {f"{self.date_hierarchy}__{part}" for part in ("year", "month", "day")}:
            return True
        return False

    def get_actions(self, request):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


class HistoryDeltaHelper(HistoricalRecordContextHelper):
    """A history list's changes with nothing shown as "-", not "None" or "Deleted ... (pk=None)"."""

    def prepare_delta_change_value(self, change, value):
        if value is None or (isinstance(value, DeletedObject) and value.pk is None):
            return "-"
        return super().prepare_delta_change_value(change, value)


class ServiceHistoryAdmin(TrackerAdminMixin, SimpleHistoryAdmin):
    """A SimpleHistoryAdmin whose history pages only show."""

    object_history_list_template = "admin/history/object_history_list.html"
    object_history_form_template = "admin/history/object_history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return HistoryDeltaHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method not in ("GET", "HEAD"):
            return HttpResponseNotAllowed(["GET", "HEAD"])
        setattr(request, _VIEWING_HISTORY, True)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def revert_disabled(self, request, obj=None):
        return True

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if getattr(request, _VIEWING_HISTORY, False):
            # a version shows what the model held: form-only inputs (a reason, the version read) go
            fields = [name for name in fields if self._shows_a_value(name)]
        return fields

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if getattr(request, _VIEWING_HISTORY, False):
            opts = self.model._meta
            every = [f.name for f in (*opts.fields, *opts.many_to_many) if f.editable and not f.auto_created]
            fields += [name for name in every if name not in fields]
        return fields

    def get_inlines(self, request, obj):
        return [] if getattr(request, _VIEWING_HISTORY, False) else super().get_inlines(request, obj)

    def _shows_a_value(self, name):
        try:
            self.model._meta.get_field(name)
            return True
        except FieldDoesNotExist:
            return callable(getattr(self, name, None))
