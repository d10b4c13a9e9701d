"""Match the parties a plan document names against the registry: agencies, groups and their aliases.

Documents write one agency many ways ("Sở Thông tin và Truyền thông", "Sở TT&TT", "Uỷ ban nhân dân"
with the old tone placement), and a clause names several parties whose own names hold commas and
"và" ("Sở Văn hóa, Thể thao và Du lịch"). So a clause is never split on commas first: known names
are found on a normalised form, leftmost-longest, and only the text left between them is split.
What is left is either a generic phrase of unnamed parties ("các cơ quan, đơn vị liên quan"), kept
verbatim, or an unknown party, flagged with a suggested kind; it is never guessed to an agency.

The matching itself works on plain data (RegistryName), so its rules are table-tested without a
database; `AgencyMatcher.from_database()` is the one place that reads the registry.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from agencies.models import Agency, AgencyAlias, AgencyGroup, AgencyKind
from tasks.plan_import.name_keys import Token, canonical_word, name_key, name_keys, tokenize
from tasks.plan_import.proposal import PartyList, PartyMatch


@dataclass(frozen=True)
class RegistryName:
    """One way of writing one agency (its code) or one group (its code)."""

    text: str
    agency: str = ""
    group: str = ""


Target = tuple[str, str]  # (agency code, group code)

_CONNECTORS = frozenset(map(canonical_word, (",", ";", "và", "với", "cùng")))
_SEMICOLON = ";"
_JOINING = frozenset(map(canonical_word, (",", "và")))  # may sit inside one unknown name or list
_PLURAL = frozenset(map(canonical_word, ("các", "những")))
_OWN_KIND_STARTS = name_keys("cơ quan")
_WITH, _REGARDING = canonical_word("với"), canonical_word("đối")
_GENERIC_STARTS = name_keys("các", "những", "cơ quan", "đơn vị")
_RELATED = name_key("liên quan")
# Lower-case nouns of bodies and people, which start a party of their own after a known name.
_INSTITUTION_NOUNS = name_keys(
    "viện", "trường", "trung tâm", "hội", "nhà", "người", "chuyên gia", "cá nhân", "hộ", "tổ", "cộng đồng",
    "lực lượng", "đoàn thể", "tập đoàn", "công ty", "ngân hàng", "quỹ", "báo", "đài", "ủy ban", "ubnd",
)  # fmt: skip
# Verbs that follow a party: "Ủy ban nhân dân tỉnh, chỉ đạo các cơ quan …" is a party and what it does.
_VERBS = name_keys(
    "chỉ đạo", "tổ chức", "triển khai", "thực hiện", "phối hợp", "chủ trì", "hướng dẫn", "tham mưu", "báo cáo",
    "theo dõi", "kiểm tra", "xây dựng", "rà soát", "đôn đốc", "tổng hợp", "trình", "ban hành",
)  # fmt: skip
# First words of a new party, so a capitalised word after "và" or "," that is not one of these
# continues an unknown name ("Bộ Nông nghiệp và Phát triển nông thôn").
_PARTY_STARTS = name_keys(
    "Sở", "Bộ", "Ban", "Cục", "Tổng cục", "Chi cục", "Vụ", "Viện", "Học viện", "Trường", "Đại học",
    "Trung tâm", "Báo", "Đài", "Tạp chí", "Văn phòng", "Thanh tra", "Ủy ban", "UBND", "HĐND",
    "Hội đồng", "MTTQ", "Tỉnh ủy", "Huyện ủy", "Thành ủy", "Đảng ủy", "Tỉnh đoàn", "Đoàn", "Hội",
    "Liên đoàn", "Liên minh", "Công an", "Bộ Chỉ huy", "Kho bạc", "Ngân hàng", "Bảo hiểm", "Phòng",
    "Chính phủ", "Thủ tướng", "Quốc hội", "Tòa án", "Công ty", "Tổng công ty", "Tập đoàn",
    "Thông tấn xã", "Kiểm toán", "Viện Kiểm sát", "Bộ Tư lệnh", "Quân khu", "Bộ đội", "Hải quan",
    "Thuế", "Thống kê", "BQL", "Chi nhánh", "Điện lực", "Quỹ",
)  # fmt: skip


def _starts_with(keys: Sequence[str], starts: Iterable[tuple[str, ...]]) -> bool:
    return any(tuple(keys[: len(start)]) == start for start in starts)


def _contains(keys: Sequence[str], phrase: tuple[str, ...]) -> bool:
    size = len(phrase)
    return any(tuple(keys[index : index + size]) == phrase for index in range(len(keys) - size + 1))


# --- Variants derived from a registry name ---------------------------------------------------

_ABBREVIATED_PREFIXES = (
    "Tổng cục", "Trung tâm", "Tạp chí", "Học viện", "Văn phòng", "Sở", "Bộ", "Ban", "Cục", "Báo",
    "Viện", "Vụ", "Đài",
)  # fmt: skip


def _without_province(text: str) -> str:
    """'Thanh tra tỉnh Bến Tre' -> 'Thanh tra tỉnh': inside its own province a document drops the name."""
    words = text.split()
    for index in range(len(words) - 2, 0, -1):
        if canonical_word(words[index]) == canonical_word("tỉnh"):
            place = words[index + 1 :]
            return " ".join(words[: index + 1]) if all(word[0].isupper() for word in place) else ""
    return ""


def _initial(word: str) -> str:
    return "Đ" if word[0] in "đĐ" else unicodedata.normalize("NFD", word[0])[0].upper()


def _initials(words: Sequence[str]) -> str:
    """'Lao động - Thương binh' -> 'LĐ-TB'; commas are dropped."""
    parts = (part for word in words for part in re.findall(r"\w+|-", word))
    return "".join(part if part == "-" else _initial(part) for part in parts)


def _abbreviations(text: str) -> set[str]:
    """'Sở Thông tin và Truyền thông' -> 'Sở TT&TT', 'Sở TTTT'; and with only the tail before 'và'
    abbreviated: 'Trung tâm Truyền thông tài nguyên và môi trường' -> 'Trung tâm Truyền thông TN&MT'."""
    words = text.split()
    prefix = next((p for p in _ABBREVIATED_PREFIXES if name_key(" ".join(words[: len(p.split())])) == name_key(p)), "")
    rest = words[len(prefix.split()) :] if prefix else []
    joins = [index for index, word in enumerate(rest) if canonical_word(word) == canonical_word("và")]
    if not joins or joins[-1] == 0 or joins[-1] == len(rest) - 1:
        return set()
    before, after = rest[: joins[-1]], _initials(rest[joins[-1] + 1 :])
    heads = [(prefix, before)]
    if len(before) > 2:
        heads.append((f"{prefix} {' '.join(before[:-2])}", before[-2:]))
    variants = set()
    for head, tail in heads:
        variants.add(f"{head} {_initials(tail)}&{after}")
        variants.add(f"{head} {_initials(tail).replace('-', '')}{after}")
    return variants


def _derived_texts(text: str) -> set[str]:
    texts = {text}
    if stripped := _without_province(text):
        texts.add(stripped)
    for base in list(texts):
        texts |= _abbreviations(base)
    return texts - {text}


# --- Kinds suggested for unknown parties -----------------------------------------------------

_KIND_BY_START = [
    (name_keys(*starts), kind)
    for starts, kind in (
        (("UBND tỉnh", "UBND các tỉnh"), AgencyKind.PROVINCE),
        (("UBND",), AgencyKind.DISTRICT),
        (("HĐND",), AgencyKind.COUNCIL),
        (
            ("Ủy ban MTTQ", "MTTQ", "Liên đoàn", "Tỉnh đoàn", "Hội Liên hiệp", "Hội Nông dân", "Hội Cựu"),
            AgencyKind.FRONT,
        ),
        (("Tỉnh ủy", "Huyện ủy", "Thành ủy", "Đảng ủy"), AgencyKind.PARTY),
        (("Báo", "Đài", "Tạp chí", "Trung tâm Truyền thông", "cơ quan thông tấn"), AgencyKind.PRESS),
        (("Bộ", "Cục", "Tổng cục", "Vụ", "Viện", "Học viện", "Chính phủ"), AgencyKind.CENTRAL),
        (("Sở", "Ban", "Chi cục", "Thanh tra", "Văn phòng"), AgencyKind.DEPARTMENT),
    )
]
_PARTY_COMMITTEES = name_keys("Tỉnh ủy", "Huyện ủy", "Thành ủy", "Trung ương")
# Who a plan addresses as a collective ("Các chủ đầu tư ...", "các doanh nghiệp ..."): nouns of actors,
# so "Các giải pháp về chính sách" is not taken for one.
_ACTOR_NOUNS = name_keys(
    "sở", "bộ", "ban", "ngành", "cơ quan", "đơn vị", "địa phương", "chủ đầu tư", "nhà đầu tư", "doanh nghiệp",
    "tổ chức", "hội", "xã", "phường", "huyện", "tỉnh", "cơ sở", "trường", "hợp tác xã", "UBND", "HĐND",
    "chính quyền", "phòng", "cấp", "lực lượng", "Cục", "Chi cục", "Trung tâm", "Thủ trưởng", "Giám đốc", "Chủ tịch",
    # Party bodies and the places below a commune: "các chi bộ, đảng bộ cơ sở", "các thôn, tổ dân phố".
    "chi bộ", "đảng bộ", "cấp ủy", "cấp uỷ", "tổ chức đảng", "thôn", "tổ dân phố", "khu phố", "đoàn thể",
)  # fmt: skip
_ACTOR_STARTS = _PARTY_STARTS | name_keys(
    "Chủ đầu tư", "Cơ sở", "Doanh nghiệp", "Chính quyền", "Lực lượng", "Thủ trưởng", "Giám đốc", "Chủ tịch", "Thuế",
    "Bộ đội", "Hải quan", "Quỹ", "Hợp tác xã", "Nhà đầu tư", "Cơ quan", "Đơn vị", "Ông", "Bà", "Đồng chí",
    # Positions: work is given to a person by office ("Phó Giám đốc Sở - Nguyễn Văn A", "Trưởng phòng X").
    "Chi bộ", "Đảng bộ", "Cấp ủy", "Cấp uỷ", "Thôn", "Tổ dân phố", "Khu phố",
    "Phó Giám đốc", "Phó Chủ tịch", "Trưởng phòng", "Phó Trưởng phòng", "Chánh Văn phòng", "Phó Chánh Văn phòng",
    "Trưởng ban", "Phó Trưởng ban", "Trưởng đoàn", "Phó Trưởng đoàn", "Chánh Thanh tra", "Bộ trưởng", "Thứ trưởng",
    "Cục trưởng", "Vụ trưởng", "Viện trưởng", "Hiệu trưởng", "Bí thư", "Phó Bí thư", "Chỉ huy trưởng",
    # A commune gives work to its officials: "Công chức Văn hóa - Xã hội", "Trưởng thôn", "Trưởng Công an xã".
    "Công chức", "Cán bộ", "Trưởng thôn", "Trưởng ấp", "Trưởng bản", "Tổ trưởng", "Trưởng Công an", "Trưởng các",
)  # fmt: skip


# Words that begin like a body ("Ban", "Bộ", "Hội", "Phòng") but are verbs or things.
_WORDS_NOT_ACTORS = name_keys(
    "Ban hành", "Phòng chống", "Phòng, chống", "Phòng ngừa", "Hội nghị", "Hội thảo", "Hội thi", "Bộ máy",
    "Bộ phận", "Bộ tiêu chí", "Bộ chỉ số", "Đoàn kết", "Vụ việc", "Trường hợp", "Đài thọ",
)  # fmt: skip


def names_an_actor(written: str) -> bool:
    """Whether words the registry does not know read as the name of someone who can be given work:
    "Sở Nông nghiệp và Môi trường", "UBND cấp xã", "Các chủ đầu tư dự án ...", not "Về chính sách"."""
    keys = list(name_key(written))
    if keys and keys[0] in _PLURAL:  # "Các sở", not "Những trường hợp đặc biệt"
        return _starts_with(keys[1:], _ACTOR_NOUNS) and not _starts_with(keys[1:], _WORDS_NOT_ACTORS)
    # Words that open with an action ("Báo cáo kết quả Hội nghị", a heading of work) name no one.
    not_actor = _WORDS_NOT_ACTORS | _VERBS
    return _starts_with(keys, _ACTOR_STARTS) and not _starts_with(keys, not_actor)


def suggest_kind(written: str) -> str:
    """An AgencyKind for creating the party a document names but the registry does not know."""
    keys = list(name_key(written))
    while keys and keys[0] in _PLURAL:
        keys.pop(0)
    if keys[:1] == list(name_key("Ban")) and any(_contains(keys, committee) for committee in _PARTY_COMMITTEES):
        return AgencyKind.PARTY  # "Ban Dân vận Tỉnh ủy"; a Ban of the UBND is a department
    if _contains(keys, name_key("báo chí")):
        return AgencyKind.PRESS
    return next((kind for starts, kind in _KIND_BY_START if _starts_with(keys, starts)), AgencyKind.OTHER)


# --- Clause structure ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A known name found in the clause: tokens [first, last); target None when it is ambiguous."""

    first: int
    last: int
    target: Target | None


