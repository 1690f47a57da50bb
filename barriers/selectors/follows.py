"""Reads for notes, follows and saved views."""

from .. import permissions
from ..models import Barrier, FeedToken, Follow, Note, SavedView
from ..models.follow import hash_feed_token


def notes_for(user, subject):
    """A barrier's or a complaint's notes, oldest first, with their authors (one query)."""
    field = "barrier" if isinstance(subject, Barrier) else "complaint"
    queryset = Note.objects.filter(**{field: subject}).select_related("author__membership__ministry")
    return list(permissions.filter_visible_notes(queryset, user))


def notes_queryset():
    """For prefetching a page of barriers' notes (the API's `notes` field)."""
    return Note.objects.select_related("author__membership__ministry").order_by("created_at", "id")


def follow_of(user, barrier=None, saved_view=None):
    if not permissions.can_follow(user):
        return None
    return Follow.objects.filter(user=user, barrier=barrier, saved_view=saved_view).first()


def followed_barriers(user):
    return list(
        Follow.objects.filter(user=user, barrier__isnull=False)
        .select_related("barrier__lead_ministry")
        .order_by("barrier__reference")
    )


def saved_views_of(user):
    """The user's saved views, each with `followed` (one query)."""
    from django.db.models import Exists, OuterRef

    follows = Follow.objects.filter(user=user, saved_view=OuterRef("pk"))
    return list(SavedView.objects.filter(owner=user).annotate(followed=Exists(follows)))


def feed_token_user(raw):
    """The user a feed token opens feeds for, or None (unknown, revoked, or no longer a member)."""
    if not raw or not raw.startswith("ft_"):
        return None
    token = FeedToken.objects.usable().select_related("user__membership").filter(key_hash=hash_feed_token(raw)).first()
    if token is None or not permissions.can_follow(token.user):
        return None
    return token.user


def feed_tokens_of(user):
    return list(FeedToken.objects.filter(user=user, revoked_at__isnull=True))


def saved_view_for_feed(user, view_id):
    """The saved view a feed token's user may read as a feed: their own, while they are a member."""
    if user is None:
        return None
    view = SavedView.objects.filter(pk=view_id, owner=user).first()
    return view if view is not None and permissions.owns_saved_view(user, view) else None


def saved_view_barriers(user, view, limit=50):
    """The barriers a saved view's filters select today, the most recently changed first."""
    from django.http import QueryDict

    from .barriers import filter_barriers

    _filterset, queryset = filter_barriers(user, QueryDict(view.query or ""))
    return list(queryset.order_by("-updated_at", "-pk")[:limit])
