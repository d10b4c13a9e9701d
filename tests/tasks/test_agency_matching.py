"""Parties named in plan documents, matched against the registry the seed loads (and its aliases)."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from agencies.models import Agency, AgencyAlias, AgencyKind
from tasks.importer import import_file
from tasks.plan_import.agency_matching import AgencyMatcher, RegistryName, registry_names, suggest_kind
from tests.conftest import rolled_back

BTNMT_PLAN = settings.BASE_DIR / "fixtures/plans/btnmt-2024-KH09-tin-chi-cac-bon.json"
SEED_PLAN_RELATED = "các cơ quan, đơn vị liên quan"
BTNMT_RELATED = "các đơn vị có liên quan thuộc Bộ TN&MT"
EVERY_RELATED_BODY = (
    "Các đơn vị thuộc các Bộ quản lý lĩnh vực, các tổ chức quốc tế, các Viện nghiên cứu, Trường Đại học có liên quan"
)


def _names_after(*, with_btnmt: bool, django_db_blocker) -> list[RegistryName]:
    """The registry as plain data, read inside a transaction that is rolled back."""
    with rolled_back(django_db_blocker):
        call_command("load_seed_plan", stdout=io.StringIO())
        if with_btnmt:
            import_file(path=BTNMT_PLAN)
        names = registry_names()
    return names


@pytest.fixture(scope="module")
def bentre(django_db_setup, django_db_blocker) -> AgencyMatcher:
    return AgencyMatcher(_names_after(with_btnmt=False, django_db_blocker=django_db_blocker))


@pytest.fixture(scope="module")
def with_btnmt(django_db_setup, django_db_blocker) -> AgencyMatcher:
    return AgencyMatcher(_names_after(with_btnmt=True, django_db_blocker=django_db_blocker))


def refs(parties) -> list[str]:
    return [party.ref or f"?{party.written}" for party in parties]


# (clause, parties in document order, "?<written>" for unknown ones, unnamed text)
BENTRE_CLAUSES = [
    (
        "Sở Nội vụ, Ban Tuyên giáo Tỉnh ủy, Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh và các sở, ngành, địa phương, "
        "cơ quan truyền thông, báo chí trong tỉnh",
        ["SNV", "BTGTU", "MTTQ", "group:so-nganh-dia-phuong", "group:truyen-thong-bao-chi"],
        "",
    ),
    ("Sở Nội vụ và các cơ quan, đơn vị liên quan", ["SNV"], SEED_PLAN_RELATED),
    ("Ban Tổ chức Tỉnh ủy và các cơ quan, đơn vị liên quan", ["BTCTU"], SEED_PLAN_RELATED),
    ("Sở Tài nguyên và Môi trường và các cơ quan, đơn vị liên quan", ["STNMT"], SEED_PLAN_RELATED),
    (
        "Các sở, ban ngành tỉnh, Ủy ban nhân dân các huyện, thành phố",
        ["group:so-ban-nganh-tinh", "group:ubnd-huyen-thanh-pho"],
        "",
    ),
    (
        "các Sở, ban ngành tỉnh và Ủy ban nhân dân các huyện, thành phố",
        ["group:so-ban-nganh-tinh", "group:ubnd-huyen-thanh-pho"],
        "",
    ),
    ("Các cơ quan, đơn vị, địa phương", ["group:co-quan-don-vi-dia-phuong"], ""),
    ("tất cả cơ quan, đơn vị, địa phương", ["group:co-quan-don-vi-dia-phuong"], ""),
    ("các cơ quan, đơn vị", ["?các cơ quan, đơn vị"], ""),  # without "liên quan": flagged, not dropped
    ("Sở TT&TT", ["STTTT"], ""),
    ("Sở TT & TT", ["STTTT"], ""),
    ("Sở Thông tin và Truyền thông", ["STTTT"], ""),
    ("UBND các huyện, thành phố", ["group:ubnd-huyen-thanh-pho"], ""),
    ("UBND các huyện, TP", ["group:ubnd-huyen-thanh-pho"], ""),
    ("Uỷ ban nhân dân các huyện, thành phố", ["group:ubnd-huyen-thanh-pho"], ""),
    ("các sở, ban, ngành tỉnh", ["group:so-ban-nganh-tinh"], ""),
    ("Sở Giáo dục và Đào tạo", ["SGDDT"], ""),
    ("Sở GD&ĐT, Sở KH&CN, Sở NN&PTNT", ["SGDDT", "SKHCN", "SNNPTNT"], ""),
    ("Sở Văn hóa, Thể thao và Du lịch, Sở Khoa học và Công nghệ", ["SVHTTDL", "SKHCN"], ""),
    ("Sở Văn hoá, Thể thao và Du lịch", ["SVHTTDL"], ""),
    ("Sở LĐ-TB&XH và Sở Lao động - Thương binh và Xã hội", ["SLDTBXH"], ""),
    ("Thanh tra tỉnh", ["TTT"], ""),
    ("Thanh tra tỉnh Bến Tre", ["TTT"], ""),
    ("UBND tỉnh", ["UBND"], ""),
    ("Ủy ban nhân dân tỉnh", ["UBND"], ""),
    ("Văn phòng UBND tỉnh", ["VPUBND"], ""),
    ("UBND thành phố Bến Tre, UBND huyện Ba Tri", ["UBND-TPBT", "UBND-BATRI"], ""),
    ("Sở Nội vụ, Sở Nội vụ và Sở Tư pháp", ["SNV", "STP"], ""),
    ("Bộ Nội vụ (kèm KH4447);", ["BNV"], ""),
    # Unknown parties are flagged, never guessed to a registry agency that shares some words.
    ("Sở Ngoại vụ", ["?Sở Ngoại vụ"], ""),
    ("Bộ Tài nguyên và Môi trường", ["?Bộ Tài nguyên và Môi trường"], ""),
    ("Sở Ngoại vụ và các cơ quan liên quan", ["?Sở Ngoại vụ"], "các cơ quan liên quan"),
    ("Sở Nội vụ, Sở Ngoại vụ và Sở Tư pháp", ["SNV", "?Sở Ngoại vụ", "STP"], ""),
    ("Ban Dân vận Tỉnh ủy", ["?Ban Dân vận Tỉnh ủy"], ""),
    ("Phòng Nội vụ thuộc Sở Nội vụ", ["?Phòng Nội vụ thuộc Sở Nội vụ"], ""),
    ("các Bộ, ngành", ["?các Bộ, ngành"], ""),
    (
        "Bộ Nông nghiệp và Phát triển nông thôn và các cơ quan liên quan",
        ["?Bộ Nông nghiệp và Phát triển nông thôn"],
        "các cơ quan liên quan",
    ),
    (
        "Bộ Thông tin và Truyền thông, các cơ quan thông tấn, báo chí",
        ["?Bộ Thông tin và Truyền thông", "?các cơ quan thông tấn, báo chí"],
        "",
    ),
    (
        "Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương",
        ["?Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương"],
        "",
    ),
]


@pytest.mark.parametrize(("clause", "expected", "unnamed"), BENTRE_CLAUSES)
def test_clauses_of_bentre_plans_name_their_parties(bentre, clause, expected, unnamed):
    parties = bentre.parse_parties(clause)

    assert refs(parties.parties) == expected
    assert parties.unnamed == unnamed


BTNMT_CLAUSES = [
    ("Bộ Tài nguyên và Môi trường", ["BTNMT"], ""),
    ("Bộ TNMT", ["BTNMT"], ""),
    ("Cục Biến đổi khí hậu", ["CBDKH"], ""),
    ("Vụ Pháp chế và các đơn vị có liên quan thuộc Bộ TN&MT.", ["VPC-BTNMT"], BTNMT_RELATED),
    (
        "Vụ Môi trường, Cục Kiểm soát ô nhiễm môi trường, các đơn vị có liên quan thuộc Bộ TN&MT.",
        ["VMT-BTNMT", "CKSONMT"],
        BTNMT_RELATED,
    ),
    (
        "Cục Chuyển đổi số và Thông tin dữ liệu TNMT, các đơn vị thuộc các Bộ có liên quan.",
        ["CCDS-TNMT"],
        "các đơn vị thuộc các Bộ có liên quan",
    ),
    (
        "Cục Biến đổi khí hậu, Cục Bảo tồn thiên nhiên và Đa dạng sinh học và các đơn vị có liên quan thuộc Bộ TN&MT.",
        ["CBDKH", "CBTTN"],
        BTNMT_RELATED,
    ),
    (EVERY_RELATED_BODY, [], EVERY_RELATED_BODY),
    (
        "Viện Khoa học Khí tượng thủy văn và Biến đổi khí hậu; Viện Chiến lược, Chính sách TN&MT",
        ["VKTTV", "VCLCS-TNMT"],
        "",
    ),
    ("Cục Biến đổi khí hậu và các cơ quan, đơn vị có liên quan", ["CBDKH"], "các cơ quan, đơn vị có liên quan"),
    ("Cục Biến đổi khí hậu, các đơn vị có liên quan thuộc Bộ TN&MT.", ["CBDKH"], BTNMT_RELATED),
    ("Trung tâm Truyền thông TN&MT, Báo TN&MT, Tạp chí TN&MT", ["TTTT-TNMT", "BAO-TNMT", "TCH-TNMT"], ""),
    # The same parties in the prose part of the plan.
    ("Cục Chuyển đổi số và Thông tin dữ liệu tài nguyên môi trường", ["CCDS-TNMT"], ""),
    (
        "Viện Khoa học Khí tượng thủy văn và Biến đổi khí hậu; Viện Chiến lược, Chính sách tài nguyên và môi trường",
        ["VKTTV", "VCLCS-TNMT"],
        "",
    ),
    (
        "Trung tâm Truyền thông tài nguyên và môi trường, Báo Tài nguyên và Môi trường, "
        "Tạp chí Tài nguyên và Môi trường",
        ["TTTT-TNMT", "BAO-TNMT", "TCH-TNMT"],
        "",
    ),
    ("Cục Kiểm soát ô nhiễm môi trường, Vụ Môi trường", ["CKSONMT", "VMT-BTNMT"], ""),
    ("Vụ Hợp tác quốc tế, Vụ Pháp chế", ["?Vụ Hợp tác quốc tế", "VPC-BTNMT"], ""),
    ("các cơ quan, tổ chức có liên quan", [], "các cơ quan, tổ chức có liên quan"),
    ("các đơn vị truyền thông thuộc Bộ Tài nguyên và Môi trường", ["group:bao-chi-btnmt"], ""),
    (
        "Cục Biến đổi khí hậu, Cục Bảo tồn thiên nhiên và Đa dạng sinh học, cơ quan chuyên môn thuộc "
        "Bộ Nông nghiệp và Phát triển nông thôn và các địa phương có rừng",
        [
            "CBDKH",
            "CBTTN",
            "?cơ quan chuyên môn thuộc Bộ Nông nghiệp và Phát triển nông thôn",
            "?các địa phương có rừng",
        ],
        "",
    ),
    ("Vụ Kế hoạch - Tài chính", ["VKHTC-BTNMT"], ""),
]


@pytest.mark.parametrize(("clause", "expected", "unnamed"), BTNMT_CLAUSES)
def test_clauses_of_the_ministry_plan_name_their_parties(with_btnmt, clause, expected, unnamed):
    parties = with_btnmt.parse_parties(clause)

    assert refs(parties.parties) == expected
    assert parties.unnamed == unnamed


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("Sở Ngoại vụ", AgencyKind.DEPARTMENT),
        ("Ủy ban nhân dân huyện Mỏ Cày", AgencyKind.DISTRICT),
        ("UBND thành phố Mỹ Tho", AgencyKind.DISTRICT),
        ("UBND tỉnh Tiền Giang", AgencyKind.PROVINCE),
        ("Bộ Tài nguyên và Môi trường", AgencyKind.CENTRAL),
        ("Cục Thuế", AgencyKind.CENTRAL),
        ("Vụ Hợp tác quốc tế", AgencyKind.CENTRAL),
        ("Viện Nghiên cứu", AgencyKind.CENTRAL),
        ("Tổng cục Thống kê", AgencyKind.CENTRAL),
        ("các Bộ, ngành", AgencyKind.CENTRAL),
        ("Báo Nhân dân", AgencyKind.PRESS),
        ("Đài Truyền hình Việt Nam", AgencyKind.PRESS),
        ("Tạp chí Cộng sản", AgencyKind.PRESS),
        ("các cơ quan thông tấn, báo chí", AgencyKind.PRESS),
        ("Ban Dân vận Tỉnh ủy", AgencyKind.PARTY),
        ("Huyện ủy Ba Tri", AgencyKind.PARTY),
        ("Hội đồng nhân dân huyện", AgencyKind.COUNCIL),
        ("Liên đoàn Lao động tỉnh", AgencyKind.FRONT),
        ("Công an tỉnh", AgencyKind.OTHER),
        ("các địa phương có rừng", AgencyKind.OTHER),
    ],
)
def test_an_unknown_party_gets_a_kind_from_its_first_words(written, kind):
    assert suggest_kind(written) == kind


@pytest.mark.parametrize(
    ("written", "ref"),
    [
        ("Sở TT&TT", "STTTT"),
        ("  Sở Thông tin và Truyền thông ", "STTTT"),
        ("Ủy ban MTTQ Việt Nam tỉnh", "MTTQ"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "MTTQ"),
        ("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bến Tre", "MTTQ"),
        ("Các Sở, ban ngành tỉnh", "group:so-ban-nganh-tinh"),
        ("Tỉnh ủy", "TU"),
    ],
)
def test_one_party_written_whole_is_matched(bentre, written, ref):
    party = bentre.match_one(written)

    assert party.ref == ref and party.written == written.strip()


def test_one_unknown_party_is_flagged_with_a_kind(bentre):
    party = bentre.match_one("Sở Ngoại vụ")

    assert not party.matched and party.suggested_kind == AgencyKind.DEPARTMENT


def test_an_abbreviation_two_agencies_share_matches_neither():
    matcher = AgencyMatcher(
        [
            RegistryName("Sở Khoa học và Công nghệ", agency="SKHCN"),
            RegistryName("Sở Kinh tế và Hợp tác", agency="SKTHT"),
            RegistryName("Sở Kế hoạch và Công nghiệp", agency="SKHCNG"),
        ]
    )

    assert matcher.match_one("Sở Khoa học và Công nghệ").agency == "SKHCN"
    assert not matcher.match_one("Sở KH&CN").matched  # Khoa học/Công nghệ or Kế hoạch/Công nghiệp
    assert matcher.match_one("Sở KT&HT").agency == "SKTHT"
    ambiguous = matcher.parse_parties("Sở KH&CN và Sở KT&HT")
    assert refs(ambiguous.parties) == ["?Sở KH&CN", "SKTHT"]


def test_a_name_the_registry_writes_beats_an_abbreviation_of_another():
    matcher = AgencyMatcher(
        [
            RegistryName("Sở Khoa học và Công nghệ", agency="SKHCN"),
            RegistryName("Sở KH&CN", agency="OTHER"),
        ]
    )

    assert matcher.match_one("Sở KH&CN").agency == "OTHER"


@pytest.mark.django_db
def test_an_alias_an_administrator_adds_is_matched_next_time():
    call_command("load_seed_plan", stdout=io.StringIO())
    assert not AgencyMatcher.from_database().match_one("Sở TTTT-BT").matched

    AgencyAlias.objects.create(name="Sở TTTT-BT", agency=Agency.objects.get(code="STTTT"))

    matcher = AgencyMatcher.from_database()
    assert matcher.match_one("Sở TTTT-BT").agency == "STTTT"
    assert refs(matcher.parse_parties("Sở Nội vụ, Sở TTTT-BT").parties) == ["SNV", "STTTT"]


@pytest.mark.django_db
def test_reading_the_registry_takes_a_fixed_number_of_queries(django_assert_max_num_queries):
    call_command("load_seed_plan", stdout=io.StringIO())
    import_file(path=BTNMT_PLAN)

    with django_assert_max_num_queries(3):
        matcher = AgencyMatcher.from_database()

    assert matcher.match_one("Bộ TN&MT").agency == "BTNMT"
