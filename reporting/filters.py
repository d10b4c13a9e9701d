"""List filters of the reporting pages (django-filter), applied by the views' queries."""

from __future__ import annotations

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from reporting.models import AgencyReport, ReportingPeriod, ReportState
from tasks.models import Plan


class ReportFilter(django_filters.FilterSet):
    """Review queue and report lists: by plan, period, agency, state and lateness."""

    plan = django_filters.ModelChoiceFilter(
        field_name="period__plan", queryset=Plan.objects.none(), label=_("Kế hoạch")
    )
    period = django_filters.ModelChoiceFilter(queryset=ReportingPeriod.objects.none(), label=_("Kỳ báo cáo"))
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.none(), label=_("Cơ quan"))
    state = django_filters.ChoiceFilter(choices=ReportState.choices, label=_("Trạng thái"), empty_label=_("Tất cả"))
    is_late = django_filters.BooleanFilter(
        label=_("Đúng hạn / trễ hạn"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Gửi trễ hạn")), ("false", _("Gửi đúng hạn"))]),
    )

    class Meta:
        model = AgencyReport
        fields = ["plan", "period", "agency", "state", "is_late"]

    def __init__(self, *args, plans=None, periods=None, agencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["plan"].queryset = plans if plans is not None else Plan.objects.all()
        self.filters["period"].queryset = periods if periods is not None else ReportingPeriod.objects.all()
        self.filters["agency"].queryset = agencies if agencies is not None else Agency.objects.filter(is_active=True)
