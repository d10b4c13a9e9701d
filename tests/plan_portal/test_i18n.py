"""The interface in English: the language switch, translated pages, and a complete, compiled catalogue."""

from __future__ import annotations

import ast
import datetime as dt
import gettext
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from tasks.models import AssignmentRole
from tests.factories import AgencyFactory, AssignmentFactory, PlanFactory, TaskFactory, staff_of
from tests.tasks.view_data import complete, page_text, waiting_task

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%|%[sd]")


@dataclass
class Entry:
    msgid: str = ""
    msgctxt: str | None = None
    msgid_plural: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)


def read_po(path: Path) -> list[Entry]:
    """The live entries of a .po file (obsolete `#~` ones are skipped); enough of the format for our files."""
    entries, current, key = [], None, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip() or line.startswith("#~"):
            if current is not None and not line.startswith("#~"):
                entries.append(current)
                current = None
            continue
        current = current or Entry()
        if line.startswith("#,"):
            current.flags.update(flag.strip() for flag in line[2:].split(","))
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            setattr_or_item(current, key, ast.literal_eval(line))
        else:
            keyword, _, value = line.partition(" ")
            key = keyword
            setattr_or_item(current, key, ast.literal_eval(value), start=True)
    return entries


def setattr_or_item(entry: Entry, key: str, text: str, start: bool = False) -> None:
    if key.startswith("msgstr"):
        index = int(key[7:-1]) if "[" in key else 0
        entry.msgstr[index] = ("" if start else entry.msgstr[index]) + text
    else:
        setattr(entry, key, ("" if start else getattr(entry, key)) + text)


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return read_po(CATALOGUE / "django.po")[1:]  # the first entry is the header


@pytest.fixture
def switch_language(client):
    def switch(code: str, next_url: str = "/") -> None:
        response = client.post(reverse("set_language"), {"language": code, "next": next_url})
        assert response.status_code == 302

    return switch


@pytest.fixture
def staff_client(client):
    client.force_login(staff_of(AgencyFactory(name="Sở Thông tin và Truyền thông")))
    return client


@pytest.fixture
def plan_with_statuses(monkeypatch):
    monkeypatch.setattr("tasks.views._today", lambda: dt.date(2019, 3, 1))
    plan = PlanFactory(title="Bổ sung Kế hoạch 4447 về cán bộ")
    done = AssignmentFactory(task=TaskFactory(plan=plan, title="Quán triệt Nghị quyết"), role=AssignmentRole.LEAD)
    complete(done, dt.date(2019, 1, 5))
    AssignmentFactory(task=TaskFactory(plan=plan), role=AssignmentRole.IMPLEMENTING)
    AssignmentFactory(task=waiting_task(plan), role=AssignmentRole.LEAD)
    return plan


def test_catalogue_exists_and_is_large(entries):
    assert len(entries) > 500


def test_every_string_has_a_translation_that_is_not_fuzzy(entries):
    untranslated = [e.msgid for e in entries if not e.msgstr or not all(e.msgstr.values())]
    fuzzy = [e.msgid for e in entries if "fuzzy" in e.flags]
    assert untranslated == []
    assert fuzzy == []


def test_plural_strings_have_both_english_forms(entries):
    plurals = [e for e in entries if e.msgid_plural is not None]
    assert plurals
    for entry in plurals:
        assert sorted(entry.msgstr) == [0, 1], entry.msgid


def test_translations_keep_every_placeholder(entries):
    for entry in entries:
        if "python-format" not in entry.flags:
            continue
        sources = [entry.msgid] if entry.msgid_plural is None else [entry.msgid, entry.msgid_plural]
        for index, text in entry.msgstr.items():
            expected = set(PLACEHOLDER.findall(sources[min(index, len(sources) - 1)]))
            found = set(PLACEHOLDER.findall(text))
            # English "one" may name the count in words ("the latest period") instead of %(n)s.
            allowed = expected - {"%(n)s"} if entry.msgid_plural is not None and index == 0 else expected
            assert allowed <= found <= expected, (entry.msgid, text)


def test_committed_mo_file_matches_the_po_file(entries):
    with (CATALOGUE / "django.mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in entries:
        if entry.msgid_plural is not None:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 1) == entry.msgstr[0]
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 5) == entry.msgstr[1]
        elif entry.msgctxt is not None:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr[0]
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr[0], entry.msgid


@pytest.mark.django_db
def test_login_page_is_vietnamese_by_default(client):
    response = client.get(reverse("login"))
    assert '<html lang="vi">' in response.content.decode()
    assert "Đăng nhập" in page_text(response)


@pytest.mark.django_db
def test_choosing_english_translates_the_login_page(client, switch_language):
    switch_language("en", next_url=reverse("login"))
    response = client.get(reverse("login"))
    text = page_text(response)
    assert '<html lang="en">' in response.content.decode()
    assert "Log in" in text
    assert "Username" in text and "Password" in text
    assert "Đăng nhập" not in text


@pytest.mark.django_db
def test_plan_page_in_english_shows_status_labels_in_english(staff_client, switch_language, plan_with_statuses):
    switch_language("en")
    text = page_text(staff_client.get(reverse("tasks:plan_detail", args=[plan_with_statuses.pk])))
    assert "Completed on time" in text
    assert "Not started" in text
    assert "Waiting for trigger" in text
    assert "Hoàn thành đúng hạn" not in text
    assert "Chờ điều kiện" not in text


@pytest.mark.django_db
def test_navigation_and_titles_read_as_english_plurals(staff_client, switch_language):
    switch_language("en")
    text = page_text(staff_client.get(reverse("tasks:plan_list")))
    for link in ("Home", "Plans", "Tasks", "Agencies", "Notifications", "Log out"):
        assert link in text
    assert "Trang chủ" not in text


@pytest.mark.django_db
def test_plan_text_from_the_database_stays_vietnamese_in_english(staff_client, switch_language, plan_with_statuses):
    switch_language("en")
    text = page_text(staff_client.get(reverse("tasks:plan_detail", args=[plan_with_statuses.pk])))
    assert "Bổ sung Kế hoạch 4447 về cán bộ" in text
    assert "Quán triệt Nghị quyết" in text
    assert "Lead" in text


@pytest.mark.django_db
def test_task_list_roles_and_filters_in_english(staff_client, switch_language, plan_with_statuses):
    switch_language("en")
    text = page_text(staff_client.get(reverse("tasks:task_list")))
    assert "Lead" in text and "Implementing" in text
    assert "Export CSV" in text
    assert "Chủ trì" not in text


@pytest.mark.django_db
def test_switching_back_to_vietnamese_restores_vietnamese(staff_client, switch_language, plan_with_statuses):
    switch_language("en")
    switch_language("vi")
    text = page_text(staff_client.get(reverse("tasks:plan_detail", args=[plan_with_statuses.pk])))
    assert "Hoàn thành đúng hạn" in text
    assert "Completed on time" not in text


@pytest.mark.django_db
def test_english_page_costs_no_more_queries_than_vietnamese(staff_client, switch_language, plan_with_statuses):
    url = reverse("tasks:plan_detail", args=[plan_with_statuses.pk])
    staff_client.get(url)  # warm up per-process caches
    with CaptureQueriesContext(connection) as vietnamese:
        staff_client.get(url)
    switch_language("en")
    staff_client.get(url)
    with CaptureQueriesContext(connection) as english:
        staff_client.get(url)
    assert len(english) == len(vietnamese)


def test_dates_typed_in_english_are_still_day_first():
    with translation.override("en"):
        assert forms.DateField().clean("05/01/2020") == dt.date(2020, 1, 5)
