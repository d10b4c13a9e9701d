"""Form errors in the portal's own voice, and the links of the error summary at the top of a form.

Django's default messages ("Đảm bảo giá trị này lớn hơn hoặc bằng với 0 .") read as machine text
beside the portal's own; PortalMessages gives every field the same plain Vietnamese ones. A
validator's message is replaced too: Field.run_validators uses error_messages by the error's code.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

MESSAGES = {
    "required": _("Chưa nhập nội dung này."),
    "max_length": _("Dài quá: tối đa %(limit_value)d ký tự (đang có %(show_value)d)."),
    "min_value": _("Giá trị nhỏ nhất là %(limit_value)s."),
    "max_value": _("Giá trị lớn nhất là %(limit_value)s."),
    "invalid_choice": _("Lựa chọn không hợp lệ; vui lòng chọn lại trong danh sách."),
}
INVALID = {
    forms.IntegerField: _("Cần nhập một số nguyên."),
    forms.DateField: _("Ngày không hợp lệ; nhập theo dạng ngày/tháng/năm."),
    forms.FileField: _("Không đọc được tệp; vui lòng chọn lại."),
}
FILE_MESSAGES = {
    "missing": _("Không nhận được tệp; vui lòng chọn lại."),
    "empty": _("Tệp rỗng."),
}


class PortalMessages:
    """Mixin for a Form or ModelForm: plain Vietnamese messages in place of Django's defaults."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.error_messages.update(MESSAGES)
            for kind, message in INVALID.items():
                if isinstance(field, kind):
                    field.error_messages["invalid"] = message
            if isinstance(field, forms.FileField):
                field.error_messages.update(FILE_MESSAGES)


@dataclass(frozen=True)
class ErrorLink:
    """One line of the error summary: the element it leads to, what it is, what is wrong."""

    target: str
    label: str
    message: str


def error_links(form: forms.BaseForm, *, where: str = "", anchor: str = "") -> list[ErrorLink]:
    """The errors of a bound form, each tied to its field's id; `where` names the block ("II.1.a")."""
    if not form.is_bound:
        return []
    prefix = f"{where} · " if where else ""
    links = [ErrorLink(anchor, where or str(_("Biểu mẫu")), str(message)) for message in form.non_field_errors()]
    for bound in form:
        for message in bound.errors:
            target = anchor if bound.is_hidden else bound.auto_id
            links.append(ErrorLink(target, f"{prefix}{bound.label}", str(message)))
    return links
