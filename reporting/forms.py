"""Forms of the agency report, its review, and reporting periods. Labels and errors in Vietnamese."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from plan_portal.form_errors import PortalMessages
from plan_portal.forms import NfcFormMixin
from reporting import uploads
from reporting.kept_uploads import KeepableFileInput
from reporting.models import AgencyReport, PeriodKind, ReportItem
from reporting.services import EvidenceInput
from reporting.snapshots import ITEM_FIELDS, REPORT_FIELDS
from tasks.timing import Progress


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class CheckedFileField(forms.FileField):
    """A file checked by content, size and name (reporting.uploads).

    The browser checks size and type first (static/js/upload-check.js reads the data- attributes),
    so a 30 MB file is refused before it travels; the server check stays the rule.
    """

    widget = KeepableFileInput

    def __init__(self, *args, allowed: tuple[str, ...] = tuple(uploads.ALLOWED), **kwargs):
        self.allowed = allowed
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def widget_attrs(self, widget):
        types = ", ".join(e.upper() for e in self.allowed if e != "jpeg")
        return {
            **super().widget_attrs(widget),
            "accept": ",".join(f".{e}" for e in self.allowed),
            "data-max-bytes": settings.UPLOAD_MAX_BYTES,
            "data-too-large": _("Tệp quá lớn: tối đa %(max)s.") % {"max": filesizeformat(settings.UPLOAD_MAX_BYTES)},
            "data-bad-type": _("Chỉ nhận tệp %(types)s.") % {"types": types},
        }

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload and hasattr(upload, "size"):
            uploads.check_upload(upload, self.allowed)
        return upload


class ReportForm(NfcFormMixin, PortalMessages, forms.ModelForm):
    """Report-wide content. Never saved directly: services.report_save_draft applies it under a lock."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    signed_scan_upload = CheckedFileField(
        label=_("Bản ký số/scan (PDF)"), allowed=uploads.PDF_ONLY, help_text=_("Chỉ nhận tệp PDF.")
    )
    attachment_upload = CheckedFileField(
        label=_("Thêm tệp đính kèm"), help_text=_("PDF, DOCX, XLSX, JPG, PNG; tối đa 20 MB mỗi tệp.")
    )

    class Meta:
        model = AgencyReport
        fields = REPORT_FIELDS
        widgets = {"document_date": DateInput(), "overall_assessment": forms.Textarea(attrs={"rows": 5})}

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in REPORT_FIELDS}

    def _post_clean(self):
        # The instance is only read here; skipping model validation keeps the form free of queries.
        pass


