"""Timing of a task (thời gian thực hiện) and the status of an assignment.

Pure functions: `today` is always a parameter, so every rule is table-tested.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class TimingKind(models.TextChoices):
    BY_DATE = "by_date", _("Đến ngày")
    BY_MONTH = "by_month", _("Trong tháng")
    BY_QUARTER = "by_quarter", _("Trong quý")
    WITHIN_YEAR = "within_year", _("Trong năm")
    FROM_DATE = "from_date", _("Từ thời điểm, thực hiện liên tục")
    YEARLY = "yearly", _("Hằng năm")
    RECURRING = "recurring", _("Nhiệm vụ thường xuyên")
    AFTER_EVENT = "after_event", _("Sau khi có sự kiện")
    DONE = "done", _("Đã hoàn thành khi ban hành")
    UNSPECIFIED = "unspecified", _("Không quy định thời gian")


class Progress(models.TextChoices):
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    IN_PROGRESS = "in_progress", _("Đang thực hiện")
    COMPLETED = "completed", _("Đã hoàn thành")


class Status(models.TextChoices):
    """The categories of Vietnamese task monitoring, in display order."""

    COMPLETED_ON_TIME = "completed_on_time", _("Hoàn thành đúng hạn")
    COMPLETED_LATE = "completed_late", _("Hoàn thành quá hạn")
    IN_PROGRESS_ON_TIME = "in_progress_on_time", _("Đang thực hiện trong hạn")
    IN_PROGRESS_OVERDUE = "in_progress_overdue", _("Đang thực hiện quá hạn")
    DUE_SOON = "due_soon", _("Sắp đến hạn")
    NOT_STARTED = "not_started", _("Chưa thực hiện")
    WAITING_TRIGGER = "waiting_trigger", _("Chờ điều kiện")
    NO_DEADLINE = "no_deadline", _("Không quy định thời hạn")


# Kinds whose deadline is `due_on` as stored; a range ("Quý III, IV/2026", "2024 - 2025") is one
# of these with `starts_on` set too.
DATED_KINDS = (TimingKind.BY_DATE, TimingKind.BY_MONTH, TimingKind.BY_QUARTER, TimingKind.WITHIN_YEAR)


def end_of_quarter(year: int, quarter: int) -> dt.date:
    if quarter not in (1, 2, 3, 4):
        raise ValueError(f"quarter must be 1-4, got {quarter}")
    month = quarter * 3
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def end_of_year(year: int) -> dt.date:
    return dt.date(year, 12, 31)


def yearly_deadline(year: int, day: int | None, month: int | None) -> dt.date:
    """A yearly duty's deadline in `year`.

    "hằng năm" without a date is due at the end of each year (31/12): the annual report's cut-off
    (14/12) already asks about the year, and nothing in the wording makes the duty late earlier.
    A day past the month's end (31/06, 29/02 in a common year) means the month's last day.
    """
    month = month or 12
    last_day = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day or last_day, last_day))


@dataclass(frozen=True)
class Timing:
    kind: str
    due_on: dt.date | None = None
    trigger_occurred_on: dt.date | None = None
    days_after_trigger: int | None = None
    yearly_due_day: int | None = None
    yearly_due_month: int | None = None
    starts_on: dt.date | None = None

    def deadline_on(self, today: dt.date) -> dt.date | None:
        """The deadline in force on `today`: a yearly duty's is this year's, any other's is stored."""
        if self.kind == TimingKind.YEARLY:
            return self.yearly_deadline_in(today.year)
        return self.effective_due_on()

    def yearly_deadline_in(self, year: int) -> dt.date | None:
        """A yearly duty's deadline in `year`, or None in a year before the duty starts.

        A year whose deadline falls before `starts_on` owes nothing ("hằng năm, từ năm 2027" is not
        due in 2026; starting 20/12 with a 10/12 deadline, the first one owed is next year's).
        We do not look ahead to the first year's deadline: a started duty never does either (its
        deadline is always this year's), so the duty simply has none in force yet and is not due.
        """
        deadline = yearly_deadline(year, self.yearly_due_day, self.yearly_due_month)
        if self.starts_on is not None and deadline < self.starts_on:
            return None
        return deadline

    def effective_due_on(self) -> dt.date | None:
        """The deadline in force: for an event-driven task it exists only once the event happened."""
        if self.kind == TimingKind.AFTER_EVENT:
            if self.trigger_occurred_on is None:
                return None
            if self.due_on is not None:
                return self.due_on
            if self.days_after_trigger is not None:
                return self.trigger_occurred_on + dt.timedelta(days=self.days_after_trigger)
            return None
        if self.kind in DATED_KINDS:
            return self.due_on
        # FROM_DATE, RECURRING, DONE, UNSPECIFIED: no deadline. YEARLY: one per year, which
        # depends on today (deadline_on), so nothing fixed is stored for it.
        return None

    @property
    def is_waiting_for_trigger(self) -> bool:
        return self.kind == TimingKind.AFTER_EVENT and self.trigger_occurred_on is None