@dataclass
class _Piece:
    """Tokens between two connectors that lie outside known names."""

    first: int
    last: int
    connector: str  # the connector before it; "" for the first piece
    names: list[_Span]

    @property
    def is_one_name(self) -> bool:
        return len(self.names) == 1 and (self.names[0].first, self.names[0].last) == (self.first, self.last)


@dataclass
class _Item:
    """One party of the result: a known name, an unknown party, or a generic unnamed phrase."""

    pieces: list[_Piece] = field(default_factory=list)
    unnamed: bool = False

    @property
    def first(self) -> int:
        return self.pieces[0].first

    @property
    def last(self) -> int:
        return self.pieces[-1].last

    @property
    def connector(self) -> str:
        return self.pieces[0].connector

    @property
    def is_name(self) -> bool:
        return len(self.pieces) == 1 and self.pieces[0].is_one_name


def _trimmed(tokens: list[Token], piece: _Piece) -> _Piece:
    """Drop stray marks and a trailing "(...)" at the edges of a piece, never inside a known name."""
    first, last = piece.first, piece.last
    floor = piece.names[-1].last if piece.names else first
    ceiling = piece.names[0].first if piece.names else last
    while last > floor:
        if tokens[last - 1].key == ")":
            opening = next((i for i in range(last - 2, floor - 1, -1) if tokens[i].key == "("), None)
            if opening is not None:
                last = opening
                continue
        if not tokens[last - 1].is_mark:
            break
        last -= 1
    while first < min(ceiling, last) and tokens[first].is_mark:
        first += 1
    return _Piece(first, last, piece.connector, piece.names)


