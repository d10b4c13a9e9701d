"""How a party's name compares: words casefolded with old and new tone placement equal, and the phrases
documents abbreviate ("Ủy ban nhân dân" = "UBND") as one key. Used to match names against the registry.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

WORD_OR_MARK = re.compile(r"\w+|[^\w\s]")
# Grave, acute, tilde, hook above, dot below: the tone marks whose placement changed (hoá/hóa, uỷ/ủy).
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


def canonical_word(word: str) -> str:
    """Casefold, and move the tone mark to the end so old and new tone placement compare equal."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    tones = "".join(char for char in decomposed if char in TONE_MARKS)
    letters = "".join(char for char in decomposed if char not in TONE_MARKS)
    return unicodedata.normalize("NFC", letters) + tones


@dataclass(frozen=True)
class Token:
    key: str  # canonical form; several words when a phrase was abbreviated ("ubnd")
    start: int  # character offsets in the text, so fragments are quoted verbatim
    end: int
    capitalised: bool

    @property
    def is_mark(self) -> bool:
        return not self.key[0].isalnum() and self.key != "&"


def raw_tokens(text: str) -> list[Token]:
    return [
        Token(canonical_word(found.group()), found.start(), found.end(), found.group()[0].isupper())
        for found in WORD_OR_MARK.finditer(text)
    ]


# Spelled-out phrases and the abbreviations documents use for them: both compare as the abbreviation.
# "tất cả cơ quan, đơn vị, địa phương" addresses the same set as "các cơ quan, đơn vị, địa phương".
PHRASES = sorted(
    (
        (tuple(token.key for token in raw_tokens(phrase)), canonical_word(short))
        for phrase, short in (
            ("Ủy ban nhân dân", "UBND"),
            ("Hội đồng nhân dân", "HĐND"),
            ("Mặt trận Tổ quốc", "MTTQ"),
            # One collective: "UBND các tỉnh, thành phố trực thuộc trung ương" is not "UBND tỉnh" and a city.
            ("tỉnh, thành phố trực thuộc trung ương", "tỉnh, thành phố trực thuộc trung ương"),
            ("thành phố", "TP"),
            ("tất cả các", "các"),
            ("tất cả", "các"),
        )
    ),
    key=lambda pair: -len(pair[0]),
)


def tokenize(text: str) -> list[Token]:
    tokens = raw_tokens(text)
    result: list[Token] = []
    index = 0
    while index < len(tokens):
        for words, short in PHRASES:
            if tuple(token.key for token in tokens[index : index + len(words)]) == words:
                first, last = tokens[index], tokens[index + len(words) - 1]
                result.append(Token(short, first.start, last.end, first.capitalised))
                index += len(words)
                break
        else:
            result.append(tokens[index])
            index += 1
    return result


def name_key(text: str) -> tuple[str, ...]:
    tokens = tokenize(unicodedata.normalize("NFC", text))
    first, last = 0, len(tokens)
    while first < last and tokens[first].is_mark:
        first += 1
    while last > first and tokens[last - 1].is_mark:
        last -= 1
    return tuple(token.key for token in tokens[first:last])


def name_keys(*phrases: str) -> frozenset[tuple[str, ...]]:
    return frozenset(name_key(phrase) for phrase in phrases)
