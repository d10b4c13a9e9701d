"""List filters of the reporting pages (django-filter), applied by the views' queries."""

from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from plan_portal.forms import NfcFilterForm
from plan_portal.params import plain_id
from plan_portal.widgets import FastSelect, use_cached_choices
from reporting.models import AgencyReport, PeriodState, ReportingPeriod, ReportState
from tasks.models import Plan

# Without a chosen plan the period list shows the open periods only while they are this few:
# a province has hundreds of periods with the same labels ("Năm 2026"), unusable in one list.
OPEN_PERIODS_LISTED = 20


class ReportFilter(django_filters.FilterSet):
    """Review queue and report lists: by plan, period, agency, state and lateness."""

    plan = django_filters.ModelChoiceFilter(
        field_name="period__plan", queryset=Plan.objects.none(), label=_("Kế hoạch"), widget=FastSelect
    )
    period = django_filters.ModelChoiceFilter(
        queryset=ReportingPeriod.objects.none(),
        label=_("Kỳ báo cáo"),
        widget=FastSelect,
        help_text=_("Chọn kế hoạch để thấy các kỳ báo cáo của kế hoạch đó."),
    )
    agency = django_filters.ModelChoiceFilter(queryset=Agency.objects.none(), label=_("Cơ quan"), widget=FastSelect)
    state = django_filters.ChoiceFilter(choices=ReportState.choices, label=_("Trạng thái"), empty_label=_("Tất cả"))
    is_late = django_filters.BooleanFilter(
        label=_("Đúng hạn / trễ hạn"),
        widget=forms.Select(choices=[("", _("Tất cả")), ("true", _("Gửi trễ hạn")), ("false", _("Gửi đúng hạn"))]),
    )

    class Meta:
        model = AgencyReport
        form = NfcFilterForm
        fields = ["plan", "period", "agency", "state", "is_late"]

    def __init__(self, *args, plans=None, periods=None, agencies=None, options_scope: str = "", **kwargs):
        """`options_scope` names whose plan and agency lists these are: given, they come from the cache."""
        super().__init__(*args, **kwargs)
        plans = plans if plans is not None else Plan.objects.all()
        periods = periods if periods is not None else ReportingPeriod.objects.all()
        agencies = agencies if agencies is not None else Agency.objects.filter(is_active=True)
        # Options carry only what they show: these lists are rendered on every page.
        self.filters["plan"].queryset = plans.only("number", "issued_on")
        self.filters["period"].queryset = self._period_choices(periods).only("label", "kind", "year", "sequence")
        self.filters["agency"].queryset = agencies.only("name", "short_name")
        if options_scope:
            fields = self.form.fields
            use_cached_choices(
                {f"{options_scope}-plans": fields["plan"], f"{options_scope}-agencies": fields["agency"]}
            )

    def _period_choices(self, periods):
        """The chosen plan's periods; else the open ones if few; always the chosen period (links keep working)."""
        period_id, plan_id = plain_id(self.data.get("period")), plain_id(self.data.get("plan"))
        chosen = Q(pk=period_id) if period_id is not None else Q(pk__in=[])
        if plan_id is not None:
            return periods.filter(Q(plan_id=plan_id) | chosen)
        open_ids = list(periods.filter(state=PeriodState.OPEN).values_list("pk", flat=True)[: OPEN_PERIODS_LISTED + 1])
        if len(open_ids) > OPEN_PERIODS_LISTED:
            return periods.filter(chosen)
        return periods.filter(Q(pk__in=open_ids) | chosen)
