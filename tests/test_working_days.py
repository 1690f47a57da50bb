"""Complaint deadlines counted as the Civil Petitions Act counts them, against hand-counted dates.

The rule (barriers/deadlines.py): a period of 6 days or more counts the day of receipt as day 1 and
skips Saturdays, Sundays, public holidays (substitute holidays included) and closure days that a
coordinator adds; days the complaint waits on the complainant do not count.

Autumn 2026: Chuseok is Thu 24 - Sat 26 September; National Foundation Day, Sat 3 October, has its
substitute holiday on Mon 5 October; Hangul Day is Fri 9 October.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from barriers import deadlines
from barriers.deadlines import Calendar

SEOUL = ZoneInfo("Asia/Seoul")
D = dt.date


def at(day, hour=10):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=SEOUL)


@pytest.fixture
def working():
    return Calendar("working", closures={})


@pytest.fixture
def calendar_days():
    return Calendar("calendar", closures={})


# --- the calendar --------------------------------------------------------------------------------


def test_public_holidays_come_from_the_holidays_package_with_substitutes(working):
    for day in (D(2026, 9, 24), D(2026, 9, 25), D(2026, 10, 5), D(2026, 10, 9), D(2026, 12, 25), D(2027, 1, 1)):
        assert not working.is_working_day(day), day
    assert working.closed_because(D(2026, 10, 5)) == "Alternative holiday for National Foundation Day"
    assert working.closed_because(D(2026, 10, 3)) is not None  # a Saturday and the holiday itself
    assert working.is_working_day(D(2026, 10, 2)) and working.is_working_day(D(2026, 12, 24))
    assert working.is_working_day(D(2026, 12, 31)) and working.is_working_day(D(2027, 1, 4))
    # Chuseok's last day, Sat 26 September, gives no substitute: Mon 28 September is a working day
    assert working.is_working_day(D(2026, 9, 28))


@pytest.mark.parametrize(
    "received,days,due",
    [
        # Mon 21 Sep: 21, 22, 23 (1-3); Chuseok 24-26, Sunday 27; 28 Sep - 2 Oct (4-8); Sat 3 Oct,
        # Sun 4, substitute holiday Mon 5; 6, 7, 8 (9-11); Hangul Day Fri 9, weekend; 12, 13, 14 (12-14)
        (D(2026, 9, 21), 14, D(2026, 10, 14)),
        # received on Chuseok eve: day 1 is the next working day, Mon 28 Sep; ... 16 Oct (13), 19 Oct (14)
        (D(2026, 9, 24), 14, D(2026, 10, 19)),
        # Fri 2 Oct (1); Sat 3, Sun 4, substitute Mon 5 skipped; 6, 7, 8 (2-4); 9 Hangul Day; 12, 13 (5, 6)
        (D(2026, 10, 2), 6, D(2026, 10, 13)),
        # Mon 21 Dec: 21-24 (1-4); Christmas Fri 25, weekend; 28-31 (5-8); New Year's Day Fri 1 Jan,
        # weekend; 4-8 Jan (9-13); 11 Jan (14)
        (D(2026, 12, 21), 14, D(2027, 1, 11)),
        # received on Christmas Day: day 1 is Mon 28 Dec; 28-31 (1-4), 4-8 Jan (5-9), 11-12 Jan (10-11)
        (D(2026, 12, 25), 11, D(2027, 1, 12)),
        # a Saturday: day 1 is Monday 7 December, day 6 is Monday 14 December
        (D(2026, 12, 5), 6, D(2026, 12, 14)),
    ],
)
def test_hand_counted_working_day_periods(working, received, days, due):
    assert working.nth_day(received, days) == due
    assert working.count(received, due) == days


def test_the_calendar_rule_counts_every_day_with_the_day_of_receipt_as_day_one(calendar_days):
    assert calendar_days.nth_day(D(2026, 9, 21), 14) == D(2026, 10, 4)
    assert calendar_days.nth_day(D(2026, 12, 21), 14) == D(2027, 1, 3)


def test_a_temporary_holiday_moves_the_period(working):
    closed = Calendar("working", closures={D(2026, 10, 2): "Temporary holiday"})
    assert closed.closed_because(D(2026, 10, 2)) == "Temporary holiday"
    # as the first case above, with Fri 2 Oct closed: 13 Oct is day 13, 15 Oct day 14
    assert working.nth_day(D(2026, 9, 21), 14) == D(2026, 10, 14)
    assert closed.nth_day(D(2026, 9, 21), 14) == D(2026, 10, 15)


def test_paused_days_do_not_count(working):
    # asked on Wed 23 Sep, answered Wed 30 Sep: the working days 23, 28 and 29 Sep are not counted,
    # so the due date moves three working days, from Wed 14 Oct to Mon 19 Oct
    clock = deadlines.Clock(received=D(2026, 9, 21), pauses=((D(2026, 9, 23), D(2026, 9, 30)),))
    assert deadlines.due_dates(clock, working).first_reply == D(2026, 10, 19)
    # a question asked and answered the same day costs nothing
    same_day = deadlines.Clock(received=D(2026, 9, 21), pauses=((D(2026, 9, 23), D(2026, 9, 23)),))
    assert deadlines.due_dates(same_day, working).first_reply == D(2026, 10, 14)


def test_an_extension_counts_from_its_stated_date_and_only_later_pauses_move_it(working):
    # extended on Mon 21 Dec to Mon 11 Jan; the complainant is asked on Thu 24 Dec and answers on
    # Tue 29 Dec: 24 and 28 Dec are not counted (25 is Christmas, 26-27 a weekend), so 11 Jan
    # becomes Wed 13 Jan. A pause before the extension does not move the stated date.
    clock = deadlines.Clock(
        received=D(2026, 9, 21),
        pauses=((D(2026, 10, 6), D(2026, 10, 8)), (D(2026, 12, 24), D(2026, 12, 29))),
        extended_on=D(2026, 12, 21),
        extension_due=D(2027, 1, 11),
    )
    assert deadlines.due_dates(clock, working).final_answer == D(2027, 1, 13)
    without_later_pause = deadlines.Clock(
        received=D(2026, 9, 21),
        pauses=((D(2026, 10, 6), D(2026, 10, 8)),),
        extended_on=D(2026, 12, 21),
        extension_due=D(2027, 1, 11),
    )
    assert deadlines.due_dates(without_later_pause, working).final_answer == D(2027, 1, 11)


@pytest.mark.parametrize(
    "today,days,overdue,label",
    [
        (D(2026, 10, 8), 3, False, "3 working days left"),  # 9 Oct is Hangul Day, then a weekend: 12, 13, 14
        (D(2026, 10, 14), 0, False, "due today"),
        (D(2026, 10, 15), 1, True, "overdue by 1 working day"),
        (D(2026, 10, 17), 2, True, "overdue by 2 working days"),  # Thu 15, Fri 16; Saturday does not count
    ],
)
def test_days_left_count_working_days(working, english, today, days, overdue, label):
    left = deadlines.days_left(D(2026, 10, 14), today, working)
    assert (left.days, left.overdue, left.label) == (days, overdue, label)


def test_a_paused_clock_freezes_the_days_left(working, english):
    # paused on Wed 23 Sep with Wed 14 Oct due: 11 working days after the pause day are left
    # (28 Sep - 2 Oct, 6-8 Oct, 12-14 Oct), however long the pause lasts
    for today in (D(2026, 9, 25), D(2026, 11, 30)):
        left = deadlines.days_left(D(2026, 10, 14), today, working, paused_on=D(2026, 9, 23))
        assert (left.days, left.paused, left.overdue) == (11, True, False)
        assert left.label == "clock paused: 11 working days left when it restarts"
    # resumed on Wed 30 Sep: due Mon 19 Oct, and the same 11 working days are left that day
    assert deadlines.days_left(D(2026, 10, 19), D(2026, 9, 30), working).days == 11


def test_labels_in_korean(working):
    from django.utils import translation

    with translation.override("ko"):
        assert deadlines.days_left(D(2026, 10, 14), D(2026, 10, 8), working).label == "근무일 3일 남음"
        assert deadlines.days_left(D(2026, 10, 14), D(2026, 10, 14), working).label == "오늘 마감"
        assert deadlines.days_left(D(2026, 10, 14), D(2026, 10, 15), working).label == "기한 경과 (근무일 1일)"


def test_the_settings_are_checked(settings):
    from barriers.checks import deadline_settings

    assert deadline_settings(None) == []
    settings.TRACKER = {**settings.TRACKER, "DEADLINE_CALENDAR": "lunar", "COMPLAINT_FIRST_REPLY_DAYS": 5}
    assert {e.id for e in deadline_settings(None)} == {"barriers.E001", "barriers.E002"}


# --- through the services: submission, a coordinator's closure day, a pause, an extension ----------


@pytest.fixture
def autumn_complaint(db, customs):
    from .factories import submit_complaint

    with time_machine.travel(at(D(2026, 9, 21)), tick=False):
        complaint, token = submit_complaint(customs)
    return complaint, token


def local(value):
    return deadlines.local_date(value)


def test_a_complaint_received_before_chuseok(autumn_complaint):
    complaint, _ = autumn_complaint
    assert local(complaint.first_reply_due) == D(2026, 10, 14)
    assert complaint.first_reply_due == dt.datetime.combine(D(2026, 10, 14), dt.time.max, tzinfo=SEOUL)


def test_a_temporary_holiday_added_in_the_admin_moves_open_deadlines(autumn_complaint, superuser, client_for):
    """The superuser's admin; coordinators keep closure days on /coordination/."""
    complaint, _ = autumn_complaint
    with time_machine.travel(at(D(2026, 9, 22)), tick=False):
        response = client_for(superuser).post(
            "/admin/barriers/closureday/add/",
            {"date": "2026-10-02", "name": "임시공휴일", "change_reason": "Declared by the cabinet"},
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    complaint.refresh_from_db()
    assert local(complaint.first_reply_due) == D(2026, 10, 15)
    row = complaint.history.latest("history_date")
    assert row.history_change_reason == "Deadlines recounted: closure days changed" and row.history_user == superuser
    from barriers.models import ClosureDay

    closure = ClosureDay.objects.get()
    assert closure.history.get().history_user == superuser
    # removing it moves the date back
    with time_machine.travel(at(D(2026, 9, 23)), tick=False):
        response = client_for(superuser).post(f"/admin/barriers/closureday/{closure.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert local(complaint.first_reply_due) == D(2026, 10, 14)


def test_no_member_adds_closure_days_in_the_admin(autumn_complaint, kcs_officer, reader, coord, client_for):
    from barriers.models import ClosureDay

    complaint, _ = autumn_complaint
    before = complaint.history.count()
    for user in (kcs_officer, reader, coord):
        response = client_for(user).post("/admin/barriers/closureday/add/", {"date": "2026-10-02", "name": "x"})
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not ClosureDay.objects.exists() and not ClosureDay.history.exists()
    assert complaint.history.count() == before


def test_a_closure_day_form_refused_keeps_the_input(coord, superuser, client_for, english):
    from barriers.services import calendar as calendar_services

    calendar_services.add_closure_day(coord, date=D(2026, 10, 2), name="Temporary holiday")
    response = client_for(superuser).post(
        "/admin/barriers/closureday/add/", {"date": "2026-10-02", "name": "Again"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "2026-10-02 is already a closure day." in body and 'value="Again"' in body


def test_a_paused_clock_through_the_status_page(autumn_complaint, kcs_officer, client, english):
    from barriers.services import complaint_clock

    complaint, token = autumn_complaint
    with time_machine.travel(at(D(2026, 9, 23)), tick=False):
        complaint_clock.request_information(kcs_officer, complaint, question="Send the customs form, please.")
    complaint.refresh_from_db()
    assert complaint.paused_at is not None and local(complaint.first_reply_due) == D(2026, 10, 14)
    with time_machine.travel(at(D(2026, 9, 25)), tick=False):
        page = client.get(f"/complaints/status/{token}/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Send the customs form, please." in page
    assert "clock paused: 11 working days left when it restarts" in page
    with time_machine.travel(at(D(2026, 9, 30)), tick=False):
        response = client.post(f"/complaints/status/{token}/answer/", {"answer": "Attached form B."})
    assert response.status_code == 303
    complaint.refresh_from_db()
    assert complaint.paused_at is None
    assert local(complaint.first_reply_due) == D(2026, 10, 19)  # 23, 28, 29 Sep not counted
    pause = complaint.pauses.get()
    assert pause.answer == "Attached form B." and local(pause.resumed_at) == D(2026, 9, 30)


def test_an_extension_through_the_service(autumn_complaint, kcs_officer):
    from barriers.services import complaint_clock

    complaint, _ = autumn_complaint
    # extended on Mon 21 Dec to Fri 26 Feb 2027; asked on Thu 24 Dec, answered Tue 29 Dec: 24 and
    # 28 Dec do not count, so the deadline moves two working days past 26 Feb: Mon 1 Mar is
    # Independence Movement Day, so Tue 2 and Wed 3 March
    with time_machine.travel(at(D(2026, 12, 21)), tick=False):
        complaint_clock.extend_review(kcs_officer, complaint, grounds="Consulting the US side.", new_due=D(2027, 2, 26))
    complaint.refresh_from_db()
    assert local(complaint.final_answer_due) == D(2027, 2, 26)
    with time_machine.travel(at(D(2026, 12, 24)), tick=False):
        complaint_clock.request_information(kcs_officer, complaint, question="Which carrier?")
    with time_machine.travel(at(D(2026, 12, 29)), tick=False):
        complaint_clock.answer_information_request(complaint, text="EMS.")
    complaint.refresh_from_db()
    assert complaint.extension_due == D(2027, 2, 26)
    assert local(complaint.final_answer_due) == D(2027, 3, 3)
    assert complaint.extension_grounds == "Consulting the US side."


def test_the_single_call_forms_agree_with_the_calendar(db):
    received = at(D(2026, 9, 21))
    assert deadlines.first_reply_due(received) == deadlines.end_of_day(D(2026, 10, 14))
    calendar = Calendar.load()
    assert deadlines.final_answer_due(received) == deadlines.end_of_day(calendar.nth_day(D(2026, 9, 21), 90))
    assert deadlines.final_answer_due(received, extended=True) == deadlines.end_of_day(
        calendar.nth_day(D(2026, 9, 21), 183)
    )
