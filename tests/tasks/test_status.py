"""The status rule, table-driven: the Python function and its SQL twin must agree on every row."""

import datetime as dt

import pytest

from tasks.models import Assignment, overdue_as_of
from tasks.timing import Progress, Status, TimingKind
from tests.factories import AssignmentFactory

D = dt.date
NOT, DOING, DONE = Progress.NOT_STARTED, Progress.IN_PROGRESS, Progress.COMPLETED
Q4_2018 = {"timing_kind": TimingKind.BY_QUARTER, "due_on": D(2018, 12, 31)}
Q1_2020 = {"timing_kind": TimingKind.BY_QUARTER, "due_on": D(2020, 3, 31)}
Q2_2019 = {"timing_kind": TimingKind.BY_QUARTER, "due_on": D(2019, 6, 30)}
Q3_2019 = {"timing_kind": TimingKind.BY_QUARTER, "due_on": D(2019, 9, 30)}
LEAP_DAY = {"timing_kind": TimingKind.BY_DATE, "due_on": D(2020, 2, 29)}
YEAR_2019 = {"timing_kind": TimingKind.WITHIN_YEAR, "due_on": D(2019, 12, 31)}
FROM_2019 = {"timing_kind": TimingKind.FROM_DATE, "starts_on": D(2019, 1, 1), "due_on": None}
RECURRING = {"timing_kind": TimingKind.RECURRING, "due_on": None}
AUGUST_2024 = {"timing_kind": TimingKind.BY_MONTH, "due_on": D(2024, 8, 31)}
FEBRUARY_2024 = {"timing_kind": TimingKind.BY_MONTH, "due_on": D(2024, 2, 29)}
AUG_SEP_2024 = {"timing_kind": TimingKind.BY_MONTH, "starts_on": D(2024, 8, 1), "due_on": D(2024, 9, 30)}
Q3_Q4_2026 = {"timing_kind": TimingKind.BY_QUARTER, "starts_on": D(2026, 7, 1), "due_on": D(2026, 12, 31)}
YEARS_2024_2025 = {"timing_kind": TimingKind.WITHIN_YEAR, "starts_on": D(2024, 1, 1), "due_on": D(2025, 12, 31)}
YEARLY = {"timing_kind": TimingKind.YEARLY, "due_on": None}
YEARLY_BY_15_DEC = {"timing_kind": TimingKind.YEARLY, "due_on": None, "yearly_due_day": 15, "yearly_due_month": 12}
YEARLY_29_FEB = {"timing_kind": TimingKind.YEARLY, "due_on": None, "yearly_due_day": 29, "yearly_due_month": 2}
YEARLY_31_JUNE = {"timing_kind": TimingKind.YEARLY, "due_on": None, "yearly_due_day": 31, "yearly_due_month": 6}
BY_10_DEC = {"timing_kind": TimingKind.YEARLY, "due_on": None, "yearly_due_day": 10, "yearly_due_month": 12}
YEARLY_FROM_2027 = {**BY_10_DEC, "starts_on": D(2027, 1, 1)}
YEARLY_FROM_20_DEC_2026 = {**BY_10_DEC, "starts_on": D(2026, 12, 20)}  # after 2026's day: first owed in 2027
YEARLY_FROM_JULY_2026 = {**BY_10_DEC, "starts_on": D(2026, 7, 1)}  # before 2026's day: owed in 2026
YEARLY_FROM_10_DEC_2026 = {**BY_10_DEC, "starts_on": D(2026, 12, 10)}
DONE_AT_ISSUE = {"timing_kind": TimingKind.DONE, "due_on": None}
DONE_AT_ISSUE_WITH_DATE = {"timing_kind": TimingKind.DONE, "due_on": D(2024, 6, 30)}
UNSPECIFIED = {"timing_kind": TimingKind.UNSPECIFIED, "due_on": None}
EVENT_PENDING = {"timing_kind": TimingKind.AFTER_EVENT, "due_on": None}
EVENT_PENDING_WITH_DATE = {"timing_kind": TimingKind.AFTER_EVENT, "due_on": D(2019, 12, 31)}
EVENT_NO_DEADLINE = {"timing_kind": TimingKind.AFTER_EVENT, "due_on": None, "trigger_occurred_on": D(2019, 3, 1)}
EVENT_PLUS_90 = {
    "timing_kind": TimingKind.AFTER_EVENT,
    "due_on": None,
    "trigger_occurred_on": D(2019, 3, 1),
    "days_after_trigger": 90,
}  # due 30/05/2019
EVENT_SET_DATE = {
    "timing_kind": TimingKind.AFTER_EVENT,
    "due_on": D(2019, 12, 31),
    "trigger_occurred_on": D(2019, 3, 1),
}
EVENT_LEAP = {
    "timing_kind": TimingKind.AFTER_EVENT,
    "due_on": None,
    "trigger_occurred_on": D(2020, 2, 28),
    "days_after_trigger": 1,
}  # due 29/02/2020

