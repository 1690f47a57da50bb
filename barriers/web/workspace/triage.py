"""One complaint's triage page: its facts, the complainant and evidence for those allowed, its
deadlines and history, and one small form for each action its state allows. A POST runs one
service; a refusal shows every error of that form with its input kept (nothing saved)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from barriers import deadlines, permissions
from barriers.complaint_workflow import allowed_actions, is_open
from barriers.errors import Conflict, Forbidden, ServiceError
from barriers.selectors import workspace as selectors
from barriers.services import complaint_clock as clock
from barriers.services import complaints as services

from . import forms as triage_forms
from .forms import FORMS, HAND_ON, REROUTE
from .views import remember_waiting, worker_required

# A service's error field -> the form field that shows it.
FIELD_ALIASES = {"reference": "barrier", "title": "barrier_title", "text": "reply", "answer": "reply"}
STATUS_FOR = {Forbidden: 403, Conflict: 409}


def run(action, actor, complaint, data):
    """One form's cleaned data -> one service call."""
    if action == triage_forms.Action.START_REVIEW:
        return services.start_review(actor, complaint)
    if action == triage_forms.Action.REPLY:
        return services.reply_to_complaint(actor, complaint, text=data["reply"])
    if action == triage_forms.Action.EXTEND:
        return clock.extend_review(actor, complaint, grounds=data["grounds"], new_due=data.get("new_due"))
    if action == triage_forms.Action.REQUEST_INFORMATION:
        return clock.request_information(actor, complaint, question=data["question"])
    if action == triage_forms.Action.RESUME_CLOCK:
        return clock.resume_clock(actor, complaint, reason=data["reason"])
    if action == triage_forms.Action.LINK:
        return services.link_to_barrier(actor, complaint, data["barrier"].strip(), reply=data.get("reply", ""))
    if action == triage_forms.Action.CREATE_BARRIER:
        return services.create_barrier_from_complaint(
            actor,
            complaint,
            lead_ministry=data["lead_ministry"],
            title=data["barrier_title"],
            scope=data["scope"],
            country=data["country"],
            category=data["category"],
            description=data["description"],
            reply=data.get("reply", ""),
        )
    if action == triage_forms.Action.ANSWER:
        return services.answer_complaint(actor, complaint, text=data["reply"], outcome=data["outcome"])
    if action == triage_forms.Action.REJECT:
        return services.reject_complaint(actor, complaint, grounds=data["grounds"])
    if action == HAND_ON:
        return services.hand_on_complaint(actor, complaint, ministry=data["ministry"], reason=data["reason"])
    if action == REROUTE:
        return services.reroute_complaint(actor, complaint, ministry=data["ministry"], reason=data.get("reason", ""))
    raise ValueError(action)


def offered_actions(user, complaint):
    """The forms this user may use on this complaint now: the workflow's allowed actions (none
    without the right to triage it), hand-on for the holding ministry, re-routing for coordinators."""
    out = []
    if permissions.can_triage_complaint(user, complaint):
        out += allowed_actions(complaint.status, complaint.paused_at is not None)
    if is_open(complaint.status) and permissions.can_hand_on_complaint(user, complaint):
        out.append(HAND_ON)
    if is_open(complaint.status) and permissions.can_reroute_complaint(user, complaint):
        out.append(REROUTE)
    return out


def _initial(action, complaint, seen):
    initial = {"seen": seen}
    if action == triage_forms.Action.CREATE_BARRIER:
        initial.update(
            {
                "lead_ministry": permissions.complaint_owner_id(complaint),
                "country": complaint.country.code,
                "category": complaint.category_id,
                "description": complaint.description,
            }
        )
    return initial


@worker_required
def complaint(request, reference):
    user = request.user
    current = selectors.complaint_for_triage(user, reference)
    if current is None:
        raise Http404(_("There is no complaint %(ref)s.") % {"ref": reference[:30]})
    seen = selectors.latest_history_id(current)
    bound, status = None, 200
    if request.method == "POST":
        action = request.POST.get("action", "")
        form_class = FORMS.get(action)
        if form_class is None or action not in offered_actions(user, current):
            # Not an action this user may take on this complaint now: refused, nothing written.
            if not permissions.can_triage_complaint(user, current):
                return render_refusal(request, current)
        if form_class is not None:
            bound = form_class(request.POST, complaint=current)
            status = _act(request, bound, current, action)
            if status is None:
                remember_waiting(request)
                return redirect("workspace:complaint", current.reference, permanent=False)
            current = selectors.complaint_for_triage(user, reference)
            seen = selectors.latest_history_id(current)
        else:
            status = 400
    return render(request, "workspace/complaint.html", _context(request, current, seen, bound), status=status)


def render_refusal(request, complaint):
    return render(
        request,
        "403.html",
        {"exception": _("Another ministry answers this complaint: its officers or a coordinator act on it.")},
        status=403,
    )


def _act(request, form, complaint, action):
    """Validate and run one action. None on success (a message is queued); else the status code
    of the refusal, with the errors on the form."""
    if not form.is_valid():
        return 400
    seen = form.cleaned_data.get("seen")
    changes = selectors.complaint_changes_since(complaint, seen) if seen else []
    if changes:
        form.add_error(None, conflict_message(changes))
        return 409
    try:
        run(action, request.user, complaint, form.cleaned_data)
    except ServiceError as exc:
        for error in exc.errors:
            name = FIELD_ALIASES.get(error.field, error.field)
            form.add_error(name if name in form.fields else None, error.message)
        return STATUS_FOR.get(type(exc), 400)
    messages.success(request, _("Saved: %(what)s.") % {"what": form.title})
    return None


def conflict_message(changes):
    parts = [
        _("%(who)s: %(what)s at %(when)s") % {"who": c.who or _("the system"), "what": c.reason, "when": c.when_text}
        for c in changes
    ]
    return _(
        "This complaint changed since you read it: %(changes)s. Nothing was saved; check the page and apply your change again."
    ) % {"changes": "; ".join(parts)}


def _context(request, complaint, seen, bound):
    user = request.user
    actions = offered_actions(user, complaint)
    forms = []
    find = request.GET.get("find", "").strip()[:200]
    for action in actions:
        if bound is not None and bound.action == action:
            form = bound
            form.data = form.data.copy()
            form.data[f"{form.prefix}-seen"] = seen  # a retry checks against what is shown now
        else:
            form = FORMS[action](initial=_initial(action, complaint, seen), complaint=complaint)
        if action == triage_forms.Action.LINK:
            find = find or (form.data.get(f"{form.prefix}-find", "") if form.is_bound else "")
            candidates = selectors.link_candidates(user, complaint, find)
            form.set_candidates(candidates)
            if not form.is_bound:
                form.initial["find"] = find
        forms.append(form)
    calendar = deadlines.Calendar.load()
    personal = permissions.can_view_personal_data(user, complaint)
    return {
        "complaint": complaint,
        "forms": forms,
        "bound": bound,
        "find": find,
        "personal": personal,
        "evidence": list(complaint.evidence.all()) if permissions.can_view_evidence(user, complaint) else None,
        "deadlines": deadlines.complaint_deadlines(complaint, calendar),
        "history": selectors.complaint_history(complaint),
        "holder": complaint.answering_ministry or complaint.routed_ministry,
        "can_act": bool(actions),
    }
