"""The shared document context: condensing crowded tasks and laying out the annex matrix."""

from reporting.consolidation.document import CROWDED_TASK, document_context


def _snapshot(contributions, not_reported):
    task = {
        "code": "II.1.a",
        "title": "Quán triệt",
        "text": "Quán triệt",
        "is_heading": False,
        "depth": 2,
        "lead": "Các sở",
        "coordinating": "",
        "timing_text": "",
        "status": "",
        "status_label": "",
        "status_breakdown": [],
        "contributions": contributions,
        "not_reported": not_reported,
    }
    return {
        "header": {
            "subject": "Kết quả thực hiện Kế hoạch",
            "issuing_body_name": "Sở Nội vụ",
            "number": "/BC-SNV",
            "issued_on": None,
        },
        "period": {"kind": "semiannual", "starts_on": "2018-12-15", "ends_on": "2019-06-14", "request_text": ""},
        "situation": {
            "owed": 0,
            "on_time": 0,
            "late": 0,
            "not_at_all": 0,
            "approved": 0,
            "late_agencies": [],
            "missing_agencies": [],
        },
        "tasks": [task],
        "status_summary": [{"code": "not_started", "label": "Chưa thực hiện", "count": 0}],
        "difficulties": [],
        "proposals": [],
        "narrative": {},
        "signature": {},
        "recipients": [],
        "annex": {
            "tasks": [{"code": "II.1.a", "title": ""}, {"code": "II.1.b", "title": ""}],
            "rows": [{"agency": "Sở A", "cells": ["", "completed_on_time"]}],
        },
        "non_reporting": [],
        "abbreviations": [{"status": "completed_on_time", "code": "HT", "label": "Hoàn thành đúng hạn"}],
    }


def _contribution(agency, role="Thực hiện", status_label="Đang thực hiện trong hạn", evidence=()):
    return {
        "agency": agency,
        "role": role,
        "status_label": status_label,
        "results": f"kết quả của {agency}",
        "evidence": list(evidence),
    }


def test_a_task_of_few_agencies_lists_each_agency():
    task = document_context(_snapshot([_contribution("Sở A"), _contribution("Sở B")], ["Sở C"]))["tasks"][0]
    assert not task["crowded"] and [c["agency"] for c in task["contributions"]] == ["Sở A", "Sở B"]


def test_a_group_task_names_agencies_by_status_and_keeps_the_lead_in_full():
    doc = {"number": "1/KH", "issued_on": "", "title": "Kế hoạch"}
    contributions = [_contribution("Sở Chủ trì", role="Chủ trì")]
    contributions += [_contribution(f"Sở {i}", evidence=[doc] if i == 0 else []) for i in range(CROWDED_TASK)]
    task = document_context(_snapshot(contributions, ["Huyện X"]))["tasks"][0]
    assert task["crowded"]
    assert [c["agency"] for c in task["contributions"]] == ["Sở Chủ trì"]
    assert task["groups"][0]["label"] == "Đang thực hiện trong hạn" and task["groups"][0]["count"] == CROWDED_TASK
    assert task["groups"][-1] == {"label": "Chưa có báo cáo được duyệt", "count": 1, "agencies": "Huyện X"}
    assert task["group_evidence"] == [{**doc, "agency": "Sở 0"}]


def test_annex_rows_become_tab_separated_lines_for_the_pdf():
    table = document_context(_snapshot([], []))["annex_tables"][0]
    assert [c["code"] for c in table["columns"]] == ["II.1.a", "II.1.b"]
    assert table["rows"] == [{"agency": "Sở A", "cells": ["", "HT"], "line": "\tHT"}]


def test_headings_without_tasks_under_them_are_left_out_of_the_document():
    from reporting.consolidation.document import _without_empty_headings

    tasks = [
        {"code": "I", "is_heading": True},
        {"code": "II", "is_heading": True},
        {"code": "II.1", "is_heading": True},
        {"code": "II.1.a", "is_heading": False},
        {"code": "II.2", "is_heading": True},
    ]
    assert [task["code"] for task in _without_empty_headings(tasks)] == ["II", "II.1", "II.1.a"]
