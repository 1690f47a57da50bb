"""Internal notes, follows, saved views, digest settings, unsubscribe and saved-view feeds.

Thin views: each calls one service (barriers/services/notes.py, follows.py) or selector.
"""

from django import forms
from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path, reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from .. import permissions
from ..errors import Forbidden, NotFound, ServiceError
from ..models import Barrier, Complaint, Note
from ..models.follow import NOTE_MAX_LENGTH, DigestPeriod
from ..selectors import follows as selectors
from ..services import follows as services
from ..services import notes as note_services
from .oversight.views import reader_required

app_name = "follows"


class NoteForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("New internal note"), max_length=NOTE_MAX_LENGTH, strip=True)


class SaveViewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Name of the view"), max_length=100)
    query = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)


class DigestForm(forms.Form):
    period = forms.ChoiceField(label=gettext_lazy("Digest e-mail"), choices=DigestPeriod.choices)
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the e-mails"),
        choices=settings.LANGUAGES,
        help_text=gettext_lazy("The digests and the mails telling you that someone mentioned you in a note."),
    )


def _next(request, fallback):
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def _form_errors(form, exc):
    for error in exc.errors:
        form.add_error(error.field if error.field in form.fields else None, error.message)


# --- notes -------------------------------------------------------------------------------------


def _notes_page(request, subject, subject_url):
    """GET: the subject's notes and the form. POST: write a note; on bad input the form comes
    back with the text kept."""
    form = NoteForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                note = note_services.add_note(request.user, subject, form.cleaned_data["text"])
            except Forbidden as exc:
                raise PermissionDenied(str(exc))
            except ServiceError as exc:
                _form_errors(form, exc)
            else:
                return redirect(_next(request, subject_url).split("#")[0] + f"#note-{note.pk}")
        status = 400
    else:
        status = 200
    return render(
        request,
        "follows/notes.html",
        {"subject": subject, "subject_url": subject_url, "note_form": form if form.is_bound else None},
        status=status,
    )


@reader_required
def barrier_notes(request, reference):
    barrier = Barrier.objects.visible_to(request.user).filter(reference=reference).first()
    if barrier is None:
        raise Http404(_("There is no barrier %(ref)s.") % {"ref": reference})
    return _notes_page(request, barrier, barrier.get_absolute_url())


@reader_required
def complaint_notes(request, reference):
    complaint = permissions.filter_visible_complaints(Complaint.objects.all(), request.user)
    complaint = complaint.filter(reference=reference).first()
    if complaint is None:
        raise Http404(_("There is no complaint %(ref)s.") % {"ref": reference})
    from ..notifications import complaint_staff_url

    return _notes_page(request, complaint, complaint_staff_url(complaint))


@reader_required
def edit_note(request, pk):
    note = Note.objects.select_related("barrier", "complaint").filter(pk=pk).first()
    if note is None:
        raise Http404(_("There is no such note."))
    subject = note.subject
    if isinstance(subject, Barrier):
        back = subject.get_absolute_url()
    else:
        from ..notifications import complaint_staff_url

        back = complaint_staff_url(subject)
    back = _next(request, back)
    form = NoteForm(request.POST or None, initial={"text": note.text})
    status, locked = 200, None
    if request.method == "POST":
        if form.is_valid():
            try:
                note_services.edit_note(request.user, note.pk, form.cleaned_data["text"])
            except NotFound:
                raise Http404(_("There is no such note."))
            except ServiceError as exc:
                _form_errors(form, exc)
            else:
                return redirect(back.split("#")[0] + f"#note-{note.pk}")
        status = 400
    elif not permissions.can_edit_note(request.user, note, timezone.now()):
        locked = _("This note can no longer be edited. Write a new note to correct it.")
        status = 403
    return render(
        request, "follows/edit_note.html", {"note": note, "form": form, "back": back, "locked": locked}, status=status
    )


# --- follows and saved views -------------------------------------------------------------------


def _barrier_or_404(request, reference):
    barrier = Barrier.objects.visible_to(request.user).filter(reference=reference).first()
    if barrier is None:
        raise Http404(_("There is no barrier %(ref)s.") % {"ref": reference})
    return barrier


@require_POST
@reader_required
def follow_barrier(request, reference):
    barrier = _barrier_or_404(request, reference)
    services.follow_barrier(request.user, barrier)
    return redirect(_next(request, barrier.get_absolute_url()))


@require_POST
@reader_required
def unfollow_barrier(request, reference):
    barrier = _barrier_or_404(request, reference)
    services.unfollow_barrier(request.user, barrier)
    return redirect(_next(request, barrier.get_absolute_url()))


def _follows_context(request, **extra):
    user = request.user
    subscription = getattr(user, "digest", None)
    context = {
        "followed": selectors.followed_barriers(user),
        "views": selectors.saved_views_of(user),
        "digest_form": DigestForm(
            initial={
                "period": subscription.period if subscription else DigestPeriod.DAILY,
                "language": subscription.language if subscription else translation.get_language(),
            }
        ),
        "feed_tokens": selectors.feed_tokens_of(user),
        "list_url": reverse("barriers:list"),
    }
    context.update(extra)
    return context


@reader_required
def follows_page(request):
    return render(request, "follows/follows.html", _follows_context(request))


