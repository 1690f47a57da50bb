"""Django's and django-simple-history's admin strings that read badly in Korean with our names.

Django's own Korean catalogue has "보기위한 1%s 를(을) 선택" (a stray "1"), "뷰 %s" and
"%(filter_title)s (으)로"; django-simple-history has no Korean at all. Our catalogue
(barriers/locale) takes precedence over both, so these msgids are retranslated there; listing
them here keeps `makemessages` from dropping them.
"""

from django.utils.translation import gettext_noop, ngettext_lazy, pgettext_lazy

DJANGO_ADMIN = (
    gettext_noop("Select %s to view"),
    gettext_noop("View %s"),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Change history: %s"),
    gettext_noop("View history: %s"),
)
# django-tasks-db's model names (its app's name is set in tracker/apps.py).
TASKS = (gettext_noop("Task Result"), gettext_noop("Task Results"))
# django-tasks-db's field names (lazy msgids there, with no Korean of their own).
TASK_FIELDS = (
    gettext_noop("enqueued at"),
    gettext_noop("started at"),
    gettext_noop("finished at"),
    gettext_noop("args kwargs"),
    gettext_noop("task path"),
    gettext_noop("worker id"),
    gettext_noop("queue name"),
    gettext_noop("backend name"),
    gettext_noop("run after"),
    gettext_noop("return value"),
    gettext_noop("exception class path"),
)
# django-tasks' statuses (pgettext "Task"), shown in the task results' list and filter.
TASK_STATUSES = (
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
)
RESULT_COUNT = ngettext_lazy("%(counter)s result", "%(counter)s results", "counter")

SIMPLE_HISTORY = (
    gettext_noop("Object"),
    gettext_noop("Date/time"),
    gettext_noop("Comment"),
    gettext_noop("Change reason"),
    gettext_noop("None"),
    gettext_noop("Created"),
    gettext_noop("Changed"),
    gettext_noop("Deleted"),
    gettext_noop("This object doesn't have a change history."),
    gettext_noop("Deleted %(type_name)s"),
    gettext_noop("Choose a date from the list below to revert to a previous version of this object."),
)
