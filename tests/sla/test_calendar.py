"""Working-time arithmetic: properties, then the specification's examples."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from escalade.sla.calendar import ROUND_THE_CLOCK, WorkCalendar

PARIS = ZoneInfo("Europe/Paris")
OFFICE = WorkCalendar(is_round_the_clock=False)
LUNCH_BREAK = WorkCalendar(
    is_round_the_clock=False,
    hours=((time(8, 30), time(12, 0)), (time(13, 30), time(17, 30))),
    closed_days=frozenset({date(2026, 5, 15)}),
)
# Opening across the 02:00-03:00 hour that daylight saving adds or removes.
NIGHT_SHIFT = WorkCalendar(
    is_round_the_clock=False,
    weekdays=frozenset(range(7)),
    hours=((time(0), time(4)), (time(22), None)),
    holiday_country="",
)
CALENDARS = [ROUND_THE_CLOCK, OFFICE, LUNCH_BREAK, NIGHT_SHIFT]

# 2025-2027, with the DST weekends of Europe/Paris drawn often.
moments = st.one_of(
    st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)).map(
        lambda moment: moment.replace(tzinfo=UTC)
    ),
    st.sampled_from(
        [
            datetime(2026, 3, 29, 0, 30, tzinfo=UTC),  # spring forward
            datetime(2026, 10, 25, 0, 30, tzinfo=UTC),  # fall back
            datetime(2025, 10, 24, 16, 0, tzinfo=UTC),
            datetime(2027, 3, 26, 16, 0, tzinfo=UTC),
        ]
    ).flatmap(
        lambda moment: st.integers(-36 * 60, 36 * 60).map(
            lambda minutes: moment + timedelta(minutes=minutes)
        )
    ),
)
durations = st.integers(1, 14 * 24 * 60).map(lambda minutes: timedelta(minutes=minutes))
calendars = st.sampled_from(CALENDARS)
# The holidays package builds a year's table on first use: no deadline.
examples = settings(deadline=None, max_examples=150)


def paris(*args) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@examples
@given(calendars, moments, durations)
def test_a_due_time_never_falls_in_a_closed_period(calendar, start, duration):
    due = calendar.add(start, duration)

    assert calendar.is_open(due - timedelta(microseconds=1))


@examples
@given(calendars, moments, durations, durations)
def test_adding_more_never_comes_earlier(calendar, start, shorter, extra):
    assert calendar.add(start, shorter) <= calendar.add(start, shorter + extra)


@examples
@given(calendars, moments, durations, durations)
def test_starting_later_never_falls_due_earlier(calendar, start, delay, duration):
    later = start + delay

    assert calendar.add(start, duration) <= calendar.add(later, duration)


@examples
@given(calendars, moments, durations, durations)
def test_adding_in_two_steps_equals_adding_the_sum(calendar, start, first, second):
    in_two_steps = calendar.add(calendar.add(start, first), second)

    assert in_two_steps == calendar.add(start, first + second)


@examples
@given(calendars, moments, durations)
def test_elapsed_time_up_to_the_due_time_is_the_duration(calendar, start, duration):
    assert calendar.elapsed(start, calendar.add(start, duration)) == duration


@examples
@given(calendars, moments, durations, durations, durations)
def test_paused_time_is_excluded(calendar, start, duration, pause_offset, pause_length):
    pause = (start + pause_offset, start + pause_offset + pause_length)
    due = calendar.add(start, duration, [pause])

    assert calendar.elapsed(start, due, [pause]) == duration
    assert due >= calendar.add(start, duration)
    assert not pause[0] < due <= pause[1] or due == pause[0]


@examples
@given(moments, durations, durations, durations)
def test_a_pause_moves_a_round_the_clock_due_time_by_its_length(
    start, duration, pause_offset, pause_length
):
    pause_start = start + min(pause_offset, duration - timedelta(minutes=1))
    pause = (pause_start, pause_start + pause_length)

    due = ROUND_THE_CLOCK.add(start, duration, [pause])

    assert due == start + duration + pause_length


@examples
@given(moments, durations)
def test_office_due_times_keep_wall_clock_hours_across_dst(start, duration):
    due = OFFICE.add(start, duration).astimezone(PARIS)
    # The last instant of work before the due time: a start with seconds can
    # leave a due time a few seconds after opening, so not a whole minute.
    last_instant = due - timedelta(microseconds=1)

    assert last_instant.weekday() < 5
    assert time(9) <= last_instant.time() < time(18)


@examples
@given(moments, durations)
def test_round_the_clock_counts_real_hours_across_dst(start, duration):
    assert ROUND_THE_CLOCK.add(start, duration) - start == duration


def test_the_spring_dst_sunday_has_one_hour_less_at_night():
    day = NIGHT_SHIFT.elapsed(paris(2026, 3, 29, 0, 0), paris(2026, 3, 29, 12, 0))
    other = NIGHT_SHIFT.elapsed(paris(2026, 3, 22, 0, 0), paris(2026, 3, 22, 12, 0))

    assert day == timedelta(hours=3)
    assert other == timedelta(hours=4)


def test_the_autumn_dst_sunday_has_one_hour_more_at_night():
    day = NIGHT_SHIFT.elapsed(paris(2026, 10, 25, 0, 0), paris(2026, 10, 25, 12, 0))

    assert day == timedelta(hours=5)


def test_four_office_hours_from_friday_five_pm_fall_due_monday_noon():
    due = OFFICE.add(paris(2025, 12, 19, 17, 0), timedelta(hours=4))

    assert due == paris(2025, 12, 22, 12, 0)


def test_round_the_clock_normal_targets_from_friday_afternoon():
    escalated = paris(2025, 12, 19, 14, 30)

    assert ROUND_THE_CLOCK.add(escalated, timedelta(hours=24)) == paris(
        2025, 12, 20, 14, 30
    )
    assert ROUND_THE_CLOCK.add(escalated, timedelta(hours=48)) == paris(
        2025, 12, 21, 14, 30
    )


def test_three_hours_waiting_move_a_round_the_clock_due_time_by_three_hours():
    start = paris(2025, 12, 19, 14, 30)
    wait = (paris(2025, 12, 19, 16, 0), paris(2025, 12, 19, 19, 0))

    due = ROUND_THE_CLOCK.add(start, timedelta(hours=24), [wait])

    assert due == paris(2025, 12, 20, 17, 30)


def test_public_holidays_are_closed():
    # Christmas Thursday: 2 h on Wednesday 24, then Friday 26 from 9:00.
    due = OFFICE.add(paris(2025, 12, 24, 16, 0), timedelta(hours=4))

    assert due == paris(2025, 12, 26, 11, 0)


def test_lunch_breaks_and_extra_closed_days_are_skipped():
    # Thursday 14 May 2026 is Ascension; Friday 15 is an extra closed day.
    # Wednesday 13: 11:00-12:00 and 13:30-17:30 give 5 of the 7 hours.
    due = LUNCH_BREAK.add(paris(2026, 5, 13, 11, 0), timedelta(hours=7))

    assert due == paris(2026, 5, 18, 10, 30)


def test_a_calendar_without_open_days_is_refused():
    with pytest.raises(ValueError):
        WorkCalendar(is_round_the_clock=False, weekdays=frozenset())
