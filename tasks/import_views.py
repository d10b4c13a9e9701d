"""Plan import pages: upload a plan document, check and correct what the portal read, save it.

Only users who may add plans (administrators) reach them. What the portal read is kept in a
PlanImportDraft of the user who uploaded it, and every button posts the whole page first, so
nothing typed is lost between requests. Saving goes through tasks.plan_import.saving, which
creates the plan exactly as the draft says or nothing at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from agencies.models import Agency, AgencyGroup
from tasks.models import Plan, PlanImportDraft
from tasks.plan_import import doubt, editing
from tasks.plan_import.agency_matching import AgencyMatcher
from tasks.plan_import.extract import propose_plan, propose_plan_from_text
from tasks.plan_import.forms import (
    BulkForm,
    HeaderForm,
    NewAgenciesForm,
    Readers,
    TaskFormSet,
    UploadForm,
    apply_edits,
    header_initial,
    task_initial,
)
from tasks.plan_import.proposal import DocumentRef, PartyMatch, PlanProposal, TaskProposal, TimingProposal
from tasks.plan_import.reading import DocumentReadError
from tasks.plan_import.saving import ProposalError, save_proposal, unknown_party_names
from tasks.plan_import.timing_phrases import parse_timing
from tasks.timing import TimingKind

IMPORT_PERMISSION = "tasks.add_plan"
ROW_ACTIONS: dict[str, Callable[[PlanProposal, int], PlanProposal]] = {
    "delete": editing.delete_task,
    "merge": editing.merge_into_previous,
    "split": editing.split_task,
    "add": editing.add_task_after,
    # The one-click fixes of the list of rows to check: the same operations, said as what the row is.
    "drop": editing.delete_task,
    "join": editing.merge_into_previous,
}
DOUBT_ANCHOR = "doubt-list"
BULK_ANCHOR = "bulk"


def can_import(user) -> bool:
    return user.is_authenticated and user.has_perm(IMPORT_PERMISSION)


def _require_importer(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied


def _draft_for(request: HttpRequest, pk: int) -> PlanImportDraft:
    """The user's own draft; another administrator's draft or an abandoned one answers 404."""
    _require_importer(request)
    return get_object_or_404(PlanImportDraft.objects.current().filter(uploaded_by=request.user), pk=pk)


def plan_import(request: HttpRequest) -> HttpResponse:
    """Upload a document or paste its text; on success a draft is created and shown for checking."""
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = _read(form)
        except DocumentReadError as error:
            form.add_error("document" if form.cleaned_data["document"] else "text", str(error))
        else:
            draft = PlanImportDraft.objects.create(
                uploaded_by=request.user, source_name=proposal.source_name[:255], proposal=proposal.to_json()
            )
            return redirect("tasks:plan_import_draft", pk=draft.pk)
    drafts = PlanImportDraft.objects.current().filter(uploaded_by=request.user).only("pk", "source_name", "updated_at")
    return render(request, "tasks/import/upload.html", {"form": form, "drafts": drafts[:10]})


def _read(form: UploadForm) -> PlanProposal:
    upload = form.cleaned_data["document"]
    if upload:
        return propose_plan(filename=upload.name, content=upload.read())
    return propose_plan_from_text(text=form.cleaned_data["text"], source_name=_("Văn bản dán vào"))


# ---- the preview -------------------------------------------------------------------------------


@dataclass
class Registry:
    """What the page needs to name matched parties and offer agencies, read once per request."""

    agencies: dict[str, Agency]
    groups: dict[str, str]

    @classmethod
    def load(cls) -> Registry:
        agencies = Agency.objects.only("code", "name", "short_name", "is_active").order_by("position", "name")
        return cls(
            agencies={agency.code: agency for agency in agencies},
            groups=dict(AgencyGroup.objects.values_list("code", "name")),
        )

    @property
    def choices(self) -> list[tuple[str, str]]:
        return [(code, agency.name) for code, agency in self.agencies.items() if agency.is_active]

    def knows(self, party: PartyMatch) -> bool:
        """A match still in the registry: an agency deleted since the reading is unknown again."""
        return party.agency in self.agencies if party.agency else party.group in self.groups

    def label(self, party: PartyMatch) -> str:
        if party.agency:
            agency = self.agencies.get(party.agency)
            return str(agency) if agency else party.agency
        return self.groups.get(party.group, party.group)


@dataclass
class PageForms:
    header: HeaderForm
    tasks: TaskFormSet
    new_agencies: NewAgenciesForm

    def is_valid(self) -> bool:
        return all([self.header.is_valid(), self.tasks.is_valid(), self.new_agencies.is_valid()])


def _forms(proposal: PlanProposal, draft: PlanImportDraft, registry: Registry, data=None) -> PageForms:
    unknown = [party for party in editing.all_parties(proposal) if not party.matched]
    return PageForms(
        header=HeaderForm(data, initial=header_initial(proposal), agency_choices=registry.choices, prefix="plan"),
        tasks=TaskFormSet(data, initial=[task_initial(task) for task in proposal.tasks], prefix="tasks"),
        new_agencies=NewAgenciesForm(
            data,
            names=unknown_party_names(proposal),
            suggested={party.written: party.suggested_kind for party in unknown if party.suggested_kind},
            chosen=draft.new_agency_kinds,
            prefix="new",
        ),
    )


def plan_import_draft(request: HttpRequest, pk: int) -> HttpResponse:
    draft = _draft_for(request, pk)
    if request.method == "POST":
        return _post_locked(request, draft)
    proposal = PlanProposal.from_json(draft.proposal)
    registry = Registry.load()
    return _render(request, draft, proposal, registry, _forms(proposal, draft, registry))


def _post_locked(request: HttpRequest, draft: PlanImportDraft) -> HttpResponse:
    """One change of a draft at a time: a double click on “Lưu kế hoạch” waits for the first click,
    then finds the draft saved and gone instead of creating the plan a second time."""
    with transaction.atomic():
        locked = PlanImportDraft.objects.select_for_update().filter(pk=draft.pk).first()
        if locked is None:
            messages.info(request, _("Bản nháp này vừa được lưu hoặc hủy (có thể do bấm hai lần)."))
            return redirect("tasks:plan_list")
        return _post(request, locked, PlanProposal.from_json(locked.proposal), Registry.load())


def _draft_url(draft: PlanImportDraft, anchor: str = "") -> str:
    url = reverse("tasks:plan_import_draft", args=[draft.pk])
    return f"{url}#{anchor}" if anchor else url


def _post(request: HttpRequest, draft: PlanImportDraft, proposal: PlanProposal, registry: Registry) -> HttpResponse:
    action = request.POST.get("action", "update")
    if action == "cancel":
        draft.delete()
        messages.info(request, _("Đã hủy nhập kế hoạch; không có gì được tạo."))
        return redirect("tasks:plan_list")
    forms = _forms(proposal, draft, registry, data=request.POST)
    if request.POST.get("revision") != str(draft.revision) or forms.tasks.total_form_count() != len(proposal.tasks):
        messages.error(
            request,
            _("Bản nháp đã được sửa ở một cửa sổ khác; trang đã tải lại bản mới nhất, hãy sửa lại ở đây."),
        )
        return redirect(_draft_url(draft))
    if not forms.is_valid():
        messages.error(request, _("Chưa áp dụng được: hãy sửa các chỗ báo lỗi bên dưới."))
        return _render(request, draft, proposal, registry, forms)
    rows = [form.cleaned_data for form in forms.tasks.forms]
    edited, reread = apply_edits(proposal, header=forms.header.cleaned_data, rows=rows, readers=_readers())
    edited, anchor = _row_action(request, edited, action)
    bulk = BulkForm(request.POST, rows=len(edited.tasks), prefix="bulk")
    if action in BULK_ACTIONS:
        edited, anchor = BULK_ACTIONS[action](request, edited, bulk, registry)
    draft.proposal = edited.to_json()
    draft.new_agency_kinds = forms.new_agencies.chosen()
    draft.revision += 1
    draft.save(update_fields=["proposal", "new_agency_kinds", "revision", "updated_at"])
    if action == "save":
        return _save(request, draft, edited, reread=reread)
    if action == "update":
        messages.success(request, _("Đã cập nhật bản xem trước."))
    if action in BULK_ACTIONS and bulk.errors:
        messages.error(request, _("Chưa sửa được nhiều dòng: xem lỗi ở phần “Sửa nhiều dòng cùng lúc”."))
        # The edits are kept in the draft; the page is shown again with the rows still ticked and
        # what was typed in the bulk fields, so the person corrects only what was missing.
        return _render(request, draft, edited, registry, _forms(edited, draft, registry), bulk=bulk)
    return redirect(_draft_url(draft, anchor))


def _readers() -> Readers:
    """The matcher is read from the database only when a name needs matching."""
    matcher: list[AgencyMatcher] = []

    def match_one(written: str) -> PartyMatch:
        if not matcher:
            matcher.append(AgencyMatcher.from_database())
        return matcher[0].match_one(written)

    return Readers(match_one=match_one, parse_timing=parse_timing)


def _row_action(request: HttpRequest, proposal: PlanProposal, action: str) -> tuple[PlanProposal, str]:
    name, _sep, index = action.partition("-")
    operation = ROW_ACTIONS.get(name)
    if operation is None:
        return proposal, ""
    try:
        row = int(index)
        code = proposal.tasks[row].code if 0 <= row < len(proposal.tasks) else ""
        changed = operation(proposal, row)
    except ValueError:  # editing.RowError included: a forged or stale row number
        messages.error(request, _("Không thực hiện được thao tác trên dòng này."))
        return proposal, ""
    if name == "drop":
        messages.success(request, _("Đã bỏ dòng %(code)s: không phải nhiệm vụ.") % {"code": code})
    elif name == "join":
        messages.success(request, _("Đã gộp dòng %(code)s vào dòng trên.") % {"code": code})
    if name in ("drop", "join"):
        return changed, DOUBT_ANCHOR  # back to the list of rows to check, where the person was
    # The page comes back where the person was: at the row above for a removed row, else at the new one.
    return changed, f"row-{max(row - 1, 0) if name in ('delete', 'merge') else row + 1}"


def _bulk_lead(
    request: HttpRequest, proposal: PlanProposal, bulk: BulkForm, registry: Registry
) -> tuple[PlanProposal, str]:
    """The agency typed in the bulk field leads every ticked row; it must be an agency of the registry."""
    if not bulk.is_valid():
        return proposal, BULK_ANCHOR
    rows = bulk.rows_for("bulk_lead")
    if bulk.errors:
        return proposal, BULK_ANCHOR
    written = bulk.cleaned_data["bulk_lead"].strip()
    match = AgencyMatcher.from_database().match_one(written)
    agency = registry.agencies.get(match.agency)
    if agency is None:
        message = (
            _("“%(name)s” là một nhóm cơ quan; cơ quan chủ trì phải là một cơ quan trong danh mục.")
            if match.group
            else _("“%(name)s” không có trong danh mục cơ quan; hãy chọn một tên trong danh sách gợi ý.")
        )
        bulk.add_error("bulk_lead", message % {"name": written})
        return proposal, BULK_ANCHOR
    lead = PartyMatch(written=agency.name, agency=agency.code)
    changed = editing.set_lead(proposal, rows, lead, settled_flags=frozenset(doubt.no_lead_messages()))
    done = ngettext(
        "Đã đặt “%(agency)s” làm cơ quan chủ trì cho %(count)d dòng.",
        "Đã đặt “%(agency)s” làm cơ quan chủ trì cho %(count)d dòng.",
        len(rows),
    )
    messages.success(request, done % {"agency": agency.name, "count": len(rows)})
    return changed, BULK_ANCHOR


def _bulk_timing(
    request: HttpRequest, proposal: PlanProposal, bulk: BulkForm, registry: Registry
) -> tuple[PlanProposal, str]:
    """The timing typed in the bulk field, read as any timing of the document, for every ticked row;
    words the portal cannot read as a timing are refused with the reader's reason."""
    if not bulk.is_valid():
        return proposal, BULK_ANCHOR
    rows = bulk.rows_for("bulk_timing")
    if bulk.errors:
        return proposal, BULK_ANCHOR
    text = bulk.cleaned_data["bulk_timing"].strip()
    timing = parse_timing(text)
    if timing.flag:  # several rows would get words the portal cannot date: the person rewrites them once
        bulk.add_error("bulk_timing", timing.flag)
        return proposal, BULK_ANCHOR
    changed = editing.set_timing(proposal, rows, timing)
    done = ngettext(
        "Đã đặt thời gian “%(text)s” cho %(count)d dòng.", "Đã đặt thời gian “%(text)s” cho %(count)d dòng.", len(rows)
    )
    messages.success(request, done % {"text": text, "count": len(rows)})
    return changed, BULK_ANCHOR


