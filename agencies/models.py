from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class AgencyKind(models.TextChoices):
    DEPARTMENT = "department", _("Sở, ban, ngành tỉnh")
    DISTRICT = "district", _("UBND huyện, thành phố")
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
