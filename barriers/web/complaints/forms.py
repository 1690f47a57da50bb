"""The public complaint form: plain server-rendered fields, errors that name each field."""

import uuid

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from phonenumber_field.formfields import PhoneNumberField

from ...formatting import number
from ...models import Category
from ...services.complaints import SUBMITTED_FIELDS
from ..fields import CountryChoiceField
from .validators import validate_brn, validate_evidence

DESCRIPTION_MAX = 5000
DESIRED_FIX_MAX = 3000


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = data if isinstance(data, (list, tuple)) else ([data] if data else [])
        return [super(EvidenceField, self).clean(f, initial) for f in files if f]


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.name


def _format(message, values):
    return str(message) % {k: number(v) for k, v in values.items()}


def lazy_format(message, **values):
    """`message % values` when shown, in the language of the page (a field's help text is built
    once, at import; formatting it then would fix it in whatever language was active)."""
    return lazy(_format, str)(message, values)


def retention_years():
    return max(1, settings.TRACKER["COMPLAINT_RETENTION_DAYS"] // 365)


class ComplaintForm(forms.Form):
    submission_id = forms.UUIDField(widget=forms.HiddenInput)
    company_name = forms.CharField(label=_("Company name"), max_length=200)
    business_number = forms.CharField(
        label=_("Business registration number"),
        max_length=14,
        help_text=_("Ten digits, with or without hyphens, e.g. 123-45-67891."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    contact_name = forms.CharField(
        label=_("Contact name"), max_length=100, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("We send the reference and a private status link here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = PhoneNumberField(
        label=_("Phone (optional)"),
        required=False,
        region="KR",
        help_text=_("For example 02-1234-5678 or 010-1234-5678."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    country = CountryChoiceField(label=_("Target country"))
    category = CategoryChoiceField(
        label=_("Category"), queryset=Category.objects.all(), empty_label=_("Choose a category")
    )
    product = forms.CharField(label=_("Product or HS code (optional)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("What happened"),
        max_length=DESCRIPTION_MAX,
        help_text=lazy_format(
            _("At most %(n)s characters. Please do not include other people's personal data."), n=DESCRIPTION_MAX
        ),
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    desired_fix = forms.CharField(
        label=_("What would fix it (optional)"),
        max_length=DESIRED_FIX_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    evidence = EvidenceField(
        label=_("Evidence files (optional)"),
        required=False,
        help_text=_("Up to 3 files, PDF, PNG, JPEG, XLSX or DOCX, at most 10 MB each."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg,.xlsx,.docx"}),
    )
    consent = forms.BooleanField(
        label=_("I agree to the collection and use of my personal data as described above."),
        error_messages={
            "required": _(
                "Please agree to the collection and use of personal data; without it we cannot take your complaint."
            )
        },
    )
    # "This is my problem: follow it": the reference of the published barrier the SME chose at the
    # "already known?" step (a button's value, or kept in a hidden input when the form comes back).
    follow = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)
    # Honeypot: hidden from people (display: none) and from screen readers; bots fill every field.
    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("submission_id", uuid.uuid4())

    @property
    def consent_text(self):
        return _(
            "Purpose: to handle your complaint about an export barrier, contact you about it and tell you "
            "of its progress. Collected: company name, business registration number, contact name, "
            "e-mail and phone. Kept for %(years)s years after receipt, then erased; the facts of the "
            "complaint (market, category, status) are kept without them for statistics. You may refuse, "
            "but then we cannot take your complaint."
        ) % {"years": retention_years()}

    @property
    def honeypot_filled(self):
        return bool((self.data.get("website") or "").strip())

    def clean_business_number(self):
        return validate_brn(self.cleaned_data["business_number"])

    def clean_evidence(self):
        files = self.cleaned_data.get("evidence") or []
        limit = settings.TRACKER["EVIDENCE_MAX_FILES"]
        if len(files) > limit:
            raise forms.ValidationError(
                ngettext("Attach at most %(n)d file.", "Attach at most %(n)d files.", limit) % {"n": limit}
            )
        checked, errors = [], []
        for upload in files:
            try:
                checked.append((upload, *validate_evidence(upload)))
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return checked

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                widget = self.fields[name].widget
                described = [f"{self[name].auto_id}_error"]
                if self.fields[name].help_text:
                    described.append(f"{self[name].auto_id}_helptext")
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["aria-describedby"] = " ".join(described)

    def submitted_data(self):
        """What the submit service takes: exactly its SUBMITTED_FIELDS (no phone is "")."""
        data = {k: self.cleaned_data[k] for k in SUBMITTED_FIELDS if k != "phone"}
        data["phone"] = self.cleaned_data.get("phone") or ""
        return data

    @property
    def files_were_sent(self):
        return bool(self.files.getlist("evidence")) if self.is_bound else False


ANSWER_MAX = 5000


class InformationAnswerForm(forms.Form):
    """The complainant's answer to a request for more information (on the private status page)."""

    answer = forms.CharField(
        label=_("Your answer"),
        help_text=_("Send what the ministry asked for. Your answer restarts the clock."),
        max_length=ANSWER_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("Write your answer before sending it.")},
    )


class FindReportForm(forms.Form):
    """'Find my complaint': the reference and the e-mail address the report was sent from."""

    reference = forms.RegexField(
        label=_("Reference"),
        regex=r"^\s*[Cc]-\d{4}-\d{6}\s*$",
        max_length=20,
        help_text=_("As in the confirmation e-mail, e.g. C-2026-000123."),
        error_messages={"invalid": _("Enter the reference as it was given to you, e.g. C-2026-000123.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("The address you gave in the complaint."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
