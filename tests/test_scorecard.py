"""Ministry scorecards against a hand-counted world: complaints received, first replies in time,
working days to first reply and final answer, refusals in time, open overdue complaints, barriers
led / resolved / stale, complainant feedback; rebuilt from history, in a fixed number of queries.

The period is 2026-Q1 (1 January to 31 March 2026). Korea's holidays in it: 1 January, Seollal
16-18 February, 2 March (substitute for 1 March, a Sunday). Deadlines count working days with the
day of receipt as day 1 (barriers/deadlines.py).
"""

import datetime

import pytest
import time_machine
from django.utils import timezone

from barriers.selectors.scorecard import ministry_scorecard
from barriers.services import complaint_clock
from barriers.services import complaints as triage

from .factories import officer, oversight, submit_complaint
from .oversight_world import D, build_world, move

pytestmark = pytest.mark.django_db

Q1 = (D(2026, 1, 1), D(2026, 3, 31))


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


class Clock:
    """Run each step of the story on its own day (time_machine moves timezone.now())."""

    def __call__(self, day, action, *args, **kwargs):
        with time_machine.travel(at(day), tick=False):
            return action(*args, **kwargs)


def receive(day, category, country="CN"):
    with time_machine.travel(at(day), tick=False):
        complaint, _token = submit_complaint(category, country=country)
    return complaint


def build_complaints(world):
    """The story of each complaint (KCS answers customs complaints; FSC takes E up by hand):

    A  CN received Mon 5 Jan, first due Thu 22 Jan; replied Thu 8 Jan (4 working days); answered
       Mon 2 Feb (21); feedback yes on 10 Feb, changed to no on 5 April (after the period).
    B  CN received Mon 12 Jan, first due Thu 29 Jan; replied Tue 3 Feb, late (17); refused with
       grounds Fri 20 Feb (27, Seollal not counted), in time; feedback no on 25 Feb.
    C  CN received Tue 3 Mar, first due Fri 20 Mar; no reply by 31 Mar: open and overdue at the
       period's end (replied on 2 April, after it).
    D  CN received Wed 25 Mar, first due in April: received, nothing else.
    E  US received Mon 19 Jan (payment, routed nowhere), taken up by FSC on 20 Jan, replied Wed
       21 Jan (3), first due Thu 5 Feb; answered on 10 April (after the period).
    F  CN received Mon 29 Dec 2025 (before the period), first due Fri 16 Jan (1 Jan not counted);
       replied Tue 6 Jan (6 working days: 29, 30, 31 Dec, 2, 5, 6 Jan).
    G  CN received Mon 2 Feb; information requested Wed 4 Feb, the complainant answered Wed 11
       Feb (4-10 Feb not counted); replied Thu 12 Feb (4: 2, 3, 11, 12 Feb); first due moved to
       Wed 4 Mar (Seollal and 2 March not counted).
    """
    coord = world["coord"]
    kcs, fsc = officer(world["kcs"], username="score_kcs"), officer(world["fsc"], username="score_fsc")
    customs, payment = world["customs"], world["payment"]
    customs.default_ministry = world["kcs"]
    customs.save()
    run = Clock()

    f = receive(D(2025, 12, 29), customs)
    run(D(2026, 1, 6), triage.reply_to_complaint, kcs, f, text="Looking into it")

    a = receive(D(2026, 1, 5), customs)
    run(D(2026, 1, 8), triage.reply_to_complaint, kcs, a, text="We are on it")
    run(D(2026, 2, 2), triage.answer_complaint, kcs, a, text="Fixed", outcome="accepted")
    run(D(2026, 2, 10), triage.give_feedback, a, answer="yes")

    b = receive(D(2026, 1, 12), customs)
    e = receive(D(2026, 1, 19), payment, country="US")
    run(D(2026, 1, 20), triage.start_review, coord, e, answering_ministry=world["fsc"])
    run(D(2026, 1, 21), triage.reply_to_complaint, fsc, e, text="Received")
    run(D(2026, 2, 3), triage.reply_to_complaint, kcs, b, text="Sorry for the wait")

    g = receive(D(2026, 2, 2), customs)
    run(D(2026, 2, 4), complaint_clock.request_information, kcs, g, question="Which port?")
    run(D(2026, 2, 11), complaint_clock.answer_information_request, g, text="Busan")
    run(D(2026, 2, 12), triage.reply_to_complaint, kcs, g, text="Thanks")

    run(D(2026, 2, 20), triage.reject_complaint, kcs, b, grounds="Already possible")
    run(D(2026, 2, 25), triage.give_feedback, b, answer="no")

    c = receive(D(2026, 3, 3), customs)
    d = receive(D(2026, 3, 25), customs)

    # After the period: none of this may move the Q1 figures.
    run(D(2026, 4, 2), triage.reply_to_complaint, kcs, c, text="Late, sorry")
    run(D(2026, 4, 5), triage.give_feedback, a, answer="no")
    run(D(2026, 4, 10), triage.answer_complaint, fsc, e, text="Done", outcome="accepted")
    move(coord, world["GB-0001"], D(2026, 5, 1), "rejected", "Out of scope")
    world["kcs_officer"] = kcs
    return {"A": a, "B": b, "C": c, "D": d, "E": e, "F": f, "G": g}


