"""E-mail goes out from the task worker, never from the request that caused it: a slow or absent mail server
cannot slow a submission down or turn a stored contribution into an error page."""

import logging

from django.core.mail import EmailMessage
from django.db import transaction
from django.tasks import task

log = logging.getLogger(__name__)


@task
def mail_task(*, subject: str, body: str, to: list[str], headers: dict | None = None) -> int:
    try:
        return EmailMessage(subject, body, None, to, headers=headers or None).send()
    except Exception:  # the worker logs it; the input it was about is stored whatever happens here
        log.exception("e-mail %r to %d recipient(s) failed", subject, len(to))
        return 0


def mail_send(*, subject: str, body: str, to: list[str], headers: dict | None = None) -> None:
    """Queue an e-mail for after the current transaction commits (so nothing is sent about rolled-back input)."""
    if to:
        transaction.on_commit(
            lambda: mail_task.enqueue(subject=str(subject), body=str(body), to=list(to), headers=headers or {})
        )
