import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Sở, ban, ngành tỉnh")
    DISTRICT = "district", _("UBND huyện, thành phố")
    COMMUNE = "commune", _("UBND xã, phường")
    PROVINCE = "province", _("UBND tỉnh")
    PARTY = "party", _("Cơ quan Đảng")
    FRONT = "front", _("Mặt trận Tổ quốc, đoàn thể")
    COUNCIL = "council", _("HĐND")
    CENTRAL = "central", _("Cơ quan Trung ương")
    PRESS = "press", _("Cơ quan báo chí, truyền thông")
    OTHER = "other", _("Khác")


class Agency(models.Model):
    """A body that plans address: a Sở, a Party ban, a district UBND, a ministry, the press."""

    name = models.CharField(_("tên"), max_length=255, unique=True)
    short_name = models.CharField(_("tên ngắn"), max_length=120, blank=True)
    code = models.SlugField(
        _("mã"), max_length=30, unique=True, help_text=_("Ký hiệu dùng trong số văn bản, ví dụ SNV.")
    )
    kind = models.CharField(_("loại"), max_length=20, choices=AgencyKind.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("cơ quan cấp trên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    place_name = models.CharField(
        _("địa danh"), max_length=80, blank=True, help_text=_("Dùng trong dòng “…, ngày … tháng … năm …” của văn bản.")
    )
    email = models.EmailField(_("email"), blank=True)
    position = models.PositiveIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang hoạt động"), default=True)
    active_until = models.DateField(
        _("hoạt động đến"),
        null=True,
        blank=True,
        help_text=_("Ngày cuối cùng trước khi cơ quan được hợp nhất, đổi tên, giải thể hoặc chia tách."),
    )

    class Meta:
        verbose_name = _("cơ quan, đơn vị")
        verbose_name_plural = _("cơ quan, đơn vị")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.short_name or self.name


class AgencyGroup(models.Model):
    """A named set of agencies that a plan addresses as a whole ("Các sở, ban, ngành tỉnh")."""

    name = models.CharField(_("tên"), max_length=255, unique=True)
    code = models.SlugField(_("mã"), max_length=40, unique=True)
    members = models.ManyToManyField(Agency, verbose_name=_("thành viên"), related_name="agency_groups", blank=True)

    class Meta:
        verbose_name = _("nhóm cơ quan")
        verbose_name_plural = _("nhóm cơ quan")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def members_on(self, day) -> set[Agency]:
        """The agencies the group means on `day`: members still active then, and in place of a member
        retired before `day` whoever succeeded it (followed through later successions)."""
        found: set[Agency] = set()
        frontier = list(self.members.all())
        seen: set[int] = set()
        while frontier:
            retired = []
            for agency in frontier:
                seen.add(agency.pk)
                if agency.active_until is None or agency.active_until >= day:
                    found.add(agency)
                else:
                    retired.append(agency.pk)
            links = AgencySuccessionLink.objects.filter(predecessor_id__in=retired, succession__effective_on__lte=day)
            frontier = [link.successor for link in links.select_related("successor") if link.successor_id not in seen]
        return found


class AgencyAlias(models.Model):
    """Another way documents write an agency or a group: "Sở TT&TT", "UBND các huyện, TP".

    The plan reader matches names, short names and these; administrators add one whenever an
    import flags a name the registry did not know.
    """

    name = models.CharField(_("cách viết"), max_length=255, unique=True)
    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.CASCADE, related_name="aliases"
    )
    group = models.ForeignKey(
        AgencyGroup,
        verbose_name=_("nhóm cơ quan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="aliases",
    )

    class Meta:
        verbose_name = _("tên gọi khác")
        verbose_name_plural = _("tên gọi khác")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(agency__isnull=False, group__isnull=True)
                | models.Q(agency__isnull=True, group__isnull=False),
                name="alias_names_one_agency_or_group",
            )
        ]

    def __str__(self) -> str:
        return self.name


class SuccessionKind(models.TextChoices):
    MERGE = "merge", _("Hợp nhất, sáp nhập")
    RENAME = "rename", _("Đổi tên")
    ABOLISH = "abolish", _("Giải thể, chuyển nhiệm vụ")
    SPLIT = "split", _("Chia tách")


class AgencySuccessionQuerySet(models.QuerySet):
    def pending(self):
        """Recorded ahead of their date: nothing handed over yet (see tasks.succession)."""
        return self.filter(applied_at__isnull=True)

    def due(self, day):
        return self.pending().filter(effective_on__lte=day)