@pytest.fixture
def world(db):
    world = build_world()
    world["complaints"] = build_complaints(world)
    return world


@pytest.fixture
def reader(db):
    return oversight(username="score_reader")


def by_code(card):
    return {score.ministry.code: score for score in card.ministries}


def market(score, country):
    return dict(score.markets)[country]


def test_the_stored_deadlines_are_the_hand_counted_ones(world):
    due = {k: timezone.localdate(c.first_reply_due) for k, c in world["complaints"].items() if k != "G"}
    assert due == {
        "A": D(2026, 1, 22),
        "B": D(2026, 1, 29),
        "C": D(2026, 3, 20),
        "D": D(2026, 4, 13),
        "E": D(2026, 2, 5),
        "F": D(2026, 1, 16),
    }
    world["complaints"]["G"].refresh_from_db()
    assert timezone.localdate(world["complaints"]["G"].first_reply_due) == D(2026, 3, 4)


def test_complaint_figures_for_kcs_in_china(world, reader):
    kcs = market(by_code(ministry_scorecard(reader, *Q1))["KCS"], "CN")
    assert kcs.complaints_received == 5  # A B C D G (F came in December)
    assert (kcs.first_replies_in_time, kcs.first_replies_due) == (3, 5)  # A F G of A B C F G
    assert kcs.first_reply_share == pytest.approx(0.6)
    assert kcs.first_reply_days == [4, 4, 6, 17]
    assert kcs.median_days_to_first_reply == 5  # A 4, G 4, F 6, B 17
    assert kcs.final_answer_days == [21, 27]  # A answered, B refused
    assert kcs.median_days_to_final_answer == 24
    assert (kcs.refusals, kcs.refusals_in_time, kcs.refusal_share) == (1, 1, 1.0)
    assert kcs.open_overdue_complaints == 1  # C
    assert (kcs.feedback_yes, kcs.feedback_partly, kcs.feedback_no) == (1, 0, 1)  # A's "no" came in April


def test_complaint_figures_for_the_ministry_that_took_one_up(world, reader):
    fsc = by_code(ministry_scorecard(reader, *Q1))["FSC"]
    us = market(fsc, "US")
    assert (us.complaints_received, us.first_replies_due, us.first_replies_in_time) == (1, 1, 1)
    assert us.median_days_to_first_reply == 3
    assert us.median_days_to_final_answer is None  # answered in April
    assert us.refusal_share is None and not us.has_feedback