BULK_ACTIONS = {"bulk-lead": _bulk_lead, "bulk-timing": _bulk_timing}


def _save(request: HttpRequest, draft: PlanImportDraft, proposal: PlanProposal, *, reread: bool) -> HttpResponse:
    if reread:
        messages.warning(
            request,
            _(
                "Tên cơ quan hoặc thời gian vừa sửa đã được đọc lại (xem kết quả bên dưới). "
                "Hãy kiểm tra rồi bấm “Lưu kế hoạch” lần nữa."
            ),
        )
        return redirect(_draft_url(draft))
    kinds = {name: kind for name, kind in draft.new_agency_kinds.items() if name in unknown_party_names(proposal)}
    try:
        plan = save_proposal(proposal=proposal, new_agency_kinds=kinds)
    except ProposalError as error:
        messages.error(request, _("Chưa lưu kế hoạch: các chỗ sau cần sửa."))
        for message in error.messages:
            messages.error(request, message)
        return redirect(_draft_url(draft))
    draft.delete()
    count = sum(1 for task in proposal.tasks if not task.heading)
    saved = ngettext("Đã lưu %(plan)s với %(count)d nhiệm vụ.", "Đã lưu %(plan)s với %(count)d nhiệm vụ.", count)
    messages.success(request, saved % {"plan": plan, "count": count})
    return redirect("tasks:plan_detail", pk=plan.pk)


