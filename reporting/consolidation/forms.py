from django import forms
from django.utils.translation import gettext_lazy as _

from plan_portal.forms import NfcFormMixin
from reporting.consolidation.services import EDITABLE_FIELDS
from reporting.models import ConsolidatedReport


class ConsolidatedReportForm(NfcFormMixin, forms.ModelForm):
    # When the reviewer loaded the page: a save on top of someone else's newer save is refused.
    loaded_at = forms.DateTimeField(widget=forms.HiddenInput, required=False)
    issued_on = forms.DateField(
        label=_("Ngày báo cáo"),
        required=False,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        help_text=_("Định dạng ngày/tháng/năm, ví dụ 05/01/2020."),
    )

    class Meta:
        model = ConsolidatedReport
        fields = EDITABLE_FIELDS
        widgets = {
            "recipients_text": forms.Textarea(attrs={"rows": 6}),
            "overall_assessment": forms.Textarea(attrs={"rows": 6}),
            "shortcomings": forms.Textarea(attrs={"rows": 5}),
            "difficulties_and_proposals": forms.Textarea(attrs={"rows": 5}),
            "next_period_direction": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if not self.is_bound and self.instance.pk:
            self.fields["loaded_at"].initial = self.instance.updated_at

    def content(self) -> dict:
        return {name: self.cleaned_data[name] for name in EDITABLE_FIELDS}