def _pieces(tokens: list[Token], spans: list[_Span]) -> list[_Piece]:
    starting = {span.first: span for span in spans}
    pieces: list[_Piece] = []
    connector = ""
    current = _Piece(0, 0, "", [])
    index = 0
    while index <= len(tokens):
        span = starting.get(index)
        if span is not None:
            current.names.append(span)
            index = span.last
            continue
        if index == len(tokens) or _is_connector(tokens, index):
            current.last = index
            piece = _trimmed(tokens, current)
            if piece.first < piece.last:
                pieces.append(piece)
                connector = ""
            if index < len(tokens):
                # A connector run such as ", và" keeps the strongest separator.
                connector = _SEMICOLON if _SEMICOLON in (connector, tokens[index].key) else tokens[index].key
            current = _Piece(index + 1, index + 1, connector, [])
        index += 1
    return pieces


def _is_connector(tokens: list[Token], index: int) -> bool:
    """ "với" joins parties, but not in "đối với" ("Sở Y tế đối với địa phương": one party, qualified)."""
    key = tokens[index].key
    if key == _WITH and index > 0 and tokens[index - 1].key == _REGARDING:
        return False
    return key in _CONNECTORS


def _continues(tokens: list[Token], item: _Item, piece: _Piece) -> bool:
    """Whether an unmatched piece belongs to the unknown text before it rather than being a new party."""
    if item.unnamed or piece.is_one_name or piece.connector not in _JOINING:
        return False
    keys = [token.key for token in tokens[piece.first : piece.last]]
    if _starts_with([token.key for token in tokens[item.first : item.last]], _FRONT_PARTY) and _starts_with(
        keys, _MASS_ORGANISATIONS
    ):
        return True  # "Đảng ủy Mặt trận Tổ quốc, các đoàn thể tỉnh": one Party committee, named so since 2025
    if item.is_name:
        # A known name that is only the start of the written one: "Cơ sở khám bệnh, chữa bệnh" when the
        # registry knows "Cơ sở khám bệnh"; lower-case words after the comma that name no actor go on it.
        return (
            piece.connector != canonical_word("và")
            and not piece.names
            and len(keys) <= 3
            and not tokens[piece.first].capitalised
            and keys[0] not in _PLURAL
            and not _starts_with(keys, _ACTOR_NOUNS | _GENERIC_STARTS | _INSTITUTION_NOUNS | _VERBS)
            and not _mentions_related(tokens, _Item([piece]))
        )
    if keys[0] in _PLURAL:
        return False
    if tokens[piece.first].capitalised:
        # "Bộ Nông nghiệp và Phát triển nông thôn": a name holding "và", unknown to the registry.
        # A post after a comma is someone else: "Các đ/c Phó Chủ tịch, Trưởng đoàn thể xã".
        in_name = any(token.capitalised for token in tokens[item.first : item.last])
        new_party = _PARTY_STARTS | (_ACTOR_STARTS if piece.connector == canonical_word(",") else frozenset())
        return in_name and not _starts_with(keys, new_party)
    # "các Bộ, ngành", "UBND các tỉnh, thành phố trực thuộc trung ương": a plural list goes on, but a body
    # of another kind named in full starts a new party ("Các bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ").
    if any(token.key in _PLURAL for token in tokens[item.first : item.last]):
        # Nor do investors and firms go on a list of state bodies: "các Sở, ban ngành, nhà đầu tư thứ cấp".
        return not (_starts_with(keys, _OWN_KIND_STARTS) and len(keys) > 2) and not _starts_with(keys, _PRIVATE)
    # "Cơ sở khám bệnh, chữa bệnh", "Bộ Khoa học và công nghệ": lower-case words after a comma or "và"
    # that name no actor go on an unknown name; so do a few such words after a name written in lower case
    # ("cơ sở khám bệnh, chữa bệnh" in a table cell), but not a verb saying what it does.
    first_keys = [token.key for token in tokens[item.first : item.last]]
    return (
        piece.connector in _JOINING
        and (tokens[item.first].capitalised or (len(keys) <= 3 and _starts_with(first_keys, _ACTOR_NOUNS)))
        and not _is_generic(tokens, item)
        and not _starts_with(keys, _ACTOR_NOUNS | _GENERIC_STARTS | _INSTITUTION_NOUNS | _VERBS)
        and not _mentions_related(tokens, _Item([piece]))
    )