# ---- what the page shows ----------------------------------------------------------------------


@dataclass
class PartyView:
    written: str
    label: str  # the matched agency or group; empty when unknown
    anchor: str = ""  # where an unknown name is resolved on the page


@dataclass
class RoleView:
    field: object  # the bound field of the role's names
    parties: list[PartyView]


@dataclass
class RowView:
    index: int
    form: object
    task: TaskProposal
    depth: int
    roles: list[RoleView]
    timing_kind: str
    attention: list[str] = field(default_factory=list)
    doubt: doubt.RowDoubt | None = None
    checked: bool = False
    above: str = ""  # the code of the row above, which "Gộp với dòng trên" folds this row into

    PARTY_FIELDS = ("lead", "coordinating", "implementing", "unnamed")

    @property
    def folded(self) -> bool:
        """A heading assigned to nobody shows its party fields folded, to be opened if it should be assigned."""
        roles = (self.task.lead, self.task.coordinating, self.task.implementing)
        assigned = any(role.parties or role.unnamed for role in roles)
        return self.task.heading and not assigned and not set(self.form.errors) & set(self.PARTY_FIELDS)


def _party_views(parties: list[PartyMatch], registry: Registry, anchors: dict[str, str]) -> list[PartyView]:
    return [
        PartyView(party.written, registry.label(party) if party.matched else "", anchors.get(party.written, ""))
        for party in parties
    ]