# (id, timing, progress, completed_on, today, due-soon days, expected)
ROWS = [
    # By quarter: quarter ends, the due-soon window (15 days: 16/12 is in, 15/12 is out), the day after.
    ("q4-not-started-early", Q4_2018, NOT, None, D(2018, 11, 30), 15, Status.NOT_STARTED),
    ("q4-in-progress-early", Q4_2018, DOING, None, D(2018, 11, 30), 15, Status.IN_PROGRESS_ON_TIME),
    ("q4-16-days-before", Q4_2018, DOING, None, D(2018, 12, 15), 15, Status.IN_PROGRESS_ON_TIME),
    ("q4-15-days-before", Q4_2018, DOING, None, D(2018, 12, 16), 15, Status.DUE_SOON),
    ("q4-15-days-before-not-started", Q4_2018, NOT, None, D(2018, 12, 16), 15, Status.DUE_SOON),
    ("q4-on-the-due-day", Q4_2018, NOT, None, D(2018, 12, 31), 15, Status.DUE_SOON),
    ("q4-day-after-in-progress", Q4_2018, DOING, None, D(2019, 1, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("q4-day-after-not-started", Q4_2018, NOT, None, D(2019, 1, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("q4-year-later", Q4_2018, DOING, None, D(2019, 12, 31), 15, Status.IN_PROGRESS_OVERDUE),
    ("q4-done-before-due", Q4_2018, DONE, D(2018, 12, 1), D(2019, 6, 14), 15, Status.COMPLETED_ON_TIME),
    ("q4-done-at-due", Q4_2018, DONE, D(2018, 12, 31), D(2019, 6, 14), 15, Status.COMPLETED_ON_TIME),
    ("q4-done-day-after-due", Q4_2018, DONE, D(2019, 1, 1), D(2019, 6, 14), 15, Status.COMPLETED_LATE),
    ("q4-done-before-today-is-due", Q4_2018, DONE, D(2018, 10, 1), D(2018, 10, 2), 15, Status.COMPLETED_ON_TIME),
    ("q4-done-no-date", Q4_2018, DONE, None, D(2019, 6, 14), 15, Status.COMPLETED_ON_TIME),
    ("q1-leap-year-end", Q1_2020, DOING, None, D(2020, 3, 31), 15, Status.DUE_SOON),
    ("q1-leap-year-leap-day", Q1_2020, DOING, None, D(2020, 2, 29), 15, Status.IN_PROGRESS_ON_TIME),
    ("q1-leap-year-16-march", Q1_2020, NOT, None, D(2020, 3, 16), 15, Status.DUE_SOON),
    ("q1-leap-year-15-march", Q1_2020, NOT, None, D(2020, 3, 15), 15, Status.NOT_STARTED),
    ("q2-day-after", Q2_2019, DOING, None, D(2019, 7, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("q2-done-1-july", Q2_2019, DONE, D(2019, 7, 1), D(2019, 7, 1), 15, Status.COMPLETED_LATE),
    ("q3-on-the-due-day", Q3_2019, DOING, None, D(2019, 9, 30), 15, Status.DUE_SOON),
    ("q3-done-30-september", Q3_2019, DONE, D(2019, 9, 30), D(2019, 12, 14), 15, Status.COMPLETED_ON_TIME),
    # By date on a leap day.
    ("leap-day-due-today", LEAP_DAY, NOT, None, D(2020, 2, 29), 15, Status.DUE_SOON),
    ("leap-day-14-feb", LEAP_DAY, NOT, None, D(2020, 2, 14), 15, Status.DUE_SOON),
    ("leap-day-13-feb", LEAP_DAY, NOT, None, D(2020, 2, 13), 15, Status.NOT_STARTED),
    ("leap-day-1-march", LEAP_DAY, DOING, None, D(2020, 3, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("leap-day-done-on-it", LEAP_DAY, DONE, D(2020, 2, 29), D(2020, 3, 1), 15, Status.COMPLETED_ON_TIME),
    ("leap-day-done-1-march", LEAP_DAY, DONE, D(2020, 3, 1), D(2020, 3, 1), 15, Status.COMPLETED_LATE),
    # Within a year.
    ("year-mid", YEAR_2019, DOING, None, D(2019, 6, 14), 15, Status.IN_PROGRESS_ON_TIME),
    ("year-before-it-starts", YEAR_2019, NOT, None, D(2018, 12, 1), 15, Status.NOT_STARTED),
    ("year-last-day", YEAR_2019, NOT, None, D(2019, 12, 31), 15, Status.DUE_SOON),
    ("year-next-day", YEAR_2019, NOT, None, D(2020, 1, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("year-done-next-year", YEAR_2019, DONE, D(2020, 1, 2), D(2020, 6, 14), 15, Status.COMPLETED_LATE),
    ("year-done-in-year", YEAR_2019, DONE, D(2019, 11, 30), D(2020, 6, 14), 15, Status.COMPLETED_ON_TIME),
    # Ongoing from a date, recurring duties, no time given: never overdue.
    ("from-before-start", FROM_2019, NOT, None, D(2018, 12, 1), 15, Status.NO_DEADLINE),
    ("from-years-later", FROM_2019, DOING, None, D(2025, 1, 1), 15, Status.NO_DEADLINE),
    ("from-done", FROM_2019, DONE, D(2019, 5, 1), D(2025, 1, 1), 15, Status.COMPLETED_ON_TIME),
    ("recurring-not-started", RECURRING, NOT, None, D(2019, 6, 14), 15, Status.NO_DEADLINE),
    ("recurring-in-progress", RECURRING, DOING, None, D(2020, 2, 29), 15, Status.NO_DEADLINE),
    ("recurring-done", RECURRING, DONE, D(2019, 6, 1), D(2019, 6, 14), 15, Status.COMPLETED_ON_TIME),
    ("unspecified-not-started", UNSPECIFIED, NOT, None, D(2018, 12, 31), 15, Status.NO_DEADLINE),
    ("unspecified-done-late-in-time", UNSPECIFIED, DONE, D(2030, 1, 1), D(2030, 1, 2), 15, Status.COMPLETED_ON_TIME),
    # By month: due on the month's last day, February of a leap year included.
    ("month-mid", AUGUST_2024, DOING, None, D(2024, 8, 1), 15, Status.IN_PROGRESS_ON_TIME),
    ("month-before-it-not-started", AUGUST_2024, NOT, None, D(2024, 7, 1), 15, Status.NOT_STARTED),
    ("month-16-august", AUGUST_2024, NOT, None, D(2024, 8, 16), 15, Status.DUE_SOON),
    ("month-last-day", AUGUST_2024, DOING, None, D(2024, 8, 31), 15, Status.DUE_SOON),
    ("month-next-day", AUGUST_2024, DOING, None, D(2024, 9, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("month-done-on-last-day", AUGUST_2024, DONE, D(2024, 8, 31), D(2024, 12, 1), 15, Status.COMPLETED_ON_TIME),
    ("month-done-next-month", AUGUST_2024, DONE, D(2024, 9, 1), D(2024, 12, 1), 15, Status.COMPLETED_LATE),
    ("month-leap-february-29th", FEBRUARY_2024, NOT, None, D(2024, 2, 29), 0, Status.DUE_SOON),
    ("month-leap-february-1-march", FEBRUARY_2024, NOT, None, D(2024, 3, 1), 0, Status.IN_PROGRESS_OVERDUE),
    # Ranges: due at the end of the last month, quarter or year; the start does not move the deadline.
    ("months-range-in-first-month", AUG_SEP_2024, DOING, None, D(2024, 8, 20), 15, Status.IN_PROGRESS_ON_TIME),
    ("months-range-end-of-first-month", AUG_SEP_2024, DOING, None, D(2024, 9, 1), 15, Status.IN_PROGRESS_ON_TIME),
    ("months-range-after-last", AUG_SEP_2024, DOING, None, D(2024, 10, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("quarters-range-before-start", Q3_Q4_2026, NOT, None, D(2026, 1, 1), 15, Status.NOT_STARTED),
    ("quarters-range-end-of-q3", Q3_Q4_2026, DOING, None, D(2026, 9, 30), 15, Status.IN_PROGRESS_ON_TIME),
    ("quarters-range-end-of-q4", Q3_Q4_2026, DOING, None, D(2026, 12, 31), 15, Status.DUE_SOON),
    ("quarters-range-done-q4", Q3_Q4_2026, DONE, D(2026, 11, 2), D(2027, 1, 5), 15, Status.COMPLETED_ON_TIME),
    ("years-range-end-of-first-year", YEARS_2024_2025, DOING, None, D(2024, 12, 31), 15, Status.IN_PROGRESS_ON_TIME),
    ("years-range-last-fortnight", YEARS_2024_2025, NOT, None, D(2025, 12, 20), 15, Status.DUE_SOON),
    ("years-range-after-last", YEARS_2024_2025, DOING, None, D(2026, 1, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("years-range-done-late", YEARS_2024_2025, DONE, D(2026, 3, 1), D(2026, 6, 14), 15, Status.COMPLETED_LATE),
    # Yearly duties: due on this year's day and month; only a completion within this year counts.
    ("yearly-no-date-mid-year", YEARLY, NOT, None, D(2024, 6, 14), 15, Status.NOT_STARTED),
    ("yearly-no-date-in-progress", YEARLY, DOING, None, D(2024, 6, 14), 15, Status.IN_PROGRESS_ON_TIME),
    ("yearly-no-date-due-31-dec", YEARLY, NOT, None, D(2024, 12, 16), 15, Status.DUE_SOON),
    ("yearly-no-date-new-year", YEARLY, NOT, None, D(2025, 1, 1), 15, Status.NOT_STARTED),
    ("yearly-no-date-done-31-dec", YEARLY, DONE, D(2024, 12, 31), D(2024, 12, 31), 15, Status.COMPLETED_ON_TIME),
    ("yearly-15-dec-16-days-before", YEARLY_BY_15_DEC, DOING, None, D(2024, 11, 29), 15, Status.IN_PROGRESS_ON_TIME),
    ("yearly-15-dec-15-days-before", YEARLY_BY_15_DEC, NOT, None, D(2024, 11, 30), 15, Status.DUE_SOON),
    ("yearly-15-dec-in-window", YEARLY_BY_15_DEC, NOT, None, D(2024, 12, 10), 15, Status.DUE_SOON),
    ("yearly-15-dec-on-the-day", YEARLY_BY_15_DEC, DOING, None, D(2024, 12, 15), 15, Status.DUE_SOON),
    ("yearly-15-dec-day-after", YEARLY_BY_15_DEC, DOING, None, D(2024, 12, 16), 15, Status.IN_PROGRESS_OVERDUE),
    ("yearly-15-dec-31-dec", YEARLY_BY_15_DEC, NOT, None, D(2024, 12, 31), 15, Status.IN_PROGRESS_OVERDUE),
    ("yearly-15-dec-next-january", YEARLY_BY_15_DEC, NOT, None, D(2025, 1, 2), 15, Status.NOT_STARTED),
    (
        "yearly-15-dec-done-on-time",
        YEARLY_BY_15_DEC,
        DONE,
        D(2024, 12, 15),
        D(2024, 12, 20),
        15,
        Status.COMPLETED_ON_TIME,
    ),
    ("yearly-15-dec-done-late", YEARLY_BY_15_DEC, DONE, D(2024, 12, 16), D(2024, 12, 20), 15, Status.COMPLETED_LATE),
    ("yearly-done-this-year", YEARLY_BY_15_DEC, DONE, D(2025, 1, 10), D(2025, 2, 1), 15, Status.COMPLETED_ON_TIME),
    ("yearly-done-last-year-is-owed", YEARLY_BY_15_DEC, DONE, D(2024, 12, 1), D(2025, 2, 1), 15, Status.NOT_STARTED),
    (
        "yearly-done-last-year-overdue",
        YEARLY_BY_15_DEC,
        DONE,
        D(2024, 12, 1),
        D(2025, 12, 16),
        15,
        Status.IN_PROGRESS_OVERDUE,
    ),
    ("yearly-done-no-date-is-owed", YEARLY_BY_15_DEC, DONE, None, D(2025, 12, 1), 15, Status.DUE_SOON),
    ("yearly-29-feb-leap-year-on-it", YEARLY_29_FEB, NOT, None, D(2024, 2, 29), 0, Status.DUE_SOON),
    ("yearly-29-feb-leap-year-1-march", YEARLY_29_FEB, NOT, None, D(2024, 3, 1), 0, Status.IN_PROGRESS_OVERDUE),
    ("yearly-29-feb-common-year-28th", YEARLY_29_FEB, NOT, None, D(2025, 2, 28), 0, Status.DUE_SOON),
    ("yearly-29-feb-common-year-1-march", YEARLY_29_FEB, NOT, None, D(2025, 3, 1), 0, Status.IN_PROGRESS_OVERDUE),
    ("yearly-29-feb-done-28th-common", YEARLY_29_FEB, DONE, D(2025, 2, 28), D(2025, 6, 1), 0, Status.COMPLETED_ON_TIME),
    ("yearly-29-feb-done-1-march", YEARLY_29_FEB, DONE, D(2025, 3, 1), D(2025, 6, 1), 0, Status.COMPLETED_LATE),
    ("yearly-31-june-is-30th", YEARLY_31_JUNE, NOT, None, D(2025, 6, 30), 0, Status.DUE_SOON),
    ("yearly-31-june-1-july", YEARLY_31_JUNE, DOING, None, D(2025, 7, 1), 0, Status.IN_PROGRESS_OVERDUE),
    ("yearly-31-june-window-ends-30th", YEARLY_31_JUNE, NOT, None, D(2025, 6, 20), 10, Status.DUE_SOON),
    ("yearly-31-june-window-not-yet", YEARLY_31_JUNE, NOT, None, D(2025, 6, 19), 10, Status.NOT_STARTED),
    ("yearly-31-june-done-30th", YEARLY_31_JUNE, DONE, D(2025, 6, 30), D(2025, 8, 1), 15, Status.COMPLETED_ON_TIME),
    ("yearly-31-june-done-1-july", YEARLY_31_JUNE, DONE, D(2025, 7, 1), D(2025, 8, 1), 15, Status.COMPLETED_LATE),
    ("yearly-closed-period-no-due-soon", YEARLY_BY_15_DEC, NOT, None, D(2025, 1, 1), -1, Status.NOT_STARTED),
    ("yearly-closed-period-overdue", YEARLY_BY_15_DEC, NOT, None, D(2025, 12, 16), -1, Status.IN_PROGRESS_OVERDUE),
    # Yearly duties with a start: a year whose deadline falls before `starts_on` owes nothing (not due).
    ("yearly-before-start-not-due", YEARLY_FROM_2027, NOT, None, D(2026, 12, 20), 15, Status.NOT_STARTED),
    ("yearly-before-start-no-due-soon", YEARLY_FROM_2027, DOING, None, D(2026, 12, 1), 15, Status.IN_PROGRESS_ON_TIME),
    (
        "yearly-before-start-done-early",
        YEARLY_FROM_2027,
        DONE,
        D(2026, 12, 15),
        D(2026, 12, 20),
        15,
        Status.COMPLETED_ON_TIME,
    ),
    ("yearly-first-year-not-yet", YEARLY_FROM_2027, NOT, None, D(2027, 1, 1), 15, Status.NOT_STARTED),
    ("yearly-first-year-due-soon", YEARLY_FROM_2027, NOT, None, D(2027, 12, 1), 15, Status.DUE_SOON),
    ("yearly-first-year-overdue", YEARLY_FROM_2027, DOING, None, D(2027, 12, 11), 15, Status.IN_PROGRESS_OVERDUE),
    (
        "yearly-first-year-done-late",
        YEARLY_FROM_2027,
        DONE,
        D(2027, 12, 11),
        D(2027, 12, 20),
        15,
        Status.COMPLETED_LATE,
    ),
    ("yearly-starts-after-the-day", YEARLY_FROM_20_DEC_2026, NOT, None, D(2026, 12, 31), 15, Status.NOT_STARTED),
    (
        "yearly-starts-after-the-day-next",
        YEARLY_FROM_20_DEC_2026,
        NOT,
        None,
        D(2027, 12, 11),
        15,
        Status.IN_PROGRESS_OVERDUE,
    ),
    ("yearly-starts-mid-year-owed", YEARLY_FROM_JULY_2026, NOT, None, D(2026, 12, 11), 15, Status.IN_PROGRESS_OVERDUE),
    ("yearly-starts-mid-year-due-soon", YEARLY_FROM_JULY_2026, NOT, None, D(2026, 3, 1), 300, Status.DUE_SOON),
    ("yearly-starts-on-its-day", YEARLY_FROM_10_DEC_2026, NOT, None, D(2026, 12, 10), 0, Status.DUE_SOON),
    (
        "yearly-starts-on-its-day-after",
        YEARLY_FROM_10_DEC_2026,
        DOING,
        None,
        D(2026, 12, 11),
        0,
        Status.IN_PROGRESS_OVERDUE,
    ),
    # Done when the plan was issued: completed on time whatever the agency's progress says.
    ("done-at-issue-not-started", DONE_AT_ISSUE, NOT, None, D(2024, 6, 14), 15, Status.COMPLETED_ON_TIME),
    ("done-at-issue-in-progress", DONE_AT_ISSUE, DOING, None, D(2030, 1, 1), 15, Status.COMPLETED_ON_TIME),
    ("done-at-issue-completed", DONE_AT_ISSUE, DONE, D(2024, 5, 1), D(2024, 6, 14), 15, Status.COMPLETED_ON_TIME),
    ("done-at-issue-ignores-a-date", DONE_AT_ISSUE_WITH_DATE, DOING, None, D(2025, 1, 1), 15, Status.COMPLETED_ON_TIME),
    (
        "done-at-issue-late-date-ignored",
        DONE_AT_ISSUE_WITH_DATE,
        DONE,
        D(2025, 1, 1),
        D(2025, 2, 1),
        15,
        Status.COMPLETED_ON_TIME,
    ),
    # After an event: waiting until the trigger is recorded, then dated like any other task.
    ("event-waiting", EVENT_PENDING, NOT, None, D(2019, 6, 14), 15, Status.WAITING_TRIGGER),
    ("event-waiting-in-progress", EVENT_PENDING, DOING, None, D(2030, 1, 1), 15, Status.WAITING_TRIGGER),
    ("event-waiting-ignores-a-date", EVENT_PENDING_WITH_DATE, NOT, None, D(2020, 6, 1), 15, Status.WAITING_TRIGGER),
    ("event-done-before-trigger", EVENT_PENDING, DONE, D(2019, 6, 1), D(2019, 6, 14), 15, Status.COMPLETED_ON_TIME),
    ("event-recorded-no-deadline", EVENT_NO_DEADLINE, DOING, None, D(2019, 6, 14), 15, Status.NO_DEADLINE),
    ("event-plus-90-early", EVENT_PLUS_90, NOT, None, D(2019, 4, 1), 15, Status.NOT_STARTED),
    ("event-plus-90-early-in-progress", EVENT_PLUS_90, DOING, None, D(2019, 4, 1), 15, Status.IN_PROGRESS_ON_TIME),
    ("event-plus-90-due-day", EVENT_PLUS_90, DOING, None, D(2019, 5, 30), 15, Status.DUE_SOON),
    ("event-plus-90-day-after", EVENT_PLUS_90, DOING, None, D(2019, 5, 31), 15, Status.IN_PROGRESS_OVERDUE),
    ("event-plus-90-done-on-due", EVENT_PLUS_90, DONE, D(2019, 5, 30), D(2019, 6, 14), 15, Status.COMPLETED_ON_TIME),
    ("event-plus-90-done-late", EVENT_PLUS_90, DONE, D(2019, 5, 31), D(2019, 6, 14), 15, Status.COMPLETED_LATE),
    ("event-set-date-on-time", EVENT_SET_DATE, DOING, None, D(2019, 6, 14), 15, Status.IN_PROGRESS_ON_TIME),
    ("event-set-date-overdue", EVENT_SET_DATE, DOING, None, D(2020, 1, 1), 15, Status.IN_PROGRESS_OVERDUE),
    ("event-leap-day-due", EVENT_LEAP, NOT, None, D(2020, 2, 29), 15, Status.DUE_SOON),
    ("event-leap-day-after", EVENT_LEAP, NOT, None, D(2020, 3, 1), 15, Status.IN_PROGRESS_OVERDUE),
    # Other due-soon windows.
    ("window-0-on-the-day", Q4_2018, NOT, None, D(2018, 12, 31), 0, Status.DUE_SOON),
    ("window-0-day-before", Q4_2018, NOT, None, D(2018, 12, 30), 0, Status.NOT_STARTED),
    ("window-30-in", Q4_2018, DOING, None, D(2018, 12, 1), 30, Status.DUE_SOON),
    ("window-30-out", Q4_2018, DOING, None, D(2018, 11, 30), 30, Status.IN_PROGRESS_ON_TIME),
]


def assignment_with_timing(timing: dict, progress=Progress.NOT_STARTED, completed_on=None) -> Assignment:
    """An assignment whose task has the timing of a table row."""
    return AssignmentFactory(
        task__timing_kind=timing["timing_kind"],
        task__due_on=timing.get("due_on"),
        task__starts_on=timing.get("starts_on"),
        task__trigger_occurred_on=timing.get("trigger_occurred_on"),
        task__days_after_trigger=timing.get("days_after_trigger"),
        task__yearly_due_day=timing.get("yearly_due_day"),
        task__yearly_due_month=timing.get("yearly_due_month"),
        progress=progress,
        completed_on=completed_on,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("timing", "progress", "completed_on", "today", "days", "expected"),
    [pytest.param(*row[1:], id=row[0]) for row in ROWS],
)
def test_python_and_sql_status_agree_with_the_table(timing, progress, completed_on, today, days, expected):
    assignment = assignment_with_timing(timing, progress, completed_on)

    in_python = Assignment.objects.get(pk=assignment.pk).status(today, due_soon_days=days)
    in_sql = Assignment.objects.with_status(today, due_soon_days=days).get(pk=assignment.pk).status_code

    assert (in_python, in_sql) == (expected, expected)


def test_the_table_covers_every_timing_kind_and_every_status():
    assert {row[1]["timing_kind"] for row in ROWS} == set(TimingKind.values)
    assert {row[6] for row in ROWS} == set(Status.values)


@pytest.mark.django_db
def test_due_soon_window_defaults_to_the_setting_in_python_and_sql(settings):
    settings.DUE_SOON_DAYS = 5
    assignment = AssignmentFactory(task__timing_kind=TimingKind.BY_DATE, task__due_on=D(2019, 6, 30))
    statuses = {}
    for today in (D(2019, 6, 24), D(2019, 6, 25)):
        row = Assignment.objects.with_status(today).get(pk=assignment.pk)
        statuses[today] = (row.status(today), row.status_code)

    assert statuses == {
        D(2019, 6, 24): (Status.NOT_STARTED, Status.NOT_STARTED),
        D(2019, 6, 25): (Status.DUE_SOON, Status.DUE_SOON),
    }


@pytest.mark.django_db
def test_sql_status_classifies_many_assignments_in_one_query(django_assert_num_queries):
    for row in ROWS[:20]:
        AssignmentFactory(task__timing_kind=row[1]["timing_kind"], task__due_on=row[1].get("due_on"), progress=row[2])

    with django_assert_num_queries(1):
        codes = list(Assignment.objects.with_status(D(2019, 6, 14)).values_list("status_code", flat=True))

    assert len(codes) == 20 and set(codes) <= set(Status.values)


# (id, timing, today, deadline in force, overdue)
DEADLINE_ROWS = [
    ("yearly-before-start", YEARLY_FROM_2027, D(2026, 12, 20), None, False),
    ("yearly-first-year", YEARLY_FROM_2027, D(2027, 12, 20), D(2027, 12, 10), True),
    ("yearly-starts-after-the-day", YEARLY_FROM_20_DEC_2026, D(2026, 12, 31), None, False),
    ("yearly-starts-after-the-day-next", YEARLY_FROM_20_DEC_2026, D(2027, 12, 11), D(2027, 12, 10), True),
    ("yearly-starts-mid-year", YEARLY_FROM_JULY_2026, D(2026, 12, 11), D(2026, 12, 10), True),
    ("yearly-starts-on-its-day", YEARLY_FROM_10_DEC_2026, D(2026, 12, 10), D(2026, 12, 10), False),
    ("yearly-no-start", BY_10_DEC, D(2026, 12, 11), D(2026, 12, 10), True),
    ("dated-start-ignored", Q3_Q4_2026, D(2027, 1, 1), D(2026, 12, 31), True),
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("timing", "today", "deadline", "overdue"),
    [pytest.param(*row[1:], id=row[0]) for row in DEADLINE_ROWS],
)
def test_python_and_sql_deadline_in_force_and_overdue_agree(timing, today, deadline, overdue):
    """The task pages (deadline), the dashboard's overdue list and its trend (overdue_as_of) all agree."""
    assignment = AssignmentFactory(
        task__timing_kind=timing["timing_kind"],
        task__due_on=timing.get("due_on"),
        task__starts_on=timing.get("starts_on"),
        task__yearly_due_day=timing.get("yearly_due_day"),
        task__yearly_due_month=timing.get("yearly_due_month"),
        progress=NOT,
    )
    rows = Assignment.objects.filter(pk=assignment.pk)
    loaded = rows.select_related("task").get()

    in_python = (loaded.task.deadline_on(today), loaded.status(today) == Status.IN_PROGRESS_OVERDUE)
    in_sql = (rows.with_deadline(today).get().deadline_in_force, rows.overdue(today).exists())

    assert in_python == in_sql == (deadline, overdue)
    assert rows.filter(overdue_as_of(today)).exists() is overdue
