"""Reporting period arithmetic (Decree 09/2019/NĐ-CP, Article 12): pure functions, no ORM.

A period's data window runs from the day after the cut-off of the month before it starts to
the cut-off day of its last month (the 14th by default, so 15 Dec – 14 Jun for 6 months).
A plan may set another cut-off day; a day past the end of a month means that month's last day.

Agencies submit a few days after the cut-off (a setting, there is no national rule) unless the plan
names a day: "trước ngày 20 hằng tháng" for periodic reports, "trước ngày 10/12 hằng năm" for the
annual one.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

DEFAULT_CUTOFF_DAY = 14
ROMAN_QUARTERS = {1: "I", 2: "II", 3: "III", 4: "IV"}

# Kind codes match reporting.models.PeriodKind; repeated here so this module stays ORM-free.
SEMIANNUAL = "semiannual"
ANNUAL = "annual"
QUARTERLY = "quarterly"
NINE_MONTHS = "nine_months"
MONTHLY = "monthly"
AD_HOC = "ad_hoc"

# The last month of each scheduled kind, keyed by (kind, sequence).
_LAST_MONTH = {
    (SEMIANNUAL, 1): 6,
    (NINE_MONTHS, 1): 9,
    (ANNUAL, 1): 12,
    **{(QUARTERLY, q): q * 3 for q in (1, 2, 3, 4)},
    **{(MONTHLY, m): m for m in range(1, 13)},
}
# How many months a scheduled kind's window spans, counted back from its last month.
_SPAN_MONTHS = {QUARTERLY: 3, MONTHLY: 1}


@dataclass(frozen=True)
class PeriodWindow:
    kind: str
    year: int
    sequence: int
    label: str
    starts_on: dt.date
    ends_on: dt.date
    submission_due_on: dt.date
    consolidated_due_on: dt.date

    @property
    def key(self) -> tuple[str, int, int]:
        return (self.kind, self.year, self.sequence)

    @property
    def display_label(self) -> str:
        return display_period_label(self.label, *self.key)


class PlanReporting(Protocol):
    """The reporting fields of a Plan that shape its periods (a Plan satisfies it; so does a stub)."""

    reports_semiannual: bool
    reports_annual: bool
    reports_quarterly: bool
    reports_monthly: bool
    data_cutoff_day: int | None
    report_due_day: int | None
    annual_report_due_day: int | None
    annual_report_due_month: int | None


@dataclass(frozen=True)
class Schedule:
    """Which periodic reports a plan asks for (its reports_* flags), and by which days they are due."""

    semiannual: bool = True
    annual: bool = True
    quarterly: bool = False
    nine_months: bool = False
    monthly: bool = False
    cutoff_day: int | None = None
    due_day: int | None = None  # "trước ngày 20 hằng tháng"
    annual_due_day: int | None = None  # "trước ngày 10/12 hằng năm"
    annual_due_month: int | None = None

    @classmethod
    def for_plan(cls, plan: PlanReporting) -> Schedule:
        return cls(
            semiannual=plan.reports_semiannual,
            annual=plan.reports_annual,
            quarterly=plan.reports_quarterly,
            monthly=plan.reports_monthly,
            cutoff_day=plan.data_cutoff_day,
            due_day=plan.report_due_day,
            annual_due_day=plan.annual_report_due_day,
            annual_due_month=plan.annual_report_due_month,
        )

    def window(self, kind: str, year: int, sequence: int = 1) -> PeriodWindow:
        """One period of this schedule, with the plan's cut-off and due days."""
        return period_window(
            kind,
            year,
            sequence,
            self.cutoff_day,
            due_day=self.due_day,
            annual_due_day=self.annual_due_day,
            annual_due_month=self.annual_due_month,
        )