@reader_required
def save_view(request):
    """GET (from "save this view" on /barriers/): the name form for the list's current filters.
    POST: save it, followed; bad input keeps what was typed."""
    query = request.POST.get("query", request.GET.urlencode()) if request.method == "POST" else request.GET.urlencode()
    form = SaveViewForm(request.POST or None, initial={"query": query})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.save_view(request.user, form.cleaned_data["name"], form.cleaned_data["query"])
            except ServiceError as exc:
                _form_errors(form, exc)
            else:
                return redirect("follows:follows")
        status = 400
    return render(
        request,
        "follows/save_view.html",
        {"form": form, "query": query, "list_url": reverse("barriers:list") + (f"?{query}" if query else "")},
        status=status,
    )


def _view_action(service):
    @require_POST
    @reader_required
    def action(request, pk):
        try:
            service(request.user, pk)
        except NotFound:
            raise Http404(_("There is no such saved view."))
        return redirect(_next(request, reverse("follows:follows")))

    action.__name__ = service.__name__
    return action


follow_view = _view_action(services.follow_view)
unfollow_view = _view_action(services.unfollow_view)
delete_view = _view_action(services.delete_view)


@require_POST
@reader_required
def digest_period(request):
    form = DigestForm(request.POST)
    if not form.is_valid():
        return render(request, "follows/follows.html", _follows_context(request, digest_form=form), status=400)
    services.set_digest_period(request.user, form.cleaned_data["period"], form.cleaned_data["language"])
    return redirect("follows:follows")


# --- unsubscribe without signing in ------------------------------------------------------------


def unsubscribe_url(user):
    return reverse("follows:unsubscribe", args=[services.unsubscribe_token(user)])


def unsubscribe(request, token):
    """A GET shows one button (mail scanners follow links); the POST stops the digests."""
    if request.method == "POST":
        try:
            services.unsubscribe_with_token(token)
        except NotFound:
            return render(request, "follows/unsubscribe.html", {"invalid": True}, status=404)
        return render(request, "follows/unsubscribe.html", {"done": True})
    return render(request, "follows/unsubscribe.html", {})


# --- saved-view Atom feeds, opened by a feed token in the URL ------------------------------------


class SavedViewFeed(Feed):
    """The barriers of one saved view, most recently changed first. The token in the URL is looked
    up here and nowhere else: it opens this feed (GET only) and no other URL."""

    feed_type = Atom1Feed

    def get_object(self, request, pk, token):
        user = selectors.feed_token_user(token)
        view = selectors.saved_view_for_feed(user, pk)
        if view is None:
            raise Http404(_("There is no such feed."))
        return view, user

    def title(self, obj):
        return _("Saved view: %(name)s") % {"name": obj[0].name}

    def subtitle(self, obj):
        return _("Barriers in this saved view, the most recently changed first.")

    def link(self, obj):
        return reverse("barriers:list") + (f"?{obj[0].query}" if obj[0].query else "")

    def items(self, obj):
        view, user = obj
        return selectors.saved_view_barriers(user, view, limit=50)

    def item_title(self, barrier):
        return f"{barrier.reference} {barrier.title}"

    def item_description(self, barrier):
        return _("%(status)s · %(market)s · lead ministry %(ministry)s") % {
            "status": barrier.get_status_display(),
            "market": barrier.country.name,
            "ministry": barrier.lead_ministry.code,
        }

    def item_link(self, barrier):
        return barrier.get_absolute_url()

    def item_pubdate(self, barrier):
        return barrier.created_at

    def item_updateddate(self, barrier):
        return barrier.updated_at


@require_safe
def view_feed(request, pk, token):
    response = SavedViewFeed()(request, pk=pk, token=token)
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_POST
@reader_required
def new_feed_token(request):
    """A new feed address for each saved view; the secret is shown on this response only."""
    _token, raw = services.issue_feed_token(request.user)
    return render(
        request,
        "follows/follows.html",
        _follows_context(request, feed_secret=raw, feed_base=settings.SITE_URL.rstrip("/")),
    )


@require_POST
@reader_required
def revoke_feed_token(request, pk):
    try:
        services.revoke_feed_token(request.user, pk)
    except NotFound:
        raise Http404(_("There is no such feed token."))
    return redirect("follows:follows")


urlpatterns = [
    path("barriers/<str:reference>/notes/", barrier_notes, name="barrier_notes"),
    path("barriers/<str:reference>/follow/", follow_barrier, name="follow_barrier"),
    path("barriers/<str:reference>/unfollow/", unfollow_barrier, name="unfollow_barrier"),
    path("workspace/complaints/<str:reference>/notes/", complaint_notes, name="complaint_notes"),
    path("follows/", follows_page, name="follows"),
    path("follows/notes/<int:pk>/edit/", edit_note, name="edit_note"),
    path("follows/views/new/", save_view, name="save_view"),
    path("follows/views/<int:pk>/follow/", follow_view, name="follow_view"),
    path("follows/views/<int:pk>/unfollow/", unfollow_view, name="unfollow_view"),
    path("follows/views/<int:pk>/delete/", delete_view, name="delete_view"),
    path("follows/digest/", digest_period, name="digest"),
    path("follows/unsubscribe/<str:token>/", unsubscribe, name="unsubscribe"),
    path("follows/feed-tokens/new/", new_feed_token, name="new_feed_token"),
    path("follows/feed-tokens/<int:pk>/revoke/", revoke_feed_token, name="revoke_feed_token"),
    path("follows/views/<int:pk>/feed/<str:token>/", view_feed, name="view_feed"),
]