def test_barrier_figures_as_they_stood_at_the_end_of_the_period(world, reader):
    card = by_code(ministry_scorecard(reader, *Q1))
    kcs_cn, kcs_us = market(card["KCS"], "CN"), market(card["KCS"], "US")
    assert (kcs_cn.barriers_led, kcs_cn.barriers_open, kcs_cn.barriers_resolved) == (2, 1, 0)
    # CN-0001's only progress update was written in December 2026: stale at the end of March.
    assert (kcs_cn.barriers_stale, kcs_cn.stale_share) == (1, 1.0)
    assert (kcs_us.barriers_led, kcs_us.barriers_resolved, kcs_us.median_days_to_resolution) == (1, 1, 254)
    motie = card["MOTIE"]
    # GB-0001 was rejected in May: at the end of March it was open, and too young to be stale.
    assert (market(motie, "GB").barriers_open, market(motie, "GB").barriers_stale) == (1, 0)
    assert (market(motie, "US").barriers_open, market(motie, "US").barriers_stale) == (1, 1)
    assert motie.figures.stale_share == 0.5
    fsc = card["FSC"]
    assert (market(fsc, "CN").barriers_resolved, market(fsc, "CN").median_days_to_resolution) == (1, 429)
    assert (fsc.figures.barriers_led, fsc.figures.barriers_open) == (2, 0)


def test_ministry_totals_add_up_their_markets(world, reader):
    kcs = by_code(ministry_scorecard(reader, *Q1))["KCS"]
    assert [code for code, _f in kcs.markets] == ["CN", "US"]
    assert kcs.figures.barriers_led == 3
    assert kcs.figures.complaints_received == 5
    assert kcs.figures.median_days_to_resolution == 254


def test_one_market(world, reader):
    card = ministry_scorecard(reader, *Q1, country="US")
    assert {s.ministry.code: [c for c, _f in s.markets] for s in card.ministries} == {
        "FSC": ["US"],
        "KCS": ["US"],
        "MOTIE": ["US"],
    }


def test_a_past_period_does_not_move_when_today_changes(world, reader):
    before = ministry_scorecard(reader, *Q1)
    run = Clock()
    complaint = world["complaints"]["D"]
    run(D(2026, 6, 1), triage.reject_complaint, world["kcs_officer"], complaint, grounds="No")
    move(world["coord"], world["US-0002"], D(2026, 6, 2), "rejected", "Withdrawn")
    after = ministry_scorecard(reader, *Q1)
    assert after == before
    assert after.from_history


def test_the_live_rows_and_the_history_agree_on_a_running_period(world, reader):
    first, last = D(2026, 1, 1), timezone.localdate() + datetime.timedelta(days=30)
    live = ministry_scorecard(reader, first, last)
    rebuilt = ministry_scorecard(reader, first, last, from_history=True)
    assert not live.from_history and rebuilt.from_history
    assert live.ministries == rebuilt.ministries
    assert by_code(live)["KCS"].figures.complaints_received == 5


def test_nobody_outside_the_tracker_gets_figures(world, django_user_model):
    stranger = django_user_model.objects.create_user("nobody")
    assert ministry_scorecard(stranger, *Q1).ministries == []


@pytest.mark.parametrize("from_history", [False, True])
def test_a_fixed_number_of_queries(world, reader, django_assert_num_queries, from_history):
    # complaint counts, complaint days, pauses, closure days, barrier counts, stale, resolution days, ministries
    last = timezone.localdate() + datetime.timedelta(days=1) if not from_history else Q1[1]
    with django_assert_num_queries(8):
        small = ministry_scorecard(reader, Q1[0], last)
    for i in range(6):
        receive(D(2026, 3, 2 + i), world["customs"], country=["VN", "ID", "JP"][i % 3])
    with django_assert_num_queries(8):
        big = ministry_scorecard(reader, Q1[0], last)
    assert sum(s.figures.complaints_received for s in big.ministries) > sum(
        s.figures.complaints_received for s in small.ministries
    )
