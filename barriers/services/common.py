from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError

from ..errors import Forbidden, Invalid
from ..input_rules import clean_text, clean_text_fields
from ..models import ReferenceSequence


def next_reference_number(prefix):
    """The next number for `prefix`, never reused. Call inside transaction.atomic()."""
    seq, _ = ReferenceSequence.objects.select_for_update().get_or_create(prefix=prefix)
    seq.last_value += 1
    seq.save(update_fields=["last_value"])
    return seq.last_value


_history_date = ContextVar("history_date", default=None)


@contextmanager
def backdated(when):
    """Record history at `when` instead of now: for importing past events (the demo seed)."""
    token = _history_date.set(when)
    try:
        yield
    finally:
        _history_date.reset(token)


def now_or_backdated():
    from django.utils import timezone

    return _history_date.get() or timezone.now()


def stamp(instance, user, reason):
    """Mark the next save()'s history row with who and why (and when, if backdated)."""
    instance._history_user = user if user is not None and user.is_authenticated else None
    instance._change_reason = clean_text(reason)
    when = _history_date.get()
    if when is not None:
        instance._history_date = when


def require(allowed, message):
    if not allowed:
        raise Forbidden(message)


def validate(instance, exclude=None):
    """Clean what people typed (input_rules: control characters out), then the model's own rules
    (field validators such as the date bounds, constraints); Invalid on failure."""
    clean_text_fields(instance)
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        raise Invalid.from_django(exc) from exc


def display_name(user):
    if user is None:
        return "system"
    name = user.get_full_name() or user.get_username()
    membership = getattr(user, "membership", None)
    if membership and membership.ministry_id:
        return f"{name} ({membership.ministry.code})"
    return name
