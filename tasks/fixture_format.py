"""The shape of our JSON import format (see tasks/importer.py), checked before anything is written.

A file of the wrong shape (a list at the top, a task without a code, a date given as a number)
gets one message naming the place in the file, in the path notation a text editor's search finds
(``plans[0].tasks[2].children[1].code``), instead of a traceback halfway through the import.
Only the shape is checked here; what the values mean (a known agency code, a valid date) is
checked by the importer, which names the agency, plan or task.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

TEXT, WHOLE, FLAG, LIST, OBJECT, TEXTS = "text", "whole", "flag", "list", "object", "texts"


class FixtureShapeError(Exception):
    """The data is not in our format; the message names where."""


OPTIONAL = "optional"  # suffix: the key may hold null

# Per record: key -> (expected kind, required). Keys the importer does not read are ignored.
AGENCY = {
    "code": (TEXT, True),
    "name": (TEXT, False),
    "short_name": (TEXT, False),
    "kind": (TEXT, False),
    "parent": (TEXT + OPTIONAL, False),
    "place_name": (TEXT, False),
    "email": (TEXT, False),
    "position": (WHOLE, False),
    "is_active": (FLAG, False),
    "aliases": (TEXTS, False),
}
GROUP = {"code": (TEXT, True), "name": (TEXT, True), "members": (TEXTS, False), "aliases": (TEXTS, False)}
PLAN = {
    "number": (TEXT, False),
    "issued_on": (TEXT, True),
    "issuer": (TEXT, True),
    "title": (TEXT, False),
    "short_title": (TEXT, False),
    "legal_basis": (TEXT, False),
    "is_active": (FLAG, False),
    "consolidating_agency": (TEXT + OPTIONAL, False),
    "recipient": (TEXT + OPTIONAL, False),
    "supplements": (OBJECT + OPTIONAL, False),
    "recipients": (TEXTS, False),
    "reporting": (OBJECT, False),
    "tasks": (LIST, False),
}
PLAN_REF = {"number": (TEXT, True), "issued_on": (TEXT, True)}
REPORTING = {
    **dict.fromkeys(("semiannual", "annual", "quarterly", "ad_hoc", "monthly"), (FLAG, False)),
    **dict.fromkeys(("due_day", "annual_due_day", "annual_due_month", "data_cutoff_day"), (WHOLE + OPTIONAL, False)),
    "text": (TEXT, False),
}
TASK = {
    "code": (TEXT, True),
    "title": (TEXT, True),
    "full_text": (TEXT, False),
    "expected_output": (TEXT, False),
    "heading": (FLAG, False),
    "unnamed_parties": (TEXT, False),
    "timing": (OBJECT, False),
    "children": (LIST, False),
    "lead": (TEXTS, False),
    "coordinating": (TEXTS, False),
    "implementing": (TEXTS, False),
}
TIMING = {
    "kind": (TEXT, True),
    "text": (TEXT, False),
    "starts_on": (TEXT + OPTIONAL, False),
    "due_on": (TEXT + OPTIONAL, False),
    "trigger": (TEXT, False),
    **dict.fromkeys(("yearly_due_day", "yearly_due_month", "days_after_trigger"), (WHOLE + OPTIONAL, False)),
}


def check_fixture_shape(data: Any) -> None:
    """Raise FixtureShapeError for the first place where the data is not in our format."""
    if not isinstance(data, dict):
        raise FixtureShapeError(
            _("nội dung phải là một đối tượng JSON {…} có các danh sách “agencies”, “groups” hoặc “plans”.")
        )
    for key, record in (("agencies", AGENCY), ("groups", GROUP)):
        for path, item in _records(data, key, key):
            _check_record(item, record, path)
    for path, plan in _records(data, "plans", "plans"):
        _check_record(plan, PLAN, path)
        if plan.get("supplements"):
            _check_record(plan["supplements"], PLAN_REF, f"{path}.supplements")
        _check_record(plan.get("reporting", {}), REPORTING, f"{path}.reporting")
        _check_tasks(plan, path)


def _check_tasks(parent: dict[str, Any], path: str, key: str = "tasks") -> None:
    for task_path, task in _records(parent, key, f"{path}.{key}"):
        _check_record(task, TASK, task_path)
        if "timing" in task:
            _check_record(task["timing"], TIMING, f"{task_path}.timing")
        _check_tasks(task, task_path, "children")


def _records(container: dict[str, Any], key: str, path: str):
    items = container.get(key, [])
    if not isinstance(items, list):
        raise _wrong(path, LIST)
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            raise _wrong(f"{path}[{index}]", OBJECT)
        yield f"{path}[{index}]", item


def _check_record(item: dict[str, Any], record: dict[str, tuple[str, bool]], path: str) -> None:
    for key, (kind, required) in record.items():
        if key not in item:
            if required:
                raise FixtureShapeError(_("%(path)s: thiếu “%(key)s”.") % {"path": path, "key": key})
            continue
        value = item[key]
        if value is None and kind.endswith(OPTIONAL):
            continue
        if not _is(value, kind.removesuffix(OPTIONAL)):
            raise _wrong(f"{path}.{key}", kind.removesuffix(OPTIONAL))


def _is(value: Any, kind: str) -> bool:
    if kind == TEXTS:
        return isinstance(value, list) and all(isinstance(item, str) for item in value)
    if kind == WHOLE:
        return isinstance(value, int) and not isinstance(value, bool)
    expected = {TEXT: str, FLAG: bool, LIST: list, OBJECT: dict}[kind]
    return isinstance(value, expected)


def _wrong(path: str, kind: str) -> FixtureShapeError:
    kinds = {
        TEXT: _("một chuỗi ký tự"),
        WHOLE: _("một số nguyên"),
        FLAG: _("true hoặc false"),
        LIST: _("một danh sách […]"),
        OBJECT: _("một đối tượng {…}"),
        TEXTS: _("một danh sách chuỗi ký tự"),
    }
    return FixtureShapeError(_("%(path)s: phải là %(kind)s.") % {"path": path, "kind": kinds[kind]})
