"""Forms of the plan import pages, and how their edits turn back into a PlanProposal.

The proposal is the record of truth between requests (kept in a PlanImportDraft); forms are built
from it and their cleaned data is written back with `apply_edits`, which re-reads only what the
administrator changed: a party name typed anew is matched again, a timing rewritten is parsed again.
"""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from agencies.models import AgencyKind
from plan_portal.forms import NfcFormMixin
from tasks.plan_import.proposal import (
    DocumentRef,
    PartyList,
    PartyMatch,
    PlanProposal,
    Source,
    TaskProposal,
    TimingProposal,
)

UPLOAD_EXTENSIONS = (".docx", ".md", ".txt")
UPLOAD_MAX_BYTES = 5 * 1024 * 1024
PARTY_SEPARATOR = "; "
NO_AGENCY = ("", _("— chưa xác định —"))


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class UploadForm(NfcFormMixin, forms.Form):
    """A plan document as a file, or its text pasted: one of the two."""

    document = forms.FileField(
        label=_("Tệp kế hoạch"),
        required=False,
        help_text=_("Tệp .docx, .md hoặc .txt, tối đa %(size)s.") % {"size": filesizeformat(UPLOAD_MAX_BYTES)},
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(UPLOAD_EXTENSIONS)}),
    )
    text = forms.CharField(
        label=_("Hoặc dán nội dung kế hoạch"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Dán toàn văn, kể cả phần đầu (số, ngày, cơ quan ban hành) và phụ lục nếu có."),
    )

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        if not upload:
            return upload
        if PurePath(upload.name).suffix.lower() not in UPLOAD_EXTENSIONS:
            raise ValidationError(
                _(
                    "Chỉ nhận tệp .docx, .md hoặc .txt. Với tệp PDF hay ảnh chụp: "
                    "mở bằng Word, lưu thành .docx rồi tải lên, hoặc dán nội dung vào ô bên dưới."
                ),
                code="bad_extension",
            )
        if upload.size > UPLOAD_MAX_BYTES:
            raise ValidationError(
                _("Tệp quá lớn (%(size)s); tối đa %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(UPLOAD_MAX_BYTES)},
                code="too_large",
            )
        return upload

    def clean(self):
        data = super().clean()
        has_file, has_text = bool(data.get("document")), bool((data.get("text") or "").strip())
        if not self.errors and has_file == has_text:
            message = (
                _("Chọn một trong hai: tải tệp lên hoặc dán nội dung, không cả hai.")
                if has_file
                else _("Hãy chọn tệp kế hoạch hoặc dán nội dung kế hoạch.")
            )
            raise ValidationError(message, code="one_of_two")
        return data


class HeaderForm(NfcFormMixin, forms.Form):
    """The plan's header and reporting schedule as proposed, every field editable."""

    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput())
    issuer_written = forms.CharField(label=_("Cơ quan ban hành (như văn bản viết)"), max_length=255, required=False)
    issuer = forms.ChoiceField(label=_("Cơ quan ban hành (trong danh mục)"), required=False)
    title = forms.CharField(label=_("Trích yếu"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    legal_basis = forms.CharField(label=_("Căn cứ"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    supplements = forms.CharField(
        label=_("Bổ sung cho văn bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một văn bản, ví dụ “Kế hoạch số 4447/KH-UBND ngày 24/9/2018”."),
    )
    implements = forms.CharField(
        label=_("Thực hiện văn bản"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Mỗi dòng một văn bản."),
    )
    recipients = forms.CharField(
        label=_("Nơi nhận"), required=False, widget=forms.Textarea(attrs={"rows": 4}), help_text=_("Mỗi dòng một nơi.")
    )
    monthly = forms.BooleanField(label=_("Hằng tháng"), required=False)
    quarterly = forms.BooleanField(label=_("Hằng quý"), required=False)
    semiannual = forms.BooleanField(label=_("6 tháng"), required=False)
    annual = forms.BooleanField(label=_("Hằng năm"), required=False)
    ad_hoc = forms.BooleanField(label=_("Đột xuất khi có yêu cầu"), required=False)
    due_day = forms.IntegerField(
        label=_("Hạn gửi báo cáo định kỳ: trước ngày"),
        required=False,
        min_value=1,
        max_value=31,
        help_text=_("Ngày trong tháng, ví dụ 20 cho “trước ngày 20 hằng tháng”."),
    )
    annual_due_day = forms.IntegerField(label=_("Hạn báo cáo năm: ngày"), required=False, min_value=1, max_value=31)
    annual_due_month = forms.IntegerField(label=_("tháng"), required=False, min_value=1, max_value=12)
    reporting_text = forms.CharField(
        label=_("Chế độ báo cáo (nguyên văn)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    consolidator = forms.ChoiceField(label=_("Cơ quan tổng hợp báo cáo"), required=False)
    recipient = forms.ChoiceField(label=_("Nơi nhận báo cáo tổng hợp"), required=False)

    def __init__(self, *args, agency_choices: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("issuer", "consolidator", "recipient"):
            self.fields[name].choices = [NO_AGENCY, *agency_choices]

    REPORTING_FLAGS = ("monthly", "quarterly", "semiannual", "annual", "ad_hoc")

    def reporting_fields(self):
        return [self[name] for name in self.REPORTING_FLAGS]


class TaskForm(NfcFormMixin, forms.Form):
    """One row of the task table. Parties are the names as written, separated by “; ”."""

    code = forms.CharField(label=_("Số hiệu"), max_length=30, widget=forms.TextInput(attrs={"size": 8}))
    heading = forms.BooleanField(label=_("Đề mục"), required=False)
    title = forms.CharField(label=_("Tên ngắn"), max_length=500, required=False)
    full_text = forms.CharField(label=_("Nội dung đầy đủ"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expected_output = forms.CharField(
        label=_("Sản phẩm / kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 1})
    )
    lead = forms.CharField(label=_("Chủ trì"), required=False)
    coordinating = forms.CharField(label=_("Phối hợp"), required=False)
    implementing = forms.CharField(label=_("Thực hiện"), required=False)
    unnamed = forms.CharField(label=_("Cơ quan khác (không nêu tên)"), max_length=255, required=False)
    timing_text = forms.CharField(label=_("Thời gian (như văn bản viết)"), max_length=500, required=False)

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not re.fullmatch(r"[\w\-]+(\.[\w\-]+)*", code):
            raise ValidationError(_("Số hiệu gồm các phần cách nhau bởi dấu chấm, ví dụ II.2.b."), code="bad_code")
        return code


class BaseTaskFormSet(NfcFormMixin, forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        seen: dict[str, int] = {}
        for index, form in enumerate(self.forms):
            code = form.cleaned_data.get("code")
            if code in seen:
                form.add_error(
                    "code", _("Số hiệu %(code)s trùng với dòng %(row)d.") % {"code": code, "row": seen[code] + 1}
                )
            seen.setdefault(code, index)


TaskFormSet = forms.formset_factory(TaskForm, formset=BaseTaskFormSet, extra=0, absolute_max=1000)


class BulkForm(NfcFormMixin, forms.Form):
    """Rows ticked on the preview, and the lead agency or timing to give all of them at once."""

    selected = forms.TypedMultipleChoiceField(
        label=_("Các dòng đã chọn"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple
    )
    bulk_lead = forms.CharField(
        label=_("Cơ quan chủ trì"),
        max_length=255,
        required=False,
        help_text=_("Gõ vài chữ rồi chọn tên trong danh mục, ví dụ “Sở Nội vụ”."),
    )
    bulk_timing = forms.CharField(
        label=_("Thời gian thực hiện"),
        max_length=500,
        required=False,
        help_text=_("Như văn bản vẫn viết, ví dụ “Quý II/2026”, “Hằng năm”, “Trước ngày 30/6/2026”."),
    )

    def __init__(self, *args, rows: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(index, index) for index in range(rows)]
        self.fields["bulk_lead"].widget.attrs.update({"list": "agency-names", "autocomplete": "off"})
        self.fields["selected"].error_messages["invalid_choice"] = _(
            "Danh sách dòng đã chọn không còn khớp với bản nháp; hãy chọn lại."
        )

    def rows_for(self, field: str) -> list[int]:
        """The ticked rows, with the error said where the person looks when none is ticked or the value is empty."""
        selected = self.cleaned_data.get("selected") or []
        if not self.has_error("selected") and not selected:
            self.add_error("selected", _("Hãy đánh dấu ít nhất một dòng trước khi sửa nhiều dòng cùng lúc."))
        if not self.cleaned_data.get(field, "").strip():
            empty = {
                "bulk_lead": _("Hãy nhập tên cơ quan chủ trì để đặt cho các dòng đã chọn."),
                "bulk_timing": _("Hãy nhập thời gian để đặt cho các dòng đã chọn."),
            }
            self.add_error(field, empty[field])
        return sorted(set(selected))  # a row ticked both in the list and in the table counts once

    def checked(self) -> set[int]:
        """The rows to show ticked again after an error."""
        if not self.is_bound:
            return set()
        self.is_valid()
        return set(self.cleaned_data.get("selected") or [])


class NewAgenciesForm(NfcFormMixin, forms.Form):
    """For each name the registry does not know: create it as a new agency, and of which kind."""

    def __init__(self, *args, names: list[str], suggested: dict[str, str], chosen: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.names = names
        for index, name in enumerate(names):
            self.fields[f"create_{index}"] = forms.BooleanField(
                label=_("Tạo mới “%(name)s”") % {"name": name}, required=False, initial=name in chosen
            )
            self.fields[f"kind_{index}"] = forms.ChoiceField(
                label=_("loại"),
                required=False,
                choices=AgencyKind.choices,
                initial=chosen.get(name) or suggested.get(name) or AgencyKind.OTHER,
            )

    def rows(self):
        return [(name, self[f"create_{index}"], self[f"kind_{index}"]) for index, name in enumerate(self.names)]

    def chosen(self) -> dict[str, str]:
        """Written name -> AgencyKind for every name ticked for creation."""
        return {
            name: self.cleaned_data[f"kind_{index}"] or AgencyKind.OTHER
            for index, name in enumerate(self.names)
            if self.cleaned_data.get(f"create_{index}")
        }


# ---- proposal -> initial form data ---------------------------------------------------------------


def _party_text(parties: PartyList) -> str:
    return PARTY_SEPARATOR.join(party.written for party in parties.parties)


def _refs_text(refs: list[DocumentRef]) -> str:
    return "\n".join(ref.text for ref in refs)


def header_initial(proposal: PlanProposal) -> dict:
    header, reporting = proposal.header, proposal.reporting
    return {
        "number": header.number,
        "issued_on": header.issued_on,
        "issuer_written": header.issuer.written if header.issuer else "",
        "issuer": header.issuer.agency if header.issuer else "",
        "title": header.title,
        "legal_basis": header.legal_basis,
        "supplements": _refs_text(header.supplements),
        "implements": _refs_text(header.implements),
        "recipients": "\n".join(header.recipients),
        "monthly": reporting.monthly,
        "quarterly": reporting.quarterly,
        "semiannual": reporting.semiannual,
        "annual": reporting.annual,
        "ad_hoc": reporting.ad_hoc,
        "due_day": reporting.due_day,
        "annual_due_day": reporting.annual_due_day,
        "annual_due_month": reporting.annual_due_month,
        "reporting_text": reporting.text,
        "consolidator": reporting.consolidator.agency if reporting.consolidator else "",
        "recipient": reporting.to.agency if reporting.to else "",
    }


def _unnamed_text(task: TaskProposal) -> str:
    return "; ".join(role.unnamed for role in (task.lead, task.coordinating, task.implementing) if role.unnamed)


def task_initial(task: TaskProposal) -> dict:
    return {
        "code": task.code,
        "heading": task.heading,
        "title": task.title,
        "full_text": task.full_text,
        "expected_output": task.expected_output,
        "lead": _party_text(task.lead),
        "coordinating": _party_text(task.coordinating),
        "implementing": _party_text(task.implementing),
        "unnamed": _unnamed_text(task),
        "timing_text": task.timing.text,
    }


# ---- edited form data -> proposal ----------------------------------------------------------------


@dataclass(frozen=True)
class Readers:
    """How typed words are understood again: the agency matcher and the timing parser."""

    match_one: Callable[[str], PartyMatch]
    parse_timing: Callable[[str], TimingProposal]


class _Changes:
    """Counts the places where the portal's understanding moved beyond what the person typed."""

    def __init__(self):
        self.count = 0

    def note(self, changed: bool = True) -> None:
        self.count += int(changed)


def apply_edits(
    proposal: PlanProposal, *, header: dict, rows: list[dict], readers: Readers
) -> tuple[PlanProposal, bool]:
    """The proposal with the cleaned form data written in. Returns it and whether any party or
    timing was understood anew (then the person should look at the result before saving)."""
    if len(rows) != len(proposal.tasks):
        raise ValueError(f"{len(rows)} edited rows for {len(proposal.tasks)} tasks")
    edited = copy.deepcopy(proposal)
    changes = _Changes()
    _apply_header(edited, header, readers, changes)
    edited.tasks = [_edited_task(task, row, readers, changes) for task, row in zip(edited.tasks, rows, strict=True)]
    return edited, bool(changes.count)


def _apply_header(proposal: PlanProposal, data: dict, readers: Readers, changes: _Changes) -> None:
    header, reporting = proposal.header, proposal.reporting
    header.number = data["number"].strip()
    header.issued_on = data["issued_on"]
    header.title = data["title"].strip()
    header.legal_basis = data["legal_basis"].strip()
    header.supplements = _edited_refs(header.supplements, data["supplements"])
    header.implements = _edited_refs(header.implements, data["implements"])
    header.recipients = _lines(data["recipients"])
    header.issuer = _chosen_party(header.issuer, data["issuer_written"].strip(), data["issuer"], readers, changes)
    for name in HeaderForm.REPORTING_FLAGS:
        setattr(reporting, name, data[name])
    reporting.due_day = data["due_day"]
    reporting.annual_due_day = data["annual_due_day"]
    reporting.annual_due_month = data["annual_due_month"]
    reporting.text = data["reporting_text"].strip()
    reporting.consolidator = _chosen_party(
        reporting.consolidator, _written(reporting.consolidator), data["consolidator"], readers, changes
    )
    reporting.to = _chosen_party(reporting.to, _written(reporting.to), data["recipient"], readers, changes)


def _written(party: PartyMatch | None) -> str:
    return party.written if party is not None else ""


def _chosen_party(
    old: PartyMatch | None, written: str, chosen_code: str, readers: Readers, changes: _Changes
) -> PartyMatch | None:
    """An agency picked from the list wins; otherwise the written name is matched when it is new or unknown."""
    if chosen_code:
        return PartyMatch(written=written, agency=chosen_code)
    if not written:
        return None
    same = old if old is not None and old.written == written else None
    if same is not None and same.group:
        return same  # matched a group, which the list of agencies cannot show
    if same is not None and same.agency:
        # The person emptied the list under a name that had matched: the match was wrong.
        return PartyMatch(written=written, suggested_kind=same.suggested_kind)
    return _matched(same, written, readers, changes)


def _matched(old: PartyMatch | None, written: str, readers: Readers, changes: _Changes) -> PartyMatch:
    if old is not None and old.matched:
        return old
    match = readers.match_one(written)
    changes.note(old is None or match.matched)
    if old is not None and not match.matched:
        return old  # still unknown: keep what the reader suggested for it
    return match


def _names(text: str) -> list[str]:
    return list(dict.fromkeys(name.strip() for name in text.split(";") if name.strip()))


def _edited_parties(old: PartyList, text: str, readers: Readers, changes: _Changes) -> PartyList:
    known = {party.written: party for party in old.parties}
    parties = [_matched(known.get(name), name, readers, changes) for name in _names(text)]
    return PartyList(parties=parties, unnamed=old.unnamed)


def _edited_task(task: TaskProposal, data: dict, readers: Readers, changes: _Changes) -> TaskProposal:
    task.code = data["code"]
    task.heading = data["heading"]
    task.title = data["title"].strip()
    task.full_text = data["full_text"].strip()
    task.expected_output = data["expected_output"].strip()
    if data["lead"] != _party_text(task.lead):
        task.with_evidence("lead", data["lead"], Source.USER)
    task.lead = _edited_parties(task.lead, data["lead"], readers, changes)
    task.coordinating = _edited_parties(task.coordinating, data["coordinating"], readers, changes)
    task.implementing = _edited_parties(task.implementing, data["implementing"], readers, changes)
    _put_unnamed(task, data["unnamed"].strip())
    timing_text = data["timing_text"].strip()
    if timing_text != task.timing.text:
        task.timing = readers.parse_timing(timing_text) if timing_text else TimingProposal()
        task.with_evidence("timing", timing_text, Source.USER)
        changes.note()
    return task


def _put_unnamed(task: TaskProposal, text: str) -> None:
    """The page shows one text of unnamed parties per task; an edited one goes to the role the reader
    had found it in (coordinating by default, as in “phối hợp với ... và các cơ quan liên quan”)."""
    if text == _unnamed_text(task):
        return
    roles = (task.lead, task.coordinating, task.implementing)
    holder = next((role for role in roles if role.unnamed), task.coordinating)
    for role in roles:
        role.unnamed = ""
    holder.unnamed = text


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


_NUMBER = re.compile(r"\b(\d+[\w\-]*/[\w\-]+(?:/[\w\-]+)*)", re.UNICODE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", re.IGNORECASE)


def document_ref(text: str) -> DocumentRef:
    """A cited document as typed: "Kế hoạch số 4447/KH-UBND ngày 24/9/2018" -> number and date."""
    number = _NUMBER.search(text)
    date = _DATE.search(text)
    issued_on = None
    if date:
        try:
            issued_on = dt.date(int(date[3]), int(date[2]), int(date[1]))
        except ValueError:
            issued_on = None
    return DocumentRef(text=text, number=number[1] if number else "", issued_on=issued_on)


def _edited_refs(old: list[DocumentRef], text: str) -> list[DocumentRef]:
    known = {ref.text: ref for ref in old}
    return [known.get(line) or document_ref(line) for line in _lines(text)]