class ReportItemForm(NfcFormMixin, PortalMessages, forms.ModelForm):
    class Meta:
        model = ReportItem
        fields = ITEM_FIELDS
        widgets = {
            "completed_on": DateInput(),
            "results": forms.Textarea(attrs={"rows": 3}),
            "difficulties": forms.Textarea(attrs={"rows": 2}),
            "percent_complete": forms.NumberInput(attrs={"min": 0, "max": 100}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        percent = _("Tỷ lệ hoàn thành phải từ 0 đến 100.")
        self.fields["percent_complete"].error_messages.update(min_value=percent, max_value=percent, invalid=percent)

    def clean_percent_complete(self):
        value = self.cleaned_data.get("percent_complete")
        if value is not None and not 0 <= value <= 100:
            raise ValidationError(_("Tỷ lệ hoàn thành phải từ 0 đến 100."))
        return value

    def clean(self):
        data = super().clean()
        if data.get("progress") == Progress.COMPLETED and not data.get("completed_on"):
            self.add_error("completed_on", _("Nhiệm vụ đã hoàn thành cần có ngày hoàn thành."))
        if data.get("progress") != Progress.COMPLETED and data.get("completed_on"):
            self.add_error("completed_on", _("Chỉ ghi ngày hoàn thành khi nhiệm vụ đã hoàn thành."))
        return data

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in ITEM_FIELDS}

    def _post_clean(self):
        pass


class EvidenceForm(NfcFormMixin, PortalMessages, forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    number = forms.CharField(label=_("Số, ký hiệu"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("Ngày ban hành"), required=False, widget=DateInput())
    title = forms.CharField(label=_("Trích yếu"), max_length=500, required=False)
    file = CheckedFileField(label=_("Tệp"))

    def clean(self):
        data = super().clean()
        if self.has_changed() and not data.get("DELETE"):
            if not data.get("number"):
                self.add_error("number", _("Cần ghi số, ký hiệu văn bản."))
            if not data.get("title"):
                self.add_error("title", _("Cần ghi trích yếu văn bản."))
        return data

    def as_input(self) -> EvidenceInput:
        data = self.cleaned_data
        return EvidenceInput(
            id=data.get("id"),
            number=data.get("number", ""),
            title=data.get("title", ""),
            issued_on=data.get("issued_on"),
            file=data.get("file") or None,
            delete=bool(data.get("DELETE")),
        )


EvidenceFormSet = forms.formset_factory(EvidenceForm, extra=1, can_delete=True, max_num=50)


def evidence_inputs(formset) -> list[EvidenceInput]:
    return [form.as_input() for form in formset.forms if form.has_changed()]


class ReturnForm(NfcFormMixin, PortalMessages, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Lý do trả lại"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Bắt buộc; đơn vị sẽ nhận được."),
    )

    def __init__(self, *args, items=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(items)
        for item in self.items:
            self.fields[f"comment_{item.pk}"] = forms.CharField(
                label=f"{item.assignment.task.code}. {item.assignment.task.title}",
                required=False,
                initial=item.reviewer_comment,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(_("Cần nêu lý do trả lại báo cáo."))
        return reason

    def item_comments(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"comment_{item.pk}", "") for item in self.items}

    def comment_fields(self):
        return [self[f"comment_{item.pk}"] for item in self.items]


class SubmitForm(NfcFormMixin, PortalMessages, forms.Form):
    """The final step of sending: the version seen on the confirmation page and the agency's answer."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    reply = forms.CharField(
        label=_("Giải trình với Sở Nội vụ"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Trả lời lý do trả lại và ý kiến theo nhiệm vụ; Sở Nội vụ đọc ở đầu báo cáo."),
    )


class ApproveForm(NfcFormMixin, PortalMessages, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label=_("Ý kiến (không bắt buộc)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReopenForm(NfcFormMixin, PortalMessages, forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), widget=forms.Textarea(attrs={"rows": 3}))


class OpenPeriodForm(NfcFormMixin, forms.Form):
    OPEN_NOW = "open"
    SCHEDULE = "schedule"

    plan = forms.ModelChoiceField(queryset=None, label=_("Kế hoạch"))
    kind = forms.ChoiceField(label=_("Loại kỳ"), choices=[c for c in PeriodKind.choices if c[0] != PeriodKind.AD_HOC])
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    sequence = forms.IntegerField(label=_("Số thứ tự (quý hoặc tháng)"), min_value=1, max_value=12, initial=1)
    action = forms.ChoiceField(choices=[(OPEN_NOW, OPEN_NOW), (SCHEDULE, SCHEDULE)], widget=forms.HiddenInput)

    def __init__(self, *args, plans, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans

    def clean(self):
        data = super().clean()
        kind, sequence = data.get("kind"), data.get("sequence")
        if kind == PeriodKind.QUARTERLY and sequence is not None and sequence > 4:
            self.add_error("sequence", _("Một năm chỉ có 4 quý."))
        elif kind not in (PeriodKind.QUARTERLY, PeriodKind.MONTHLY):
            data["sequence"] = 1
        return data


class AdHocRequestForm(NfcFormMixin, forms.Form):
    plan = forms.ModelChoiceField(queryset=None, label=_("Kế hoạch"))
    request_text = forms.CharField(label=_("Nội dung yêu cầu"), widget=forms.Textarea(attrs={"rows": 5}))
    agencies = forms.ModelMultipleChoiceField(
        queryset=None,
        label=_("Cơ quan được yêu cầu"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Để trống: mọi cơ quan có nhiệm vụ trong kế hoạch."),
    )
    deadline = forms.DateField(label=_("Hạn gửi báo cáo"), widget=DateInput())

    def __init__(self, *args, plans, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["agencies"].queryset = agencies


class CoordinationForm(NfcFormMixin, PortalMessages, forms.Form):
    assignment = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Nội dung phối hợp"), widget=forms.Textarea(attrs={"rows": 3}))