_PRIVATE = name_keys("nhà đầu tư", "chủ đầu tư", "doanh nghiệp")
_FRONT_PARTY = name_keys("Đảng ủy Mặt trận", "Đảng ủy MTTQ", "Đảng bộ Mặt trận", "Đảng bộ MTTQ")
_MASS_ORGANISATIONS = name_keys("các đoàn thể")


def _items(tokens: list[Token], pieces: list[_Piece]) -> list[_Item]:
    items: list[_Item] = []
    for piece in pieces:
        if items and (_continues(tokens, items[-1], piece) or _shares_level(tokens, items[-1], piece)):
            items[-1].pieces.append(piece)
        else:
            items.append(_Item([piece]))
    return items


_AT_ALL_LEVELS = name_key("các cấp")


def _shares_level(tokens: list[Token], item: _Item, piece: _Piece) -> bool:
    """ "Mặt trận Tổ quốc Việt Nam và Hội Cựu chiến binh các cấp": "các cấp" after two bodies the registry does
    not know qualifies both, which the plan names as one party (both, at every level)."""
    keys = tuple(token.key for token in tokens[piece.first : piece.last])
    return (
        piece.connector == canonical_word("và")
        and keys[-len(_AT_ALL_LEVELS) :] == _AT_ALL_LEVELS
        and not piece.names
        and not any(part.names for part in item.pieces)
        and not item.unnamed
        and tokens[item.first].capitalised
    )


