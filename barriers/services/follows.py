"""Follow barriers and saved views, choose the digest, unsubscribe, feed tokens.

These are a person's own reading preferences, not the audit trail of a barrier: they keep no
history. Each write checks permissions.can_follow (or ownership) and runs in one transaction.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import notifications, permissions
from ..errors import Invalid, NotFound
from ..filters import BarrierFilterSet
from ..input_rules import clean_text
from ..models import DigestSubscription, FeedToken, Follow, SavedView
from ..models.follow import DigestPeriod
from .common import require

# Parameters of the list page that are not filters (the page number, the export language).
NOT_FILTERS = ("page", "lang")


def _may_follow(user):
    require(permissions.can_follow(user), _("Only members of the tracker follow barriers."))


def _subscribe(user, now):
    """The user's digest subscription, made (daily, starting now) on their first follow."""
    subscription, _created = DigestSubscription.objects.get_or_create(
        user=user, defaults={"covered_until": now, "period": DigestPeriod.DAILY}
    )
    return subscription


def _follow(user, **subject):
    now = timezone.now()
    _subscribe(user, now)
    follow = Follow.objects.filter(user=user, **subject).first()
    if follow is None:
        try:
            with transaction.atomic():
                follow = Follow.objects.create(user=user, created_at=now, **subject)
        except IntegrityError:  # a double click: the other request made it
            follow = Follow.objects.get(user=user, **subject)
    return follow


@transaction.atomic
def follow_barrier(user, barrier):
    _may_follow(user)
    return _follow(user, barrier=barrier)


@transaction.atomic
def unfollow_barrier(user, barrier):
    _may_follow(user)
    Follow.objects.filter(user=user, barrier=barrier).delete()


def normalise_query(query):
    """The filters of a barrier-list query string, validated by the shared FilterSet, in a stable
    order; Invalid when the FilterSet refuses one."""
    params = QueryDict(query or "", mutable=True)
    for name in NOT_FILTERS:
        params.pop(name, None)
    filterset = BarrierFilterSet(params)
    if not filterset.is_valid():
        raise Invalid(_("These filters are not valid; correct them on the barrier list first."), field="query")
    known = set(filterset.form.fields)
    kept = QueryDict(mutable=True)
    for name in sorted(params):
        if name in known:
            values = [v for v in params.getlist(name) if v != ""]
            if values:
                kept.setlist(name, values)
    return kept.urlencode()


def _owned_view(user, view_id):
    view = SavedView.objects.filter(pk=view_id).first()
    if view is None or not permissions.owns_saved_view(user, view):
        raise NotFound(_("There is no such saved view."), field="view")
    return view


@transaction.atomic
def save_view(user, name, query, follow=True):
    """Save a filter of the barrier list under a name (followed at once, unless follow=False)."""
    _may_follow(user)
    name = clean_text(name or "").strip()
    if not name:
        raise Invalid(_("Give the view a name."), field="name", code="required")
    if len(name) > SavedView._meta.get_field("name").max_length:
        raise Invalid(_("The name is too long (at most 100 characters)."), field="name")
    query = normalise_query(query)
    if len(query) > SavedView._meta.get_field("query").max_length:
        raise Invalid(_("These filters are too long to save."), field="query")
    if SavedView.objects.filter(owner=user, name=name).exists():
        raise Invalid(_("You already have a view with this name."), field="name")
    view = SavedView.objects.create(owner=user, name=name, query=query)
    if follow:
        _follow(user, saved_view=view)
    return view


@transaction.atomic
def delete_view(user, view_id):
    _owned_view(user, view_id).delete()


@transaction.atomic
def follow_view(user, view_id):
    _may_follow(user)
    return _follow(user, saved_view=_owned_view(user, view_id))


@transaction.atomic
def unfollow_view(user, view_id):
    Follow.objects.filter(user=user, saved_view=_owned_view(user, view_id)).delete()


@transaction.atomic
def set_digest_period(user, period, language=None):
    """How often the digest comes, and (when given) the language it and @mention mails are in."""
    _may_follow(user)
    if period not in DigestPeriod.values:
        raise Invalid(_("Choose daily, weekly or no digest."), field="period")
    if language is not None and language not in dict(settings.LANGUAGES):
        raise Invalid(_("Choose Korean or English."), field="language")
    subscription = _subscribe(user, timezone.now())
    wanted = {"period": period} if language is None else {"period": period, "language": language}
    changed = [name for name, value in wanted.items() if getattr(subscription, name) != value]
    for name in changed:
        setattr(subscription, name, wanted[name])
    if changed:
        subscription.save(update_fields=changed)
    return subscription


@transaction.atomic
def unsubscribe(user_id):
    """No more digests for this user (from the signed link in a digest; no sign-in needed)."""
    user = get_user_model().objects.filter(pk=user_id).first()
    if user is None:
        raise NotFound(_("This link is not valid."), field="token")
    DigestSubscription.objects.update_or_create(user=user, defaults={"period": DigestPeriod.OFF})
    return user


@transaction.atomic
def issue_feed_token(user):
    """A new feed token; returns (token, raw secret). The secret is shown once, in the feed URLs."""
    _may_follow(user)
    raw, prefix, key_hash = FeedToken.generate()
    return FeedToken.objects.create(user=user, prefix=prefix, key_hash=key_hash), raw


@transaction.atomic
def revoke_feed_token(user, token_id):
    token = FeedToken.objects.filter(pk=token_id, user_id=getattr(user, "pk", None)).first()
    if token is None:
        raise NotFound(_("There is no such feed token."), field="token")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


# --- digests -----------------------------------------------------------------------------------

UNSUBSCRIBE_SALT = "barriers.follows.unsubscribe"


def unsubscribe_token(user):
    """A signed token naming the user: the digest's unsubscribe link works without signing in."""
    return signing.dumps({"u": user.pk}, salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_with_token(token):
    """Stop the digests of the user a token names; NotFound for a token that is not ours."""
    try:
        user_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)["u"]
    except (signing.BadSignature, KeyError, TypeError):
        raise NotFound(_("This link is not valid."), field="token")
    return unsubscribe(user_id)


def send_digests(period, now=None):
    """Mail each follower of this period what changed since their last digest, one mail each,
    none when nothing changed; every subscription then covers up to `now`. Returns mails sent.

    Each person's mail and the record that it went are one transaction; a digest another run sent
    meanwhile (its subscription moved on) is skipped, so running twice sends nothing new."""
    from ..selectors.digests import build_digests

    now = now or timezone.now()
    sent = 0
    for digest in build_digests(period, now):
        with transaction.atomic():
            current = DigestSubscription.objects.select_for_update().get(pk=digest.subscription.pk)
            if current.covered_until != digest.subscription.covered_until or current.period != period:
                continue
            if digest:
                notifications.follow_digest(
                    digest.user, digest, unsubscribe_token(digest.user), language=current.language
                )
                sent += 1
            current.covered_until = now
            current.save(update_fields=["covered_until"])
    return sent
