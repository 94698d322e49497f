"""The e-mails a contributor receives: the receipt, the secretariat's decision, and a word when a finding or a
recommendation cites their contribution. Paragraph comments (plenary.drafting.notices) use the same lines.

Each is one notice (plenary.notifications.notice_send): once per event, on the trail, sent by the task worker,
with links made from the configured site address.
"""

import functools
from collections.abc import Callable

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from plenary.core import visibility
from plenary.core.site import absolute_url
from plenary.notifications.models import NoticeKind
from plenary.notifications.services import notice_send

from .models import Contribution, ContributionStatus, SubmitterProfile

# The apps that cite contributions (assessment, drafting) register how to tell a contribution's sender of the
# citations already public when it is published later; consultations imports none of them.
_CITERS: list = []


def in_their_language(item: SubmitterProfile | None):
    """The sender's language, for an e-mail about their input: the one they wrote in, not the actor's."""
    language = getattr(item, "mail_language", "") or settings.LANGUAGE_CODE
    return translation.override(language if translation.check_for_language(language) else settings.LANGUAGE_CODE)


def told_in_their_language(tell):
    """A `*_tell(contribution=...)` or `*_tell(comment=...)` whose e-mail is written in that sender's language."""

    @functools.wraps(tell)
    def wrapper(*args, **kwargs):
        with in_their_language(kwargs.get("contribution") or kwargs.get("comment")):
            return tell(*args, **kwargs)

    return wrapper


def register_citer(citer) -> None:
    """`citer(contribution)` tells the sender of every public citation of it (once each: the notices' keys)."""
    if citer not in _CITERS:
        _CITERS.append(citer)


def consent_line(item: SubmitterProfile) -> str:
    """What the sender agreed to publish of their name, in the words of the form."""
    if item.publish_name:
        return _("You agreed to publish your name: your input is shown as “%(author)s”.") % {
            "author": item.public_author
        }
    return _("You chose not to publish your name: your input is shown as “%(author)s”.") % {
        "author": item.public_author
    }


def my_input_line() -> str:
    """Where an account holder finds everything they sent."""
    return "\n\n" + _(
        "With an account under this e-mail address (once it is confirmed), everything you sent is listed at:\n%(url)s"
    ) % {"url": absolute_url(reverse("accounts:mine"))}


@told_in_their_language
def contribution_receipt_tell(*, contribution: Contribution, link: str) -> bool:
    body = _(
        "Thank you for your contribution to %(call)s.\n\n"
        "Reference number: %(reference)s\n"
        "Title: %(title)s\n"
        "%(consent)s\n\n"
        "The secretariat reviews every contribution before publishing it. "
        "With this private link you can view your contribution, and withdraw it while the call is open:\n%(link)s\n\n"
        "Keep this link to yourself: anyone who has it can withdraw your contribution.%(mine)s"
    ) % {
        "call": contribution.call.title,
        "reference": contribution.reference,
        "title": contribution.title,
        "consent": consent_line(contribution),
        "link": link,
        "mine": my_input_line(),
    }
    return notice_send(
        key=f"receipt:contribution:{contribution.pk}",
        kind=NoticeKind.RECEIPT,
        target=contribution,
        to=contribution.submitter_email,
        subject=_("Your contribution %(reference)s") % {"reference": contribution.reference},
        body=body,
    )


@told_in_their_language
def contribution_decision_tell(*, contribution: Contribution) -> bool:
    """Published, or not published with the reason; once per decision (spam and withdrawals are not told)."""
    if contribution.status == ContributionStatus.PUBLISHED:
        subject = _("Your contribution %(reference)s is published") % {"reference": contribution.reference}
        body = _("Your contribution “%(title)s” is now published at %(url)s") % {
            "title": contribution.title,
            "url": absolute_url(contribution.get_absolute_url()),
        }
    elif contribution.status == ContributionStatus.REJECTED:
        subject = _("Your contribution %(reference)s was not published") % {"reference": contribution.reference}
        body = _("The secretariat did not publish your contribution “%(title)s”, for this reason:\n\n%(reason)s") % {
            "title": contribution.title,
            "reason": contribution.status_reason,
        }
    else:
        return False
    if contribution.status == ContributionStatus.PUBLISHED:
        for citer in _CITERS:  # cited before it was published: told now that the citation is public
            citer(contribution)
    return notice_send(
        key=f"decision:contribution:{contribution.pk}:{contribution.status}",
        kind=NoticeKind.DECISION,
        target=contribution,
        to=contribution.submitter_email,
        subject=subject,
        body=body + my_input_line(),
    )


def contributions_cited_tell(
    *, contributions: QuerySet[Contribution], key: str, what: Callable[[], str], url: str
) -> int:
    """Tell the sender of each published contribution that `what()` (a finding, a recommendation) now cites it.

    The caller says when the citation is public (a released assessment, a public draft). `key` names the citing
    item: each contribution is told once per citing item, however often it is saved. `what` is asked in each
    sender's language. Returns how many were told.
    """
    told = 0
    for contribution in visibility.public(Contribution, contributions).select_related("group"):
        with in_their_language(contribution):
            told += _cited_tell(contribution, key=key, what=what(), url=url)
    return told


def _cited_tell(contribution: Contribution, *, key: str, what: str, url: str) -> bool:
    body = _(
        "Your contribution %(reference)s “%(title)s” is now cited by %(what)s:\n%(url)s\n\n"
        "Your contribution: %(own)s%(mine)s"
    ) % {
        "reference": contribution.reference,
        "title": contribution.title,
        "what": what,
        "url": url,
        "own": absolute_url(contribution.get_absolute_url()),
        "mine": my_input_line(),
    }
    return notice_send(
        key=f"{key}:contribution:{contribution.pk}",
        kind=NoticeKind.CITED,
        target=contribution,
        to=contribution.submitter_email,
        subject=_("Your contribution %(reference)s is cited") % {"reference": contribution.reference},
        body=body,
    )