def _row_views(
    forms: PageForms, proposal: PlanProposal, registry: Registry, anchors, checked: set[int], chosen: dict[str, str]
) -> list[RowView]:
    rows = []
    created = set(forms.new_agencies.names) & set(chosen)
    doubts = doubt.proposal_doubts(
        proposal, known=lambda party: registry.knows(party) if party.matched else party.written in created
    )
    for index, (form, task) in enumerate(zip(forms.tasks.forms, proposal.tasks, strict=True)):
        roles = [
            RoleView(form[name], _party_views(getattr(task, name).parties, registry, anchors))
            for name in ("lead", "coordinating", "implementing")
        ]
        rows.append(
            RowView(
                index=index,
                form=form,
                task=task,
                depth=min(editing.depth(task), 5),
                roles=roles,
                timing_kind=_timing_label(task.timing),
                attention=[*task.flags, *([task.timing.flag] if task.timing.flag else [])],
                doubt=doubts[index],
                checked=index in checked,
                above=proposal.tasks[index - 1].code if index else "",
            )
        )
    return rows


def _timing_label(timing: TimingProposal) -> str:
    try:
        return str(TimingKind(timing.kind).label)
    except ValueError:
        return timing.kind


def _unknown_label(name: str) -> str:
    return _("“%(name)s” chưa có trong danh mục") % {"name": name}


