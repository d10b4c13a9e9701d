"""A workflow step run from a view: a refusal or a database failure becomes a message, never a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.contrib import messages
from django.db import DatabaseError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from reporting import services

logger = logging.getLogger(__name__)


def carried_out(request: HttpRequest, service: Callable[..., object], **arguments) -> bool:
    """Call one workflow service with `arguments`; on failure say why and return False.

    The services are atomic, so after a database error nothing was written and the same request
    can simply be made again.
    """
    try:
        service(**arguments)
    except services.ReportingError as error:
        messages.error(request, error.message)
        return False
    except DatabaseError:
        logger.exception("Report %s: %s not carried out, database error", arguments["report_id"], service.__name__)
        messages.error(
            request,
            _(
                "Chưa thực hiện được do sự cố cơ sở dữ liệu; không có thay đổi nào được ghi. "
                "Vui lòng thử lại sau ít phút."
            ),
        )
        return False
    return True