class AgencySuccession(models.Model):
    """One reorganisation act: predecessors hand their duties to successors from `effective_on`.

    The rows in `links` say who passed to whom; recorded only through
    `tasks.succession.succession_record`, which also hands over open assignments, at once when the
    date has come, else later by the job `tasks.jobs.apply_due_successions` (`applied_at` says which).
    """

    kind = models.CharField(_("hình thức"), max_length=20, choices=SuccessionKind.choices)
    effective_on = models.DateField(_("có hiệu lực từ"))
    legal_document = models.CharField(_("văn bản"), max_length=255, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("ghi nhận lúc"), auto_now_add=True)
    applied_at = models.DateTimeField(
        _("đã áp dụng lúc"),
        null=True,
        blank=True,
        help_text=_("Trống: chưa đến ngày có hiệu lực, phân công chưa chuyển cho cơ quan kế thừa."),
    )

    objects = AgencySuccessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("kế thừa cơ quan")
        verbose_name_plural = _("kế thừa cơ quan")
        ordering = ["-effective_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.effective_on:%d/%m/%Y}"

    @property
    def is_pending(self) -> bool:
        return self.applied_at is None


class AgencySuccessionLink(models.Model):
    """Predecessor → successor within one succession (a merge of two has two rows)."""

    succession = models.ForeignKey(
        AgencySuccession, verbose_name=_("kế thừa"), on_delete=models.CASCADE, related_name="links"
    )
    predecessor = models.ForeignKey(
        Agency, verbose_name=_("cơ quan trước"), on_delete=models.PROTECT, related_name="successor_links"
    )
    successor = models.ForeignKey(
        Agency, verbose_name=_("cơ quan kế thừa"), on_delete=models.PROTECT, related_name="predecessor_links"
    )

    class Meta:
        verbose_name = _("liên kết kế thừa")
        verbose_name_plural = _("liên kết kế thừa")
        constraints = [
            models.UniqueConstraint(fields=["predecessor", "successor"], name="one_link_per_predecessor_successor"),
            models.CheckConstraint(
                condition=~models.Q(predecessor=models.F("successor")), name="succession_link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.predecessor} → {self.successor}"


def direct_successors(agencies) -> dict[int, list[Agency]]:
    """Agency id → the agencies that directly succeeded it, for the given agencies; one query.

    Successions recorded ahead of their date are left out until applied: nobody moves before the date.
    """
    result: dict[int, list[Agency]] = {}
    links = AgencySuccessionLink.objects.filter(predecessor__in=agencies, succession__applied_at__isnull=False)
    for link in links.select_related("successor").order_by("successor__position", "successor__name"):
        result.setdefault(link.predecessor_id, []).append(link.successor)
    return result


def succession_links(agency: Agency) -> tuple[list[AgencySuccessionLink], list[AgencySuccessionLink]]:
    """(links from the agencies it took over, links to the agencies that took it over); one query."""
    links = list(
        AgencySuccessionLink.objects.filter(models.Q(predecessor=agency) | models.Q(successor=agency))
        .select_related("predecessor", "successor", "succession")
        .order_by("succession__effective_on", "predecessor__position", "successor__position", "pk")
    )
    return (
        [link for link in links if link.successor_id == agency.pk],
        [link for link in links if link.predecessor_id == agency.pk],
    )


def predecessor_ids(agency_id: int) -> set[int]:
    """Every agency that (transitively) passed its duties to this one; one query per generation."""
    found: set[int] = set()
    frontier = {agency_id}
    while frontier:
        rows = AgencySuccessionLink.objects.filter(successor_id__in=frontier).values_list("predecessor_id", flat=True)
        frontier = set(rows) - found - {agency_id}
        found |= frontier
    return found


@dataclass(frozen=True)
class Heirs:
    """Who carries a retired agency's duties on some day, and how a successor's row names it."""

    ids: tuple[int, ...]
    code: str  # the predecessor's code, for a link to its history
    label: str  # "Sở Thông tin và Truyền thông (01/03/2025)"
    since: dt.date  # the date of the succession that retired it


class HeirIndex:
    """Every succession link, loaded once (one query), to answer "who carries whose duties on day X"
    for many days, as the dashboards' many periods need (a province has a few hundred links at most)."""

    def __init__(self):
        links = AgencySuccessionLink.objects.select_related("predecessor", "succession")
        self.links = list(links.order_by("successor__position", "successor__name", "pk"))
        self._by_day: dict[dt.date, dict[int, Heirs]] = {}

    def on(self, day: dt.date) -> dict[int, Heirs]:
        """Agency id → its heirs on `day`, for every agency retired by a succession in force on `day`.

        Follows later successions up to `day` (A → B, then B → C: A's heir is C); a split or an
        abolition with several heirs gives several.
        """
        if day not in self._by_day:
            self._by_day[day] = self._heirs(day)
        return self._by_day[day]

    def _heirs(self, day: dt.date) -> dict[int, Heirs]:
        direct: dict[int, list[AgencySuccessionLink]] = {}
        for link in self.links:
            if link.succession.effective_on <= day:
                direct.setdefault(link.predecessor_id, []).append(link)
        result = {}
        for predecessor_id, own_links in direct.items():
            ends, frontier, seen = [], [predecessor_id], {predecessor_id}
            while frontier:
                current = frontier.pop(0)
                if current != predecessor_id and current not in direct:
                    ends.append(current)
                for link in direct.get(current, []):
                    if link.successor_id not in seen:
                        seen.add(link.successor_id)
                        frontier.append(link.successor_id)
            first = own_links[0]
            label = f"{first.predecessor} ({first.succession.effective_on:%d/%m/%Y})"
            result[predecessor_id] = Heirs(tuple(ends), first.predecessor.code, label, first.succession.effective_on)
        return result


def heirs_on(day: dt.date) -> dict[int, Heirs]:
    """Agency id → its heirs on `day` (see HeirIndex.on); one query."""
    return HeirIndex().on(day)


class User(AbstractUser):
    """A portal user; belongs to one agency. Roles are Django groups (see agencies.roles)."""

    agency = models.ForeignKey(
        Agency, verbose_name=_("cơ quan"), null=True, blank=True, on_delete=models.PROTECT, related_name="users"
    )
    job_title = models.CharField(_("chức vụ"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")
        permissions = [
            ("submit_agency_reports", _("Lập và gửi báo cáo của cơ quan")),
            ("review_agency_reports", _("Thẩm định, tổng hợp báo cáo")),
            ("view_all_reports", _("Xem bảng điều hành và báo cáo đã duyệt")),
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        """Vietnamese order: family name first (Nguyễn Văn A)."""
        return f"{self.last_name} {self.first_name}".strip()