def _alias_admin_url() -> str:
    try:
        return reverse("admin:agencies_agencyalias_add")
    except NoReverseMatch:  # the alias admin is not registered: the page links to agencies instead
        return reverse("admin:agencies_agency_add")


def _attention_links(
    attention: list[editing.Attention], proposal: PlanProposal, anchors: dict[str, str]
) -> list[tuple[editing.Attention, list[tuple[str, str]]]]:
    """Each thing to check with links (label, #anchor) to where it is fixed: its rows, else the row of
    the unknown name in the table of new agencies, else the plan's header or reporting schedule."""
    row_of = {task.code: index for index, task in enumerate(proposal.tasks)}
    linked = []
    for item in attention:
        if item.codes:
            links = [(code, f"#row-{row_of[code]}") for code in item.codes if code in row_of]
        elif item.unknown_name in anchors:
            links = [(_("Cơ quan chưa có trong danh mục"), f"#{anchors[item.unknown_name]}")]
        elif item.place == editing.REPORTING:
            links = [(_("Chế độ báo cáo"), "#reporting-title")]
        else:
            links = [(_("Kế hoạch"), "#header-title")]
        linked.append((item, links))
    return linked


def _cited_plans(refs: list[DocumentRef]) -> list[tuple[DocumentRef, Plan | None]]:
    """Each cited document with the plan of that number and date on the portal, if any (one query)."""
    numbers = {ref.number for ref in refs if ref.number}
    plans = list(Plan.objects.filter(number__in=numbers).only("pk", "number", "issued_on")) if numbers else []
    found = {(plan.number, plan.issued_on): plan for plan in plans}
    return [(ref, found.get((ref.number, ref.issued_on))) for ref in refs]


def _render(
    request: HttpRequest,
    draft: PlanImportDraft,
    proposal: PlanProposal,
    registry: Registry,
    forms: PageForms,
    *,
    bulk: BulkForm | None = None,
) -> HttpResponse:
    names = unknown_party_names(proposal)
    anchors = {name: f"new-agency-{index}" for index, name in enumerate(names)}
    attention = editing.attention(
        proposal, unknown_label=lambda name: _("“%(name)s” chưa có trong danh mục") % {"name": name}
    )
    alias_url = _alias_admin_url()
    header = proposal.header
    cited = _cited_plans([*header.supplements, *header.implements])
    bulk = bulk or BulkForm(rows=len(proposal.tasks), prefix="bulk")
    rows = _row_views(forms, proposal, registry, anchors, bulk.checked(), draft.new_agency_kinds)
    doubts = [row.doubt for row in rows]
    context = {
        "draft": draft,
        "proposal": proposal,
        "forms": forms,
        "rows": rows,
        "doubtful_rows": [rows[index] for index in doubt.doubt_order(doubts)],
        "names_only_count": sum(1 for item in doubts if item is not None and item.names_only),
        "bulk": bulk,
        "agency_names": [name for _code, name in registry.choices],
        "attention": _attention_links(attention, proposal, anchors),
        "new_agencies": [
            (anchors[name], name, create, kind, f"{alias_url}?{urlencode({'name': name})}")
            for name, create, kind in forms.new_agencies.rows()
        ],
        "issuer": proposal.header.issuer,
        "issuer_label": registry.label(proposal.header.issuer) if proposal.header.issuer else "",
        "supplements": cited[: len(header.supplements)],
        "implements": cited[len(header.supplements) :],
        "task_count": sum(1 for task in proposal.tasks if not task.heading),
    }
    return render(request, "tasks/import/preview.html", context)
