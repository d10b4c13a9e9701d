"""Reading ids from query strings: only what the database can take as one."""

from __future__ import annotations

MAX_ID = 2**63 - 1  # the largest BigAutoField value; a larger number overflows the database driver


def plain_id(value: object) -> int | None:
    """The id in a query value, or None: ASCII digits only ("²" and "٣" pass isdigit()), within 64 bits."""
    text = str(value if value is not None else "")
    if not (text.isascii() and text.isdigit()):
        return None
    number = int(text)
    return number if number <= MAX_ID else None
