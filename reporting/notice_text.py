"""A notification's words, kept as what they were made from so each reader sees them in their language.

The stored subject and body are Vietnamese, as emails go out and documents are written; the
portal shows the same message in the reader's language from the message ids and their values.
"""

from __future__ import annotations

from django.utils.translation import gettext

from reporting.periods import display_period_label


def message(subject_id: str, body_ids: list[str], /, **params) -> dict:
    """Message ids (marked with gettext_noop where written) and their values, as stored with a notification."""
    return {"subject": subject_id, "body": body_ids, "params": params}


def period_params(period) -> dict:
    """A period as a message names it: its stored label, and what names it in another language."""
    return {
        "period": period.label,
        "period_kind": period.kind,
        "period_year": period.year,
        "period_seq": period.sequence,
    }


def render(stored: dict) -> tuple[str, str]:
    """Subject and body in the active language."""
    params = dict(stored["params"])
    if "period_kind" in params:
        params["period"] = display_period_label(
            params["period"], params.pop("period_kind"), params.pop("period_year"), params.pop("period_seq")
        )
    # One line: a name with a line break (an agency typed so) must not break the e-mail's headers.
    subject = " ".join((gettext(stored["subject"]) % params).split())
    body = "\n".join(gettext(line) % params for line in stored["body"])
    return subject, body
