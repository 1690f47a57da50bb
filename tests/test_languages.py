"""Korean pages are Korean and English pages English, on every page type and every mail.

What a reader sees is checked, not the templates: the visible text of each page (text nodes and
the attributes people see or hear: title, aria-label, alt, placeholder, button values), less
what people typed (titles, descriptions, reasons, names: `data_texts`).
- English: no Hangul, except the language switch ("한국어").
- Korean: no English word, except codes and acronyms (ALLOWED_LATIN) and references.

To cover a new page, add one line to PAGES: an id, who asks (a key of `actors`), and how to ask
(a function of the test client and the world, returning the response).
"""

import re
import uuid
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.test import Client, override_settings
from django.utils import timezone

from barriers.change_reasons import ALL as SYSTEM_REASONS_ALL
from barriers.models import Barrier, Complaint, MarketArea, MarketIndicator, ProgressUpdate
from barriers.services import complaints as complaint_services

from .complaint_support import form_data
from .factories import officer, oversight
from .oversight_world import build_world

pytestmark = pytest.mark.django_db

HANGUL = re.compile(r"[\u1100-\u11ff\u3130-\u318f\uac00-\ud7a3]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
REFERENCE = re.compile(r"\b[A-Z]{1,2}-\d{4}(?:-\d{6})?\b")
# Codes, acronyms and names a Korean page writes in Latin letters.
ALLOWED_LATIN = {
    *("KCS", "MOTIE", "FSC", "FSS", "MOEF", "MSIT", "KATS", "MFDS", "KPOST", "MSS", "MOFA", "KFTC", "PIPC"),
    *("KOTRA", "KITA", "UNCTAD", "NTM", "HS", "EMS", "PG", "SME"),
    *("US", "CN", "JP", "VN", "ID", "GB", "SG"),
    *("CSV", "XLSX", "PDF", "PNG", "JPEG", "DOCX", "MB", "KB", "API", "GraphQL", "GraphiQL"),
    "English",  # the language switch names each language in itself
    "ko",  # a complaint's language, as stored
    # The admin writes these in English whatever the language: key names in its multiple-select
    # help text, and the alt text of its search and yes/no icons.
    *("Control", "Command", "Mac", "Search", "True", "False"),
}
LANGUAGE_SWITCH = ("한국어",)


class VisibleText(HTMLParser):
    HIDDEN = {"script", "style", "template"}
    SHOWN_ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts, self._hidden = [], 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.HIDDEN:
            self._hidden += 1
        self.parts += [attrs[name] for name in self.SHOWN_ATTRIBUTES if attrs.get(name)]
        if tag == "input" and attrs.get("type") in ("submit", "button", "reset") and attrs.get("value"):
            self.parts.append(attrs["value"])

    def handle_endtag(self, tag):
        if tag in self.HIDDEN:
            self._hidden -= 1

    def handle_data(self, data):
        if not self._hidden and data.strip():
            self.parts.append(data.strip())


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return "\n".join(parser.parts)


def data_texts():
    """What people typed, which is shown as written in either language."""
    texts = set()
    for b in Barrier.objects.all():
        texts |= {b.title, b.description, b.resolution_summary, b.sectors}
    for reason in Barrier.history.values_list("history_change_reason", flat=True):
        if reason and reason not in SYSTEM_REASONS_ALL:
            texts.add(reason)
    texts |= set(ProgressUpdate.objects.values_list("text", flat=True))
    for c in Complaint.objects.all():
        texts |= {c.description, c.desired_fix, c.product, c.reply, c.company_name, c.contact_name, c.email}
    for user in get_user_model().objects.all():
        texts |= {user.get_username(), user.get_full_name()}
    for area in MarketArea.objects.all():  # a guide's texts and sources, as their authors wrote them
        texts |= {area.text_ko, area.text_en, *area.source_list()}
    texts |= set(MarketIndicator.objects.values_list("source", flat=True))  # as the statistics office names itself
    return sorted((t for t in texts if t and t.strip()), key=len, reverse=True)


def without_data(text):
    for value in data_texts():
        for line in value.splitlines():
            if line.strip():
                text = text.replace(line.strip(), " ")
    return text


def foreign_words(text, language):
    text = without_data(text)
    if language == "en":
        for word in LANGUAGE_SWITCH:
            text = text.replace(word, " ")
        return HANGUL.findall(text)
    text = REFERENCE.sub(" ", text)
    text = re.sub(r"\S+@\S+|https?://\S+", " ", text)  # addresses and links
    return [w for w in LATIN_WORD.findall(text) if w not in ALLOWED_LATIN]


# -- the world the pages show ------------------------------------------------------------------


def submit(category, language):
    """A complaint as the form sends it, from a complainant writing in `language`."""
    data = {**form_data(category, business_number="1234567891"), "category": category}
    for name in ("submission_id", "consent", "website"):
        data.pop(name)
    result = complaint_services.submit_complaint(
        submission_id=uuid.uuid4(),
        data=data,
        language=language,
        status_url=lambda token: f"https://tracker.example/s/{token}/",
    )
    return result.complaint, result.token


@pytest.fixture
def world(db):
    world = build_world()
    customs = world["customs"]
    complaint, token = submit(customs, "ko")
    complaint_services.link_to_barrier(world["coord"], complaint, world["CN-0001"], reply="Linked.")
    world.update(complaint=Complaint.objects.get(pk=complaint.pk), token=token)
    return world


@pytest.fixture
def actors(world):
    return {
        "anonymous": None,
        "officer": officer(world["kcs"], username="lang_officer"),
        "oversight": oversight(username="lang_reader"),
        "no_role": get_user_model().objects.create_user("lang_nobody", password="x"),
        "superuser": get_user_model().objects.create_superuser("lang_admin", password="x"),
    }


def needs_template(name):
    """Pages that come with a template of their own (the error pages of the KRDS layout)."""
    try:
        get_template(name)
    except TemplateDoesNotExist:
        pytest.skip(f"{name} does not exist yet")


def invalid_complaint(client, world):
    return client.post("/complaints/new/", form_data(world["customs"], email="not-an-e-mail", business_number="1"))


def confirmation(client, world):
    data = form_data(world["customs"])
    response = client.post("/complaints/new/", data)
    assert response.status_code == 303
    return client.get(response["Location"])


def triage_page(client, world):
    complaint, _ = submit(world["customs"], "ko")
    return client.get(f"/workspace/complaints/{complaint.reference}/")


def triage_refused(client, world):
    complaint, _ = submit(world["customs"], "ko")
    url = f"/workspace/complaints/{complaint.reference}/"
    return client.post(url, {"action": "create_barrier", "create_barrier-barrier_title": ""})


def not_found(client, world):
    needs_template("404.html")
    return client.get("/barriers/NOPE-0000/")


def follows_page(client, world):
    from barriers.services import follows as follow_services

    user = client.get("/follows/").wsgi_request.user
    follow_services.follow_barrier(user, world["CN-0001"])
    follow_services.save_view(user, "CN", "country=CN")
    return client.get("/follows/")


def notes_page(client, world):
    from barriers.services import notes as note_services

    user = client.get("/follows/").wsgi_request.user
    note_services.add_note(user, world["CN-0001"], "CN")
    return client.get("/barriers/CN-0001/notes/")


def edit_note_page(client, world):
    from barriers.services import notes as note_services

    user = client.get("/follows/").wsgi_request.user
    note = note_services.add_note(user, world["CN-0001"], "CN")
    return client.get(f"/follows/notes/{note.pk}/edit/")


def unsubscribe_page(client, world):
    from barriers.web.follows import unsubscribe_url

    return client.get(unsubscribe_url(world["coord"]))


def forbidden(client, world):
    needs_template("403.html")
    return client.get("/dashboard/")


def refused_status_change(client, world):
    barrier = world["CN-0001"]
    data = {"status-status": "resolved", "status-reason": "", "status-version": barrier.version}
    return client.post(f"/barriers/{barrier.reference}/actions/status/", data)


def escalations_page(client):
    from barriers.services import escalation

    escalation.run()  # whatever the world has due: complaint steps, overdue and stale barriers
    return client.get("/workspace/escalations/")


def admin_version(client, obj):
    version = type(obj).history.filter(id=obj.pk).order_by("history_id").first()
    return client.get(f"/admin/barriers/{obj._meta.model_name}/{obj.pk}/history/{version.history_id}/")


def with_market_guides(ask):
    """The demo guides of the five markets, as seed_demo loads them, before asking."""

    def run(client, world):
        import json

        from django.conf import settings

        from barriers.services.markets import load_demo_profile

        fixture = json.loads((settings.BASE_DIR / "fixtures" / "demo_market_profiles.json").read_text("utf-8"))
        for row in fixture["profiles"]:
            load_demo_profile(row["country"], row["areas"])
        from barriers.services import indicators

        figures = (settings.BASE_DIR / "fixtures" / "demo_market_indicators.csv").read_text("utf-8")
        indicators.import_market_indicators(
            None, indicators.parse_kosis_csv(figures), source=indicators.DEMO_SOURCE, is_demo=True
        )
        return ask(client, world)

    return run


PAGES = [
    ("complaint form", "anonymous", lambda c, w: c.get("/complaints/new/")),
    ("complaint form with errors", "anonymous", invalid_complaint),
    ("complaint confirmation", "anonymous", confirmation),
    ("complaint refused", "anonymous", lambda c, w: c.post("/complaints/new/", form_data(w["customs"], website="x"))),
    ("complaint status", "anonymous", lambda c, w: c.get(f"/complaints/status/{w['token']}/")),
    ("sign in", "anonymous", lambda c, w: c.get("/accounts/login/")),
    ("sign in refused", "anonymous", lambda c, w: c.post("/accounts/login/", {"username": "x", "password": "y"})),
    ("dashboard", "oversight", lambda c, w: c.get("/dashboard/")),
    ("dashboard with export figures", "oversight", with_market_guides(lambda c, w: c.get("/dashboard/"))),
    ("dashboard, one market", "oversight", lambda c, w: c.get("/dashboard/", {"country": "CN", "period": "2026"})),
    ("ministry scorecard", "oversight", lambda c, w: c.get("/dashboard/scorecard/", {"period": "2026-Q1"})),
    ("ministry scorecard, bad market", "oversight", lambda c, w: c.get("/dashboard/scorecard/", {"country": "123"})),
    ("barrier list", "officer", lambda c, w: c.get("/barriers/")),
    ("barrier list, bad filter", "officer", lambda c, w: c.get("/barriers/", {"identified_from": "nope"})),
    ("barrier detail", "officer", lambda c, w: c.get("/barriers/CN-0001/")),
    ("barrier detail, resolved", "oversight", lambda c, w: c.get("/barriers/CN-0002/")),
    ("barrier detail, every action", "superuser", lambda c, w: c.get("/barriers/CN-0001/")),
    ("barrier detail, reopen", "superuser", lambda c, w: c.get("/barriers/CN-0002/")),
    ("barrier detail, refused action", "officer", refused_status_change),
    ("new barrier", "officer", lambda c, w: c.get("/barriers/new/")),
    ("new barrier with errors", "officer", lambda c, w: c.post("/barriers/new/", {"title": "", "country": ""})),
    ("coordination", "superuser", lambda c, w: c.get("/coordination/")),
    ("admin index", "superuser", lambda c, w: c.get("/admin/")),
    ("admin barriers", "superuser", lambda c, w: c.get("/admin/barriers/barrier/")),
    ("admin barrier", "superuser", lambda c, w: c.get(f"/admin/barriers/barrier/{w['CN-0001'].pk}/change/")),
    ("admin barrier history", "superuser", lambda c, w: c.get(f"/admin/barriers/barrier/{w['CN-0001'].pk}/history/")),
    ("admin complaints", "superuser", lambda c, w: c.get("/admin/barriers/complaint/", {"q": "C-"})),
    ("admin complaint", "superuser", lambda c, w: c.get(f"/admin/barriers/complaint/{w['complaint'].pk}/change/")),
    (
        "admin complaint history",
        "superuser",
        lambda c, w: c.get(f"/admin/barriers/complaint/{w['complaint'].pk}/history/"),
    ),
    ("admin complaint version", "superuser", lambda c, w: admin_version(c, w["complaint"])),
    ("workspace inbox", "officer", lambda c, w: c.get("/workspace/")),
    ("workspace inbox, filtered", "officer", lambda c, w: c.get("/workspace/", {"overdue": "true", "country": "CN"})),
    ("workspace triage", "officer", triage_page),
    ("workspace triage with errors", "officer", triage_refused),
    ("workspace closed complaint", "officer", lambda c, w: c.get(f"/workspace/complaints/{w['complaint'].reference}/")),
    ("GraphiQL", "oversight", lambda c, w: c.get("/graphql/", HTTP_ACCEPT="text/html")),
    ("escalations", "oversight", lambda c, w: escalations_page(c)),
    ("market guides", "anonymous", with_market_guides(lambda c, w: c.get("/markets/"))),
    ("market guide", "anonymous", with_market_guides(lambda c, w: c.get("/markets/CN/"))),
    ("market guide, signed in", "superuser", with_market_guides(lambda c, w: c.get("/markets/ID/"))),
    ("market area edit", "superuser", with_market_guides(lambda c, w: c.get("/markets/CN/payment/edit/"))),
    (
        "market area edit refused",
        "superuser",
        with_market_guides(lambda c, w: c.post("/markets/CN/payment/edit/", {"text_ko": "", "version": "1"})),
    ),
    ("not found", "oversight", not_found),
    ("follows", "officer", follows_page),
    ("save a view", "oversight", lambda c, w: c.get("/follows/views/new/", {"country": "CN"})),
    ("save a view, no name", "oversight", lambda c, w: c.post("/follows/views/new/", {"name": "", "query": ""})),
    ("barrier notes", "officer", notes_page),
    ("barrier notes, empty note", "officer", lambda c, w: c.post("/barriers/CN-0001/notes/", {"text": ""})),
    ("complaint notes", "oversight", lambda c, w: c.get(f"/workspace/complaints/{w['complaint'].reference}/notes/")),
    ("edit a note", "officer", edit_note_page),
    ("unsubscribe", "anonymous", unsubscribe_page),
    ("follows, new feed addresses", "oversight", lambda c, w: c.post("/follows/feed-tokens/new/")),
    ("forbidden", "no_role", forbidden),
]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("name, actor, ask", PAGES, ids=[p[0] for p in PAGES])
def test_every_page_is_in_the_language_it_is_shown_in(world, actors, name, actor, ask, language):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    if actors[actor] is not None:
        client.force_login(actors[actor])
    response = ask(client, world)
    assert response["Content-Type"].startswith("text/html"), name
    html = response.content.decode()
    assert f'lang="{language}"' in html
    words = foreign_words(visible_text(html), language)
    assert words == [], " ".join(words)


def test_the_checks_catch_what_they_are_for():
    assert foreign_words("Status 상태", "en") == ["상태"]
    assert foreign_words("상태 (descending)", "ko") == ["descending"]
    assert foreign_words("Target on 2026. 12. 16.", "ko") == ["Target", "on"]
    assert foreign_words("KCS 관세청 CN-0007 C-2026-000123 HS 33", "ko") == []
    assert visible_text('<p title="T">a<script>x</script><input type="submit" value="Go"></p>') == "T\na\nGo"


# -- mails ---------------------------------------------------------------------------------------


@pytest.fixture
def mails_of(django_capture_on_commit_callbacks):
    def run(action, world):
        mail.outbox.clear()
        with override_settings(SITE_URL="https://tracker.example"), django_capture_on_commit_callbacks(execute=True):
            action(world)
        assert mail.outbox
        return list(mail.outbox)

    return run


def complaint_in(language):
    def new(world):
        world["new_complaint"], _token = submit(world["customs"], language)

    return new


def answered_in(language):
    def answer(world):
        complaint_in(language)(world)
        complaint_services.answer_complaint(
            world["coord"], world["new_complaint"], text="Done.", outcome="already_possible"
        )

    return answer


def barrier_moved_for_complainant_in(language):
    def move(world):
        from barriers.services import barriers as barrier_services

        complaint_in(language)(world)
        complaint_services.link_to_barrier(world["coord"], world["new_complaint"], world["GB-0001"], reply="Linked.")
        barrier = Barrier.objects.get(reference="GB-0001")
        barrier_services.change_status(
            world["coord"], barrier, status="confirmed", reason="Checked.", version=barrier.version
        )

    return move


MAILS = [
    ("complaint received", complaint_in),
    ("complaint answered", answered_in),
    ("linked barrier moved", barrier_moved_for_complainant_in),
]


@pytest.mark.parametrize("language", ["ko", "en"])
@pytest.mark.parametrize("name, action", MAILS, ids=[m[0] for m in MAILS])
def test_complaint_mails_are_in_the_complainants_language(world, mails_of, name, action, language):
    outbox = mails_of(action(language), world)
    complainant = [m for m in outbox if m.to == [world["new_complaint"].email]]
    assert complainant, name
    for message in complainant:
        assert foreign_words(message.subject + "\n" + message.body, language) == [], message.body


def test_mails_write_dates_as_the_complainants_language_does(world, mails_of):
    ko = mails_of(complaint_in("ko"), world)[-1].body
    due = timezone.localtime(world["new_complaint"].first_reply_due)
    assert f"{due:%Y}. {due.month}. {due.day}." in ko
    en = mails_of(complaint_in("en"), world)[-1].body
    assert f"{due.day} {due:%B %Y}" in en


def test_settings_name_both_languages():
    assert [code for code, _name in settings.LANGUAGES] == ["ko", "en"]


def ministry_mails(world):
    from barriers import notifications

    barrier = Barrier.objects.get(reference="CN-0001")
    notifications.barrier_assigned(barrier, barrier.lead_ministry_id)
    notifications.barrier_status_changed(barrier, "confirmed", "현지 확인", "world_coord")
    escalation_mails(world, barrier)


def escalation_mails(world, barrier):
    from barriers import deadlines, notifications
    from barriers.choices import BarrierEscalationKind, EscalationStep
    from barriers.models import Escalation
    from barriers.services.escalation import Step

    complaint = world["complaint"]
    calendar = deadlines.Calendar.load()
    due = deadlines.local_date(complaint.first_reply_due)
    deadline = deadlines.Deadline(
        deadlines.FIRST_REPLY, due, deadlines.days_left(due, due + timezone.timedelta(days=9), calendar)
    )
    steps = [
        Step(row=Escalation(step=step), recipients=[], complaint=complaint, deadline=deadline)
        for step in EscalationStep.values
    ] + [
        Step(row=Escalation(barrier_kind=kind), recipients=[], barrier=barrier) for kind in BarrierEscalationKind.values
    ]
    notifications.escalation_digest("officer@tracker.example", steps, timezone.localdate())


def test_ministry_mails_are_korean(world, mails_of):
    outbox = [m for m in mails_of(ministry_mails, world) if m.to != [world["complaint"].email]]
    assert len(outbox) >= 3 and ["officer@tracker.example"] in [m.to for m in outbox]  # the ladder's mail too
    for message in outbox:
        words = foreign_words(message.subject + "\n" + message.body, "ko")
        assert words == [], message.subject + "\n" + message.body
