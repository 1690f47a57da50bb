"""Public complaint pages (form, confirmation, private status page) and the guarded evidence view.

Thin: the form checks input, barriers.services.complaints writes, barriers.selectors reads.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.core import get_usage

from ... import permissions
from ...choices import ComplaintFeedback
from ...errors import NotFound, ServiceError
from ...matching.search import similar_barriers
from ...models import Complaint, EvidenceFile
from ...selectors.complaints import public_barrier, public_status
from ...selectors.public import published_barrier
from ...services import complaint_clock
from ...services import complaints as complaint_services
from ...services.complaints import SUBMITTED_FIELDS, Evidence
from .forms import ComplaintForm, FindReportForm, InformationAnswerForm, retention_years

log = logging.getLogger("barriers.complaints")

# Accepted submissions count against COMPLAINT_RATE; refused ones (errors, the honeypot) and the
# "already known?" step against COMPLAINT_REFUSED_RATE, higher, so that an SME correcting mistakes
# is not locked out by its own corrections.
ACCEPTED_GROUP = "complaints:new"
REFUSED_GROUP = "complaints:refused"
# The private status token is never kept on the server in clear (the complaint stores its SHA-256,
# the session nothing): the confirmation page gets it from a cookie of its own, signed, scoped to
# that page's path, readable by no script, and gone within the hour.
STATUS_COOKIE = "complaint_status"
STATUS_COOKIE_SECONDS = 3600
# A refused form keeps everything typed (files excepted): what the SME submits, plus the
# idempotency key and the consent box.
KEPT_FIELDS = ("submission_id", *SUBMITTED_FIELDS, "consent")


def _max_request_bytes():
    # three files at the cap plus room for the text fields
    return settings.TRACKER["EVIDENCE_MAX_FILES"] * settings.TRACKER["EVIDENCE_MAX_BYTES"] + 1024 * 1024


def _usage(request, group, increment=False):
    rate = settings.TRACKER["COMPLAINT_RATE" if group == ACCEPTED_GROUP else "COMPLAINT_REFUSED_RATE"]
    return get_usage(request, group=group, key="ip", rate=rate, method="POST", increment=increment)


def _limit_reached(request, group):
    """The usage if one more POST of this kind would go over the limit, else None."""
    usage = _usage(request, group)
    if usage is not None and usage["count"] >= usage["limit"]:
        return usage
    return None


def _count(request, group):
    _usage(request, group, increment=True)


def _published(reference):
    if not reference:
        return None
    return published_barrier(str(reference).strip()[:20])


def _render_form(request, form, status=200, **extra):
    follow = extra.pop("followed", None)
    if follow is None and form.is_bound:
        follow = _published(form.data.get("follow"))
    return render(
        request,
        "complaints/form.html",
        {
            "form": form,
            "retention_years": retention_years(),
            "files_lost": bool(request.FILES) if request.method == "POST" else False,
            "followed": follow,
            **extra,
        },
        status=status,
    )


def _kept(request):
    """What the SME typed, to show the form again without judging it (the check step, a limit)."""
    return {name: request.POST.get(name, "") for name in KEPT_FIELDS if request.POST.get(name, "") != ""}


def _suggestions(request):
    """The published barriers like what the SME wrote, for the "already known?" step."""
    text = " ".join(request.POST.get(name, "") for name in ("product", "description", "desired_fix")).strip()
    country = request.POST.get("country", "")
    category = request.POST.get("category", "")
    return similar_barriers(
        text,
        country=country if len(country) == 2 else None,
        category=int(category) if category.isdigit() else None,
        published_only=True,
    )


def _limited(request, usage):
    """The form back with everything typed (files excepted) and when to try again: 429."""
    seconds = max(1, int(usage.get("time_left") or 60))
    retry_at = timezone.localtime() + timedelta(seconds=seconds)
    form = ComplaintForm(initial=_kept(request))
    response = _render_form(
        request,
        form,
        status=429,
        limited={"seconds": seconds, "at": retry_at},
        followed=_published(request.POST.get("follow")),
    )
    response["Retry-After"] = str(seconds)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def new(request):
    if request.method == "GET":
        followed = _published(request.GET.get("follow"))
        form = ComplaintForm(initial={"follow": followed.reference} if followed else None)
        return _render_form(request, form, followed=followed)
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > _max_request_bytes():
        return render(request, "complaints/too_large.html", status=413)
    if "check" in request.POST or "unfollow" in request.POST:
        # Not a submission: the form comes back as typed, with the known barriers that look alike.
        usage = _limit_reached(request, REFUSED_GROUP)
        if usage:
            return _limited(request, usage)
        _count(request, REFUSED_GROUP)
        form = ComplaintForm(initial={k: v for k, v in _kept(request).items()})
        checked = "check" in request.POST
        return _render_form(
            request,
            form,
            suggestions=_suggestions(request) if checked else None,
            checked=checked,
            followed=None,
        )

    form = ComplaintForm(request.POST, request.FILES)
    if form.honeypot_filled:
        # A plain refusal rather than a fake success: a person whose browser filled the hidden
        # field must not be told that a report was taken when nothing was saved.
        _count(request, REFUSED_GROUP)
        log.info("complaint refused: honeypot filled (ip %s)", request.META.get("REMOTE_ADDR"))
        return render(request, "complaints/refused.html", status=400)
    if not form.is_valid():
        usage = _limit_reached(request, REFUSED_GROUP)
        if usage:
            return _limited(request, usage)
        _count(request, REFUSED_GROUP)
        return _render_form(request, form, status=200)
    usage = _limit_reached(request, ACCEPTED_GROUP)
    if usage:
        return _limited(request, usage)

    evidence = [
        Evidence(upload=upload, name=upload.name, content_type=content_type, extension=ext, size=upload.size)
        for upload, content_type, ext in form.cleaned_data["evidence"]
    ]
    try:
        result = complaint_services.submit_complaint(
            submission_id=form.cleaned_data["submission_id"],
            data=form.submitted_data(),
            evidence=evidence,
            language=(get_language() or "ko")[:2],
            status_url=lambda token: settings.SITE_URL.rstrip("/") + reverse("complaints:status", args=[token]),
            follow=form.cleaned_data.get("follow") or None,
        )
    except ServiceError as exc:
        _count(request, REFUSED_GROUP)
        for err in exc.errors:
            form.add_error(err.field if err.field in form.fields else None, err.message)
        return _render_form(request, form)
    except DatabaseError:
        log.exception("complaint not saved: database error (submission %s)", form.cleaned_data["submission_id"])
        return render(request, "complaints/unavailable.html", status=503)
    if result.created:
        _count(request, ACCEPTED_GROUP)
    response = redirect("complaints:received", submission_id=result.complaint.submission_id)
    response.status_code = 303
    if result.created:
        response.set_signed_cookie(
            STATUS_COOKIE,
            result.token,
            salt=_status_salt(result.complaint.submission_id),
            max_age=STATUS_COOKIE_SECONDS,
            path=response["Location"],
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
            samesite="Lax",
        )
    return response


def _status_salt(submission_id):
    return f"complaints.status:{submission_id}"


@never_cache
def received(request, submission_id):
    complaint = get_object_or_404(
        Complaint.objects.select_related("category", "answering_ministry", "routed_ministry", "barrier"),
        submission_id=submission_id,
    )
    token = request.get_signed_cookie(
        STATUS_COOKIE, default=None, salt=_status_salt(submission_id), max_age=STATUS_COOKIE_SECONDS
    )
    status_url = reverse("complaints:status", args=[token]) if token else None
    return render(
        request,
        "complaints/received.html",
        {
            "complaint": complaint,
            "status_url": status_url,
            "public_barrier": public_barrier(complaint.barrier),
            # who answers: the ministry holding it (the routed one until a ministry answers)
            "who_answers": complaint.answering_ministry or getattr(complaint, "routed_ministry", None),
        },
    )


def _complaint_or_404(token):
    try:
        return complaint_services.get_by_token(token)
    except NotFound:
        raise Http404()


def _render_status(request, token, complaint, answer_form=None, status=200):
    context = public_status(complaint)
    context["feedback_allowed"] = complaint_services.feedback_allowed(complaint)
    context["feedback_choices"] = ComplaintFeedback.choices
    context["token"] = token
    context["answer_form"] = answer_form or InformationAnswerForm()
    response = render(request, "complaints/status.html", context, status=status)
    response["Referrer-Policy"] = "no-referrer"  # the token is in the URL
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
def status(request, token):
    return _render_status(request, token, _complaint_or_404(token))


@never_cache
@require_http_methods(["POST"])
def answer(request, token):
    """The complainant answers a request for more information; the clock restarts."""
    complaint = _complaint_or_404(token)
    form = InformationAnswerForm(request.POST)
    if form.is_valid():
        try:
            complaint_clock.answer_information_request(complaint, text=form.cleaned_data["answer"])
        except ServiceError as exc:
            for err in exc.errors:
                form.add_error("answer" if err.field == "answer" else None, err.message)
        else:
            messages.success(request, _("Thank you: your answer was sent and the clock runs again."))
            response = redirect("complaints:status", token=token)
            response.status_code = 303
            return response
    return _render_status(request, token, complaint, form)


@login_required
def evidence(request, pk):
    item = get_object_or_404(EvidenceFile.objects.select_related("complaint"), pk=pk)
    if not permissions.can_view_evidence(request.user, item.complaint):
        raise PermissionDenied
    try:
        handle = item.file.open("rb")
    except FileNotFoundError:
        raise Http404()
    log.info("evidence %s of %s downloaded by %s", item.pk, item.complaint.reference, request.user.get_username())
    response = FileResponse(handle, as_attachment=True, filename=item.download_name, content_type=item.content_type)
    response["Cache-Control"] = "private, no-store"
    return response


FIND_GROUP = "complaints:find"


@never_cache
@require_http_methods(["GET", "POST"])
def find(request):
    """'Find my complaint': a reference and the e-mail it was sent from get a new private link by
    mail. The answer is the same whether or not they match; limited per address."""
    form = FindReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        usage = get_usage(
            request,
            group=FIND_GROUP,
            key="ip",
            rate=settings.TRACKER["COMPLAINT_FIND_RATE"],
            method="POST",
            increment=True,
        )
        if usage is not None and usage["should_limit"]:
            seconds = max(1, int(usage.get("time_left") or 60))
            response = render(
                request,
                "complaints/find.html",
                {
                    "form": form,
                    "limited": {"seconds": seconds, "at": timezone.localtime() + timedelta(seconds=seconds)},
                },
                status=429,
            )
            response["Retry-After"] = str(seconds)
            return response
        complaint_services.request_new_link(
            reference=form.cleaned_data["reference"],
            email=form.cleaned_data["email"],
            status_url=lambda token: settings.SITE_URL.rstrip("/") + reverse("complaints:status", args=[token]),
        )
        return render(request, "complaints/find_sent.html", {"email": form.cleaned_data["email"]})
    return render(request, "complaints/find.html", {"form": form})


@never_cache
@require_http_methods(["POST"])
def feedback(request, token):
    """'Did this solve it?' from the private status page."""
    try:
        complaint = complaint_services.get_by_token(token)
    except NotFound:
        raise Http404()
    try:
        complaint_services.give_feedback(complaint, answer=request.POST.get("feedback", ""))
    except ServiceError as exc:
        messages.error(request, exc.first.message)
    else:
        messages.success(request, _("Thank you: your answer was recorded. You can change it at any time."))
    response = redirect("complaints:status", token=token)
    response["Referrer-Policy"] = "no-referrer"
    return response
