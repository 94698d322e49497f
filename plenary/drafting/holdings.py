"""What an account holds in the drafting: the personal data of its paragraph comments, removed when it is deleted
(registered with plenary.accounts.holdings), with the consultations' eraser since the profile is the same."""

from django.urls import reverse

from plenary.consultations.holdings import private_link_renew, profile_erase
from plenary.core import visibility

from .models import ParagraphComment


def comments_erase(user) -> int:
    ids = list(visibility.sent_by(ParagraphComment, user).values_list("pk", flat=True))
    return profile_erase(items=ParagraphComment.objects.filter(pk__in=ids))


def _comment_path(comment: ParagraphComment, token: str) -> str:
    return reverse("drafting:comment_receipt", kwargs={"group_slug": comment.draft.group.slug, "token": token})


def comment_link_renew(*, actor, pk: int) -> str:
    comment = ParagraphComment.objects.select_related("draft__group").get(pk=pk)
    return private_link_renew(actor=actor, item=comment, path_of=_comment_path)
