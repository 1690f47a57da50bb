"""One small form per triage action, with the fields that action needs and nothing else. Each
carries `seen`: the complaint's latest history row when the page was read (the conflict check).
The services validate again and decide; these forms only shape the input."""

from django import forms
from django.utils.translation import gettext_lazy as _

from barriers.choices import ComplaintOutcome, Scope
from barriers.complaint_workflow import ANSWER_OUTCOMES, Action
from barriers.models import Category, Ministry

from ...pickers import DatePicker
from ..fields import CountryChoiceField

HAND_ON, REROUTE = "hand_on", "reroute"


class ActionForm(forms.Form):
    action = None  # the Action (or HAND_ON / REROUTE) the form posts
    title = ""
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, complaint=None, **kwargs):
        kwargs.setdefault("prefix", self.action)
        super().__init__(*args, **kwargs)
        self.complaint = complaint


def _text(label, help_text="", required=True, rows=5):
    return forms.CharField(
        label=label,
        help_text=help_text,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


def active_ministries():
    return Ministry.objects.filter(is_active=True).order_by("code")


class MinistryField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class StartReviewForm(ActionForm):
    action = Action.START_REVIEW
    title = _("Start review")


class ReplyForm(ActionForm):
    action = Action.REPLY
    title = _("Send a first (interim) reply")
    reply = _text(_("Reply to the complainant"), _("The complainant reads it on their status page and by e-mail."))


class ExtendForm(ActionForm):
    action = Action.EXTEND
    title = _("Extend the review")
    grounds = _text(_("Grounds for the extension"), _("The complainant is told the grounds and the new deadline."))
    new_due = forms.DateField(
        label=_("New final answer deadline"),
        required=False,
        widget=DatePicker,
        help_text=_("Empty: the latest date the law allows."),
    )


class RequestInformationForm(ActionForm):
    action = Action.REQUEST_INFORMATION
    title = _("Ask the complainant for more information")
    question = _text(_("What the complainant should send"), _("The clock stops until they answer."))


class ResumeClockForm(ActionForm):
    action = Action.RESUME_CLOCK
    title = _("Restart the clock")
    reason = _text(_("Why the clock restarts"), rows=3)


class HandOnForm(ActionForm):
    action = HAND_ON
    title = _("Hand on to another ministry")
    ministry = MinistryField(label=_("Ministry"), queryset=active_ministries(), empty_label=_("Choose a ministry"))
    reason = _text(_("Reason"), _("The other ministry reads it in its notice."), rows=3)


class RerouteForm(ActionForm):
    action = REROUTE
    title = _("Re-route to another ministry")
    ministry = MinistryField(label=_("Ministry"), queryset=active_ministries(), empty_label=_("Choose a ministry"))
    reason = _text(_("Reason"), required=False, rows=3)


class LinkForm(ActionForm):
    action = Action.LINK
    title = _("Link to an existing barrier")
    barrier = forms.CharField(label=_("Barrier"), max_length=20, widget=forms.RadioSelect)
    reply = _text(
        _("Reply to the complainant"),
        _("Empty: a standard notice naming the barrier. A reply you sent before stays on the status page."),
        required=False,
        rows=3,
    )
    find = forms.CharField(widget=forms.HiddenInput, required=False)

    def set_candidates(self, barriers):
        self.fields["barrier"].widget.choices = [
            (b.reference, f"{b.reference} {b.title} ({b.country.name}, {b.category.name if b.category_id else '-'})")
            for b in barriers
        ]


class CreateBarrierForm(ActionForm):
    action = Action.CREATE_BARRIER
    title = _("Create a barrier from this complaint")
    barrier_title = forms.CharField(label=_("Title"), max_length=300)
    scope = forms.ChoiceField(label=_("Scope"), choices=[("", _("Choose the scope"))] + list(Scope.choices))
    lead_ministry = MinistryField(
        label=_("Lead ministry"), queryset=active_ministries(), empty_label=_("Choose a ministry")
    )
    country = CountryChoiceField(label=_("Market"))
    category = forms.ModelChoiceField(label=_("Category"), queryset=Category.objects.all(), empty_label=None)
    description = _text(_("Description"))
    reply = _text(_("Reply to the complainant"), _("Empty: a standard notice naming the barrier."), False, 3)


class AnswerForm(ActionForm):
    action = Action.ANSWER
    title = _("Answer (final)")
    outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose the outcome"))]
        + [(o.value, o.label) for o in ComplaintOutcome if o in ANSWER_OUTCOMES],
    )
    reply = _text(_("Answer to the complainant"))


class RejectForm(ActionForm):
    action = Action.REJECT
    title = _("Reject with grounds")
    grounds = _text(_("Grounds for the refusal"), _("The complainant reads them; say what rule applies and why."))


FORMS = {
    form.action: form
    for form in (
        StartReviewForm,
        ReplyForm,
        ExtendForm,
        RequestInformationForm,
        ResumeClockForm,
        LinkForm,
        CreateBarrierForm,
        AnswerForm,
        RejectForm,
        HandOnForm,
        RerouteForm,
    )
}
