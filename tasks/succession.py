"""Recording agency successions (mergers, renames, abolitions, splits) and handing over assignments.

Lives in `tasks` (not `agencies`) because applying a succession moves assignments, and imports run
`reporting` → `tasks` → `agencies`.

Rules, decided here:
- Open assignments (progress not completed) of a predecessor pass to its successor(s). On a split or
  an abolition with several heirs, every heir takes every open assignment; the administrator removes
  the ones an heir does not carry in the admin afterwards (each hand-over stays on record).
- Completed assignments, submitted/approved reports and built consolidated reports stay with the
  predecessor: `AgencyReport.agency` never changes, and a consolidated report's snapshot froze names.
- When an heir already has an assignment on the same task (two merged Sở on one task), the two
  become one: the heir's row is kept with the stronger role; the predecessor's report items and
  coordination inputs are re-pointed to it; an `AssignmentHandover` row keeps who owed what.
- Users of a predecessor do not move here; the admin action "Chuyển người dùng" does, after a
  confirmation.
- A succession dated in the future is recorded as pending (`applied_at` empty): nothing moves until
  the job `tasks.jobs.apply_due_successions` applies it on its date. Reading rules that take a day
  (`AgencyGroup.members_on`, `agencies.models.heirs_on`) follow the date, not `applied_at`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from agencies.models import Agency, AgencySuccession, AgencySuccessionLink, SuccessionKind
from tasks.models import Assignment, AssignmentHandover, AssignmentRole
from tasks.timing import Progress

ROLE_STRENGTH = {AssignmentRole.LEAD: 3, AssignmentRole.IMPLEMENTING: 2, AssignmentRole.COORDINATING: 1}


class SuccessionError(ValueError):
    """A succession that cannot be recorded; the message is for the administrator."""


@dataclass(frozen=True)
class SuccessionLinkSpec:
    predecessor: Agency
    successor: Agency


def was_active_on(agency: Agency, day: dt.date) -> bool:
    return agency.active_until is None or agency.active_until >= day


def succession_validate(*, kind: str, effective_on: dt.date | None, links: list[SuccessionLinkSpec]) -> None:
    if effective_on is None:
        raise SuccessionError(_("Thiếu ngày có hiệu lực."))
    if kind not in SuccessionKind.values:
        raise SuccessionError(_("Hình thức kế thừa không hợp lệ: %(kind)s.") % {"kind": kind})
    if not links:
        raise SuccessionError(_("Cần ít nhất một cặp cơ quan trước → cơ quan kế thừa."))
    predecessors = {link.predecessor for link in links}
    successors = {link.successor for link in links}
    _check_shape(kind, predecessors, successors)
    for link in links:
        _check_link(link, effective_on)


def _check_shape(kind: str, predecessors: set[Agency], successors: set[Agency]) -> None:
    if kind == SuccessionKind.RENAME and (len(predecessors) != 1 or len(successors) != 1):
        raise SuccessionError(_("Đổi tên: đúng một cơ quan trước và một cơ quan kế thừa."))
    if kind == SuccessionKind.MERGE and len(successors) != 1:
        raise SuccessionError(_("Hợp nhất: các cơ quan trước cùng chuyển về một cơ quan kế thừa."))
    if kind == SuccessionKind.SPLIT and (len(predecessors) != 1 or len(successors) < 2):
        raise SuccessionError(_("Chia tách: một cơ quan trước chia cho ít nhất hai cơ quan kế thừa."))
    if predecessors & successors:
        raise SuccessionError(_("Một cơ quan không thể vừa là cơ quan trước vừa là cơ quan kế thừa."))


def _check_link(link: SuccessionLinkSpec, effective_on: dt.date) -> None:
    names = {"predecessor": link.predecessor.name, "successor": link.successor.name}
    if link.predecessor == link.successor:
        raise SuccessionError(_("%(predecessor)s không thể kế thừa chính mình.") % names)
    if link.predecessor in successors_of(link.successor):
        raise SuccessionError(_("Vòng lặp: %(predecessor)s đã là cơ quan kế thừa của %(successor)s.") % names)
    if not was_active_on(link.predecessor, effective_on):
        raise SuccessionError(
            _("%(predecessor)s đã ngừng hoạt động trước ngày %(day)s.") % {**names, "day": f"{effective_on:%d/%m/%Y}"}
        )
    if not was_active_on(link.successor, effective_on):
        raise SuccessionError(_("Cơ quan kế thừa %(successor)s đã ngừng hoạt động.") % names)


def successors_of(agency: Agency) -> set[Agency]:
    """Every agency that (transitively) succeeded `agency`; one query per generation."""
    found: set[Agency] = set()
    frontier = {agency.pk}
    while frontier:
        rows = AgencySuccessionLink.objects.filter(predecessor_id__in=frontier).select_related("successor")
        generation = {row.successor for row in rows} - found
        found |= generation
        frontier = {a.pk for a in generation}
    return found


def _existing(kind: str, effective_on: dt.date, links: list[SuccessionLinkSpec]) -> AgencySuccession | None:
    wanted = {(link.predecessor.pk, link.successor.pk) for link in links}
    candidates = AgencySuccession.objects.filter(kind=kind, effective_on=effective_on).prefetch_related("links")
    for succession in candidates:
        if {(row.predecessor_id, row.successor_id) for row in succession.links.all()} == wanted:
            return succession
    return None


@transaction.atomic
def succession_record(
    *,
    kind: str,
    effective_on: dt.date | None,
    links: Iterable[SuccessionLinkSpec],
    legal_document: str = "",
    note: str = "",
    today: dt.date | None = None,
) -> AgencySuccession:
    """Record a succession; recording the same one again changes nothing.

    Dated today or earlier, it is applied at once. Dated later, it waits: the predecessors keep
    their assignments and stay active until `successions_apply_due` runs on or after the date (a
    merger decided in June for 1 July must not take June's reports away from the old Sở).
    """
    links = list(links)
    if effective_on is not None and (found := _existing(kind, effective_on, links)):
        return found
    succession_validate(kind=kind, effective_on=effective_on, links=links)
    succession = AgencySuccession.objects.create(
        kind=kind, effective_on=effective_on, legal_document=legal_document, note=note
    )
    AgencySuccessionLink.objects.bulk_create(
        AgencySuccessionLink(succession=succession, predecessor=link.predecessor, successor=link.successor)
        for link in links
    )
    for predecessor in {link.predecessor for link in links}:
        # Known from now on, so no second succession can claim the same agency for a later date.
        predecessor.active_until = effective_on - dt.timedelta(days=1)
        predecessor.save(update_fields=["active_until"])
    if effective_on <= (today or timezone.localdate()):
        _apply(succession)
    return succession


@transaction.atomic
def succession_apply(*, succession_id: int, today: dt.date) -> bool:
    """Apply a recorded succession whose date has come; False when it is not due or already applied.

    The row lock makes two concurrent runs apply it once.
    """
    succession = AgencySuccession.objects.select_for_update().filter(pk=succession_id).first()
    if succession is None or not succession.is_pending or succession.effective_on > today:
        return False
    _apply(succession)
    return True


def successions_apply_due(*, today: dt.date) -> int:
    """Apply every pending succession dated `today` or earlier, oldest first; returns how many."""
    due = AgencySuccession.objects.due(today).order_by("effective_on", "pk").values_list("pk", flat=True)
    return sum(succession_apply(succession_id=pk, today=today) for pk in due)


def _apply(succession: AgencySuccession) -> None:
    links = list(succession.links.select_related("predecessor", "successor").order_by("pk"))
    for predecessor in {link.predecessor for link in links}:
        heirs = [link.successor for link in links if link.predecessor == predecessor]
        assignments_hand_over(succession=succession, predecessor=predecessor, heirs=heirs)
        predecessor.is_active = False
        predecessor.save(update_fields=["is_active"])
    succession.applied_at = timezone.now()
    succession.save(update_fields=["applied_at"])


def assignments_hand_over(*, succession: AgencySuccession, predecessor: Agency, heirs: list[Agency]) -> int:
    """Pass the predecessor's open assignments to its heirs; returns how many hand-overs were made."""
    open_assignments = list(
        Assignment.objects.filter(agency=predecessor).exclude(progress=Progress.COMPLETED).select_related("task")
    )
    held = {
        (row.task_id, row.agency_id): row
        for row in Assignment.objects.filter(agency__in=heirs, task__in=[a.task_id for a in open_assignments])
    }
    for assignment in open_assignments:
        handover = AssignmentHandover(
            succession=succession,
            from_agency=predecessor,
            from_role=assignment.role,
            from_progress=assignment.progress,
            effective_on=succession.effective_on,
        )
        moved = False
        for heir in heirs:
            target = held.get((assignment.task_id, heir.pk))
            joined = target is not None
            handover.heir_role_before = target.role if joined else ""
            if joined:
                _take_stronger_role(target, assignment.role)
            elif not moved:
                target, moved = assignment, True
                assignment.agency = heir
                assignment.save(update_fields=["agency"])
            else:
                target = Assignment.objects.create(
                    task=assignment.task, agency=heir, role=assignment.role, via_group=assignment.via_group
                )
            held[(assignment.task_id, heir.pk)] = target
            handover.pk, handover.assignment, handover.joined_existing = None, target, joined
            handover.save()
        if not moved:  # every heir already had the task: the two rows become one
            _repoint_and_delete(assignment, held[(assignment.task_id, heirs[0].pk)])
    return len(open_assignments)


def _take_stronger_role(target: Assignment, role: str) -> None:
    if ROLE_STRENGTH[role] > ROLE_STRENGTH[target.role]:
        target.role = role
        target.save(update_fields=["role"])


def _repoint_and_delete(old: Assignment, kept: Assignment) -> None:
    """Keep everything that hung on the predecessor's row (report items, inputs, hand-overs) on the kept one.

    Walks the reverse relations instead of naming reporting models: `tasks` does not import `reporting`.
    """
    for relation in Assignment._meta.related_objects:
        if relation.one_to_many:
            field = relation.field.name
            relation.related_model._base_manager.filter(**{field: old}).update(**{field: kept})
    old.delete()


def assignments_as_of(assignments: list[Assignment], day: dt.date) -> list[Assignment]:
    """The assignments as they stood on `day`: a row handed over after `day` shows its former agency.

    For documents about a past period (a consolidated report rebuilt after a rename still names the
    old agency). Rows that were one predecessor's (copies for a split's heirs) come back once. A
    predecessor's row combined after `day` into one its heir already held comes back beside the
    heir's, as an unsaved copy keyed `-<hand-over id>` (see `row_key_of`), and the heir's row takes
    back the role it had then. Changes the loaded
    objects only; one query.
    """
    later = AssignmentHandover.objects.filter(assignment__in=assignments, effective_on__gt=day)
    former: dict[int, AssignmentHandover] = {}
    joined: dict[int, list[AssignmentHandover]] = {}
    for handover in later.select_related("from_agency").order_by("-effective_on", "-id"):
        if handover.joined_existing:
            joined.setdefault(handover.assignment_id, []).insert(0, handover)
        else:
            former[handover.assignment_id] = handover  # the earliest hand-over after `day` wins
    seen: set[tuple[int, int]] = set()
    result = []
    for assignment in assignments:
        if (handover := former.get(assignment.pk)) is not None:
            assignment.agency, assignment.agency_id = handover.from_agency, handover.from_agency_id
            assignment.role = handover.from_role
        elif roles_then := [h.heir_role_before for h in joined.get(assignment.pk, ()) if h.heir_role_before]:
            assignment.role = roles_then[0]  # the heir's own role before the first combination after `day`
        rows = [assignment, *(_combined_predecessor_row(assignment, h) for h in joined.get(assignment.pk, ()))]
        for row in rows:
            if (row.task_id, row.agency_id) not in seen:
                seen.add((row.task_id, row.agency_id))
                result.append(row)
    return result


def _combined_predecessor_row(kept: Assignment, handover: AssignmentHandover) -> Assignment:
    return Assignment(
        pk=-handover.pk,
        task_id=kept.task_id,
        agency=handover.from_agency,
        role=handover.from_role,
        progress=handover.from_progress,
    )


def row_key_of(assignments: list[Assignment]):
    """For report items of `assignments_as_of` rows: (assignment id, reporting agency id) → the key
    of the row the item belongs to, so a combined predecessor's own item stays on its own row."""
    keys = {(row.task_id, row.agency_id): row.pk for row in assignments}
    task_of = {row.pk: row.task_id for row in assignments if row.pk > 0}

    def key(assignment_id: int, agency_id: int) -> int:
        return keys.get((task_of.get(assignment_id), agency_id), assignment_id)

    return key
