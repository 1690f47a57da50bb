"""Publication actions for signed-in officers and coordinators: propose a public version, approve
it or send it back, unpublish; and the coordinators' list of what awaits approval.

Each action has a page of its own (GET shows the form, a refused POST shows it again with the
input kept); the barrier page includes small forms that post here (templatetags/publication.py).
Permission is the services' (barriers.permissions), asked again by the pages to show only what
the user may do.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ... import permissions
from ...choices import PublicationState
from ...errors import Forbidden, Invalid, NotFound, ServiceError
from ...models import Barrier, Publication
from ...services import publication as services
from .forms import ApproveForm, PublicVersionForm, ReasonForm


def _barrier(reference):
    barrier = (
        Barrier.objects.select_related("lead_ministry", "category", "publication__live", "publication__pending")
        .prefetch_related("supporting_ministries")
        .filter(reference=reference)
        .first()
    )
    if barrier is None:
        raise Http404(_("There is no barrier %(ref)s.") % {"ref": reference})
    return barrier


def _publication(barrier):
    try:
        return barrier.publication
    except Publication.DoesNotExist:
        return None


def _apply_errors(form, exc):
    for error in exc.errors:
        form.add_error(error.field if error.field in form.fields else None, error.message)


def _back(barrier):
    return redirect("barriers:detail", reference=barrier.reference)


def _run(request, barrier, action, success):
    """Call a service; Forbidden -> 403, NotFound -> 404, a refused transition -> a message."""
    try:
        action()
    except Forbidden as exc:
        raise PermissionDenied(exc.first.message)
    except NotFound:
        raise Http404()
    except Invalid:
        raise
    except ServiceError as exc:
        messages.error(request, exc.first.message)
        return _back(barrier)
    messages.success(request, success)
    return _back(barrier)


@login_required
@require_http_methods(["GET", "POST"])
def propose(request, reference):
    barrier = _barrier(reference)
    if not permissions.can_propose_publication(request.user, barrier):
        raise PermissionDenied(_("Your ministry does not own this barrier."))
    publication = _publication(barrier)
    current = publication and (publication.pending or publication.live)
    if request.method == "POST":
        form = PublicVersionForm(request.POST)
        if form.is_valid():
            try:
                return _run(
                    request,
                    barrier,
                    lambda: services.propose_public_version(request.user, barrier, **form.cleaned_data),
                    _("The public version was proposed. A coordinator approves it before it is published."),
                )
            except Invalid as exc:
                _apply_errors(form, exc)
    else:
        initial = (
            {f: getattr(current, f) for f in ("title_ko", "title_en", "summary_ko", "summary_en")} if current else {}
        )
        form = PublicVersionForm(initial=initial)
    return render(request, "public/propose.html", {"barrier": barrier, "publication": publication, "form": form})


@login_required
@require_http_methods(["POST"])
def approve(request, reference):
    barrier = _barrier(reference)
    form = ApproveForm(request.POST)
    number = form.cleaned_data["number"] if form.is_valid() else None
    return _run(
        request,
        barrier,
        lambda: services.approve_publication(request.user, barrier, number=number),
        _("%(ref)s is published.") % {"ref": barrier.reference},
    )


def _reason_action(request, reference, *, allowed, service, success, template_title, button):
    barrier = _barrier(reference)
    if not allowed(request.user, barrier):
        raise PermissionDenied(_("You may not do this."))
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            return _run(
                request, barrier, lambda: service(request.user, barrier, reason=form.cleaned_data["reason"]), success
            )
        except Invalid as exc:
            _apply_errors(form, exc)
    return render(
        request,
        "public/reason.html",
        {"barrier": barrier, "form": form, "title": template_title, "button": button, "action": request.path},
    )


@login_required
@require_http_methods(["GET", "POST"])
def send_back(request, reference):
    return _reason_action(
        request,
        reference,
        allowed=permissions.can_approve_publication,
        service=services.return_proposal,
        success=_("The proposal was sent back."),
        template_title=_("Send the proposed public version back"),
        button=_("Send back"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def unpublish(request, reference):
    return _reason_action(
        request,
        reference,
        allowed=permissions.can_unpublish,
        service=services.unpublish,
        success=_("The barrier was taken off the public register."),
        template_title=_("Take this barrier off the public register"),
        button=_("Unpublish"),
    )


@login_required
def awaiting(request):
    """Coordinators: every public version awaiting approval, oldest proposal first."""
    if not permissions.can_approve_publication(request.user):
        raise PermissionDenied(_("Only a coordinator approves publication."))
    publications = (
        Publication.objects.filter(pending__isnull=False)
        .select_related("barrier__lead_ministry", "barrier__category", "pending__proposed_by", "live")
        .order_by("pending__proposed_at")
    )
    return render(
        request,
        "public/approvals.html",
        {"publications": publications, "published_state": PublicationState.PUBLISHED},
    )
