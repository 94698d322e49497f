"""The e-mails a commenter receives: the receipt, the secretariat's decision, the disposition, and the ones a
contributor receives when a public recommendation cites their contribution.

Each is one notice (plenary.notifications.notice_send): written with the event it tells of, once per event, sent
by the task worker, with links made from the configured site address.
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from plenary.consultations.models import ContributionStatus
from plenary.consultations.notices import (
    consent_line,
    contributions_cited_tell,
    my_input_line,
    told_in_their_language,
)
from plenary.core import visibility
from plenary.core.site import absolute_url
from plenary.notifications.models import NoticeKind
from plenary.notifications.services import notice_send

from .models import Draft, ParagraphComment


def comment_private_url(comment: ParagraphComment, token: str) -> str:
    return absolute_url(
        reverse("drafting:comment_receipt", kwargs={"group_slug": comment.draft.group.slug, "token": token})
    )


def _where(comment: ParagraphComment) -> str:
    return _("paragraph %(number)s of “%(draft)s” (version %(version)d)") % {
        "number": comment.paragraph_number,
        "draft": comment.draft.title,
        "version": comment.version.number,
    }


@told_in_their_language
def comment_receipt_tell(*, comment: ParagraphComment, token: str) -> bool:
    """The receipt: reference, private link and what will be published of the name (as for a contribution)."""
    body = _(
        "Thank you for your comment on %(where)s.\n\n"
        "Reference number: %(reference)s\n"
        "%(consent)s\n\n"
        "The secretariat reviews every comment before publishing it, then gives it a disposition (accepted, partly "
        "accepted, not accepted...) with a reason; you will be told by e-mail. With this private link you can "
        "follow your comment and what became of it:\n%(link)s\n\n"
        "Keep this link to yourself.%(mine)s"
    ) % {
        "where": _where(comment),
        "reference": comment.reference,
        "consent": consent_line(comment),
        "link": comment_private_url(comment, token),
        "mine": my_input_line(),
    }
    return notice_send(
        key=f"receipt:comment:{comment.pk}",
        kind=NoticeKind.RECEIPT,
        target=comment,
        to=comment.submitter_email,
        subject=_("Your comment %(reference)s") % {"reference": comment.reference},
        body=body,
    )


@told_in_their_language
def comment_decision_tell(*, comment: ParagraphComment) -> bool:
    """Published or not published (with the reason), as a contribution's submitter is told; spam is not told."""
    if comment.status == ContributionStatus.PUBLISHED:
        subject = _("Your comment %(reference)s is published") % {"reference": comment.reference}
        body = _("Your comment on %(where)s is now published with the draft's comments:\n%(url)s") % {
            "where": _where(comment),
            "url": absolute_url(comment.get_absolute_url()),
        }
    elif comment.status == ContributionStatus.REJECTED:
        subject = _("Your comment %(reference)s was not published") % {"reference": comment.reference}
        body = _("The secretariat did not publish your comment on %(where)s, for this reason:\n\n%(reason)s") % {
            "where": _where(comment),
            "reason": comment.status_reason,
        }
    else:
        return False
    return notice_send(
        key=f"decision:comment:{comment.pk}:{comment.status}",
        kind=NoticeKind.DECISION,
        target=comment,
        to=comment.submitter_email,
        subject=subject,
        body=body + my_input_line(),
    )


@told_in_their_language
def comment_disposition_tell(*, comment: ParagraphComment, event_id: int) -> bool:
    """The disposition, its reason and the link to what became of the comment (the changed paragraph, or the
    comment-response table). Once per `disposed` event: a changed disposition is a new event, told again."""
    if comment.status in {ContributionStatus.SPAM, ContributionStatus.WITHDRAWN}:
        return False
    if comment.resulting_version is not None:
        outcome = _("The paragraph as it reads in version %(version)d:\n%(url)s") % {
            "version": comment.resulting_version.number,
            "url": absolute_url(comment.resulting_version.get_absolute_url()) + f"#p-{comment.paragraph_key}",
        }
    else:
        outcome = _("Every comment on this draft and its disposition:\n%(url)s") % {
            "url": absolute_url(comment.get_absolute_url())
        }
    body = _(
        "The secretariat has given your comment %(reference)s on %(where)s its disposition: %(disposition)s.\n\n"
        "Reason: %(reason)s\n\n%(outcome)s%(mine)s"
    ) % {
        "reference": comment.reference,
        "where": _where(comment),
        "disposition": comment.get_disposition_display(),
        "reason": comment.disposition_reason,
        "outcome": outcome,
        "mine": my_input_line(),
    }
    return notice_send(
        key=f"disposition:comment:{comment.pk}:{event_id}",
        kind=NoticeKind.DISPOSITION,
        target=comment,
        to=comment.submitter_email,
        subject=_("What became of your comment %(reference)s") % {"reference": comment.reference},
        body=body,
    )


def draft_citations_tell(*, draft: Draft) -> int:
    """Tell the senders of the contributions a public draft cites; nothing while the draft is internal."""
    if not visibility.can_see(None, draft):
        return 0
    return contributions_cited_tell(
        contributions=draft.contributions.all(),
        key=f"cited:draft:{draft.pk}",
        what=lambda: _("the draft recommendations “%(title)s”") % {"title": draft.title},
        url=absolute_url(draft.get_absolute_url()),
    )


def contribution_drafts_tell(contribution) -> int:
    """The drafts that cite a contribution published after they did (registered with consultations.notices)."""
    return sum(draft_citations_tell(draft=draft) for draft in contribution.drafts.all())