@dataclass(frozen=True)
class StatusFacts:
    """What an assignment's status depends on in one calendar year, apart from `today` itself.

    Stored on each assignment (see `Assignment.apply_status_facts`) so that lists and dashboards
    classify with a small expression over indexed columns instead of the whole timing rule.
    `settled` is the status when no comparison with `today` can change it; otherwise it is empty
    and the status follows from `deadline` and `today` as in `assignment_status`.
    """

    year: int
    deadline: dt.date | None
    settled: str


def status_facts(timing: Timing, progress: str, completed_on: dt.date | None, year: int) -> StatusFacts:
    """The stored twin of `assignment_status` for any `today` within `year` (tests keep them equal)."""
    deadline = timing.deadline_on(dt.date(year, 1, 1))
    if timing.kind == TimingKind.DONE:
        return StatusFacts(year, deadline, Status.COMPLETED_ON_TIME)
    done = progress == Progress.COMPLETED
    if timing.kind == TimingKind.YEARLY:
        done = done and completed_on is not None and completed_on.year == year
    if done:
        late = deadline is not None and completed_on is not None and completed_on > deadline
        return StatusFacts(year, deadline, Status.COMPLETED_LATE if late else Status.COMPLETED_ON_TIME)
    if timing.is_waiting_for_trigger:
        return StatusFacts(year, deadline, Status.WAITING_TRIGGER)
    if deadline is None and timing.kind != TimingKind.YEARLY:
        return StatusFacts(year, deadline, Status.NO_DEADLINE)
    return StatusFacts(year, deadline, "")


def assignment_status(
    timing: Timing,
    progress: str,
    completed_on: dt.date | None,
    today: dt.date,
    due_soon_days: int,
) -> Status:
    """Classify one assignment on `today` from its task's timing and its latest progress."""
    if timing.kind == TimingKind.DONE:
        # The plan itself records the task as done when it was issued: nothing is owed.
        return Status.COMPLETED_ON_TIME
    due = timing.deadline_on(today)
    if timing.kind == TimingKind.YEARLY and not _completed_this_year(completed_on, today):
        # A yearly duty is owed again each year: last year's completion does not carry over.
        progress = Progress.NOT_STARTED if progress == Progress.COMPLETED else progress
    if progress == Progress.COMPLETED:
        if due is None or completed_on is None or completed_on <= due:
            return Status.COMPLETED_ON_TIME
        return Status.COMPLETED_LATE
    if timing.is_waiting_for_trigger:
        return Status.WAITING_TRIGGER
    if due is None:
        if timing.kind == TimingKind.YEARLY:
            # Before the duty's first year nothing is owed yet: not due, so never overdue or due soon.
            return Status.IN_PROGRESS_ON_TIME if progress == Progress.IN_PROGRESS else Status.NOT_STARTED
        return Status.NO_DEADLINE
    if today > due:
        return Status.IN_PROGRESS_OVERDUE
    if (due - today).days <= due_soon_days:
        return Status.DUE_SOON
    if progress == Progress.IN_PROGRESS:
        return Status.IN_PROGRESS_ON_TIME
    return Status.NOT_STARTED


def _completed_this_year(completed_on: dt.date | None, today: dt.date) -> bool:
    return completed_on is not None and completed_on.year == today.year