def _is_generic(tokens: list[Token], item: _Item) -> bool:
    return _starts_with([token.key for token in tokens[item.first : item.first + 2]], _GENERIC_STARTS)


def _is_common_noun(tokens: list[Token], item: _Item) -> bool:
    """Lower-case words naming no one in particular ("tổ chức", "doanh nghiệp"), not a proper name."""
    return not item.is_name and not tokens[item.first].capitalised


_BARE_KINDS = name_keys("Bộ", "Sở", "Ban", "Ngành", "Cục", "Vụ", "Viện")


def _is_bare_kind(tokens: list[Token], item: _Item) -> bool:
    """A kind of body with no name after it ("Bộ", "Sở"): a word of a generic list, not a party."""
    return not item.is_name and tuple(token.key for token in tokens[item.first : item.last]) in _BARE_KINDS


def _mentions_related(tokens: list[Token], item: _Item) -> bool:
    return _contains([token.key for token in tokens[item.first : item.last]], _RELATED)


def _with_unnamed(tokens: list[Token], items: list[_Item]) -> list[_Item]:
    """Mark the generic phrases of unnamed parties, with any names inside them (not parties).

    A phrase is a run of unmatched items that ends with one saying "liên quan" and starts with
    "các", "những", "cơ quan" or "đơn vị": "các đơn vị có liên quan thuộc Bộ TN&MT", and "Các đơn
    vị thuộc các Bộ quản lý lĩnh vực, các tổ chức quốc tế, ..., Trường Đại học có liên quan".
    """
    result: list[_Item] = []
    for item in items:
        if item.is_name or not _mentions_related(tokens, item):
            result.append(item)
            continue
        run = [item]
        while (
            result
            and run[0].connector != _SEMICOLON
            and not (result[-1].is_name or result[-1].unnamed)
            and (
                _is_generic(tokens, result[-1])
                or _is_common_noun(tokens, result[-1])
                or _is_bare_kind(tokens, result[-1])
            )
        ):
            run.insert(0, result.pop())
        # "cơ quan, tổ chức và doanh nghiệp liên quan": common nouns listed up to "liên quan" are one phrase;
        # so is a bare kind of body before them ("Bộ, ngành, cơ quan, đơn vị có liên quan").
        if _is_generic(tokens, run[0]) or (
            len(run) > 1 and (_is_common_noun(tokens, run[0]) or _is_bare_kind(tokens, run[0]))
        ):
            result.append(_Item([piece for part in run for piece in part.pieces], unnamed=True))
        else:
            result.extend(run)
    return result