def cutoff_date(year: int, month: int, cutoff_day: int | None = None) -> dt.date:
    """The data cut-off date in a month, clamped to the month's last day."""
    day = DEFAULT_CUTOFF_DAY if cutoff_day is None else cutoff_day
    if not 1 <= day <= 31:
        raise ValueError(f"cut-off day must be 1-31, got {day}")
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _month_before(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def data_window(kind: str, year: int, sequence: int = 1, cutoff_day: int | None = None) -> tuple[dt.date, dt.date]:
    """(starts_on, ends_on) of a scheduled period; ad hoc periods have no fixed window."""
    try:
        last_month = _LAST_MONTH[(kind, sequence)]
    except KeyError:
        raise ValueError(f"no fixed window for {kind} #{sequence}") from None
    first_month = last_month - _SPAN_MONTHS[kind] + 1 if kind in _SPAN_MONTHS else 1
    starts_on = cutoff_date(*_month_before(year, first_month), cutoff_day) + dt.timedelta(days=1)
    return starts_on, cutoff_date(year, last_month, cutoff_day)


def period_label(kind: str, year: int, sequence: int = 1) -> str:
    """The Vietnamese name of a period, as documents write it; stored in the default language."""
    with translation.override(settings.LANGUAGE_CODE):
        return localized_period_label(kind, year, sequence)


def display_period_label(stored: str, kind: str, year: int, sequence: int = 1) -> str:
    """A stored period label in the reader's language; one typed by hand stays as typed."""
    if translation.get_language() == settings.LANGUAGE_CODE or stored != period_label(kind, year, sequence):
        return stored
    return localized_period_label(kind, year, sequence)


def localized_period_label(kind: str, year: int, sequence: int = 1) -> str:
    """The name of a period in the reader's language."""
    if kind == MONTHLY:
        return _("Tháng %(month)s năm %(year)s") % {"month": sequence, "year": year}
    if kind == QUARTERLY:
        return _("Quý %(quarter)s năm %(year)s") % {"quarter": ROMAN_QUARTERS[sequence], "year": year}
    if kind == SEMIANNUAL:
        return _("6 tháng đầu năm %(year)s") % {"year": year}
    if kind == NINE_MONTHS:
        return _("9 tháng năm %(year)s") % {"year": year}
    if kind == ANNUAL:
        return _("Năm %(year)s") % {"year": year}
    return _("Báo cáo đột xuất số %(sequence)s năm %(year)s") % {"sequence": sequence, "year": year}


def submission_due_on(ends_on: dt.date, days: int | None = None) -> dt.date:
    """When agencies must submit: a configurable number of days after the cut-off (no national rule)."""
    return ends_on + dt.timedelta(days=settings.REPORT_SUBMISSION_DAYS_AFTER_CUTOFF if days is None else days)


def _day_in_month(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, min(day, calendar.monthrange(year, month)[1]))


def due_on_day_of_month(ends_on: dt.date, due_day: int) -> dt.date:
    """Due "trước ngày 20 hằng tháng": that day of the month the data window ends in, or of the next
    month when that day is not after the cut-off (a report cannot be due before its data is in).
    A day past the end of a month means that month's last day."""
    if not 1 <= due_day <= 31:
        raise ValueError(f"due day must be 1-31, got {due_day}")
    due = _day_in_month(ends_on.year, ends_on.month, due_day)
    if due > ends_on:
        return due
    year, month = (ends_on.year + 1, 1) if ends_on.month == 12 else (ends_on.year, ends_on.month + 1)
    return _day_in_month(year, month, due_day)


def annual_due_on(due_day: int, due_month: int, window: tuple[dt.date, dt.date]) -> dt.date:
    """Due "trước ngày 10/12 hằng năm": that date of the period's year, even before the cut-off,
    because that is what the plan says. A date in the first half of the data window
    ("trước ngày 15/01") cannot be the report on that window, so it means the year after."""
    if not (1 <= due_day <= 31 and 1 <= due_month <= 12):
        raise ValueError(f"annual due date must be a day 1-31 and a month 1-12, got {due_day}/{due_month}")
    starts_on, ends_on = window
    due = _day_in_month(ends_on.year, due_month, due_day)
    if due - starts_on < ends_on - due:
        return _day_in_month(ends_on.year + 1, due_month, due_day)
    return due


def consolidated_due_on(ends_on: dt.date, days: int | None = None) -> dt.date:
    return ends_on + dt.timedelta(days=settings.CONSOLIDATED_REPORT_DAYS_AFTER_CUTOFF if days is None else days)


def consolidated_due_after(ends_on: dt.date, submission_due: dt.date) -> dt.date:
    """The consolidated report's due date, kept the configured gap after a late agency due date."""
    gap = settings.CONSOLIDATED_REPORT_DAYS_AFTER_CUTOFF - settings.REPORT_SUBMISSION_DAYS_AFTER_CUTOFF
    return max(consolidated_due_on(ends_on), submission_due + dt.timedelta(days=max(gap, 0)))


def _submission_due(
    kind: str,
    window: tuple[dt.date, dt.date],
    due_day: int | None,
    annual_due_day: int | None,
    annual_due_month: int | None,
) -> dt.date:
    if kind == ANNUAL and annual_due_day is not None and annual_due_month is not None:
        return annual_due_on(annual_due_day, annual_due_month, window)
    if due_day is not None:
        return due_on_day_of_month(window[1], due_day)
    return submission_due_on(window[1])


def period_window(
    kind: str,
    year: int,
    sequence: int = 1,
    cutoff_day: int | None = None,
    *,
    due_day: int | None = None,
    annual_due_day: int | None = None,
    annual_due_month: int | None = None,
) -> PeriodWindow:
    starts_on, ends_on = data_window(kind, year, sequence, cutoff_day)
    submission_due = _submission_due(kind, (starts_on, ends_on), due_day, annual_due_day, annual_due_month)
    return PeriodWindow(
        kind=kind,
        year=year,
        sequence=sequence,
        label=period_label(kind, year, sequence),
        starts_on=starts_on,
        ends_on=ends_on,
        submission_due_on=submission_due,
        consolidated_due_on=consolidated_due_after(ends_on, submission_due),
    )


def scheduled_windows(schedule: Schedule, year: int) -> list[PeriodWindow]:
    """Every period the schedule asks for in one year, by cut-off date."""
    wanted: list[tuple[str, int]] = []
    if schedule.monthly:
        wanted += [(MONTHLY, m) for m in range(1, 13)]
    if schedule.quarterly:
        wanted += [(QUARTERLY, q) for q in (1, 2, 3, 4)]
    if schedule.semiannual:
        wanted.append((SEMIANNUAL, 1))
    if schedule.nine_months:
        wanted.append((NINE_MONTHS, 1))
    if schedule.annual:
        wanted.append((ANNUAL, 1))
    windows = [schedule.window(kind, year, seq) for kind, seq in wanted]
    return sorted(windows, key=lambda w: (w.ends_on, w.kind))


def next_periods(
    schedule: Schedule,
    today: dt.date,
    existing: Iterable[tuple[str, int, int]] = (),
    limit: int = 3,
) -> list[PeriodWindow]:
    """The next periods a plan should open: not yet created and not yet past their submission date."""
    taken = set(existing)
    candidates = scheduled_windows(schedule, today.year) + scheduled_windows(schedule, today.year + 1)
    upcoming = [w for w in candidates if w.key not in taken and w.submission_due_on >= today]
    return upcoming[:limit]


def days_left(due_on: dt.date, today: dt.date) -> int:
    """Days until a due date; negative once it has passed."""
    return (due_on - today).days