# --- The matcher -----------------------------------------------------------------------------


def registry_names() -> list[RegistryName]:
    """Every way the registry writes an agency or a group: names, short names, aliases (3 queries)."""
    names = []
    for code, name, short_name in Agency.objects.values_list("code", "name", "short_name"):
        names.append(RegistryName(name, agency=code))
        if short_name:
            names.append(RegistryName(short_name, agency=code))
    names += [RegistryName(name, group=code) for code, name in AgencyGroup.objects.values_list("code", "name")]
    aliases = AgencyAlias.objects.values_list("name", "agency__code", "group__code")
    names += [RegistryName(name, agency=agency or "", group=group or "") for name, agency, group in aliases]
    return names


class AgencyMatcher:
    """Finds registry names in the text of a plan; built once per document."""

    def __init__(self, names: Iterable[RegistryName]) -> None:
        written: dict[tuple[str, ...], set[Target]] = defaultdict(set)
        derived: dict[tuple[str, ...], set[Target]] = defaultdict(set)
        for name in names:
            target = (name.agency, name.group)
            if not any(target):
                continue
            written[name_key(name.text)].add(target)
            for text in _derived_texts(name.text):
                derived[name_key(text)].add(target)
        # A name as the registry writes it beats a derived variant; a key naming two targets
        # stays in the index, so the words are still recognised, but resolves to nobody.
        targets = {**derived, **written}
        self._index: dict[tuple[str, ...], Target | None] = {
            key: next(iter(found)) if len(found) == 1 else None for key, found in targets.items() if key
        }
        self._longest = max(map(len, self._index), default=0)

    @classmethod
    def from_database(cls) -> AgencyMatcher:
        return cls(registry_names())

    def match_one(self, written: str) -> PartyMatch:
        """One party written whole ("Sở TT&TT"): matched, or unknown with a suggested kind."""
        written = written.strip()
        target = self._index.get(name_key(written))
        return self._party(written, target)

    def canonical(self, written: str) -> str:
        """One identity per party however written: its registry reference, else its normalised words."""
        party = self.match_one(written)
        return party.ref or " ".join(key for key in name_key(written) if key[0].isalnum() or key == "&")

    def parse_parties(self, text: str) -> PartyList:
        """All parties of a clause ("Sở Nội vụ, Ban Tổ chức Tỉnh ủy và các cơ quan, đơn vị liên quan")."""
        text = unicodedata.normalize("NFC", text)
        tokens = tokenize(text)
        items = _with_unnamed(tokens, _items(tokens, _pieces(tokens, self._scan(tokens))))
        parties: list[PartyMatch] = []
        unnamed: list[str] = []
        seen: set[object] = set()
        for item in items:
            written = text[tokens[item.first].start : tokens[item.last - 1].end]
            if item.unnamed:
                if written not in unnamed:
                    unnamed.append(written)
                continue
            party = self._party(written, item.pieces[0].names[0].target if item.is_name else None)
            identity = party.ref or name_key(written)
            if identity not in seen:
                seen.add(identity)
                parties.append(party)
        return PartyList(parties=parties, unnamed=", ".join(unnamed))

    def _scan(self, tokens: list[Token]) -> list[_Span]:
        """Known names, leftmost-longest and non-overlapping."""
        spans = []
        index = 0
        while index < len(tokens):
            for size in range(min(self._longest, len(tokens) - index), 0, -1):
                key = tuple(token.key for token in tokens[index : index + size])
                if key in self._index:
                    spans.append(_Span(index, index + size, self._index[key]))
                    index += size
                    break
            else:
                index += 1
        return spans

    @staticmethod
    def _party(written: str, target: Target | None) -> PartyMatch:
        if target is None:
            return PartyMatch(written=written, suggested_kind=suggest_kind(written))
        agency, group = target
        return PartyMatch(written=written, agency=agency, group=group)
