"""What an account holds in the consultations: the personal data of the input it sent, removed when it is deleted
(registered with plenary.accounts.holdings). Paragraph comments carry the same profile and use the same eraser."""

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from plenary.core import visibility
from plenary.core.mail import mail_send
from plenary.core.services import event_record
from plenary.core.site import absolute_url
from plenary.core.tokens import token_hash, token_new

from .models import Contribution, OnBehalfOf


def profile_erase(*, items: models.QuerySet) -> int:
    """Remove the sender's personal data from these pieces of input, keeping the published record.

    The e-mail and the link to the account always go; the name stays only where its publication was consented
    to; an organisation stays where it is public (written on its behalf, or with the name). Records `erased` on
    each item. Returns how many items changed.
    """
    changed = 0
    for item in items.select_for_update():
        item.submitter_email = ""
        item.submitter_user = None
        if not item.publish_name:
            item.submitter_name = ""
            if item.on_behalf_of != OnBehalfOf.ORGANISATION:
                item.organisation = ""
        # update(), not save(): the public record (and so the search index) does not change
        type(item).objects.filter(pk=item.pk).update(
            submitter_email="", submitter_user=None, submitter_name=item.submitter_name, organisation=item.organisation
        )
        event_record(actor=None, verb="erased", target=item, note="the sender deleted their account")
        changed += 1
    return changed


def contributions_erase(user) -> int:
    """The eraser of contributions: everything the account sent (by the account, or by its confirmed e-mail)."""
    ids = list(visibility.sent_by(Contribution, user).values_list("pk", flat=True))
    return profile_erase(items=Contribution.objects.filter(pk__in=ids))


def private_link_renew(*, actor, item: models.Model, path_of) -> str:
    """Give one piece of the actor's own input a new private link, e-mailed to the address it was sent from (the
    old link stops working: only its hash was stored, so it cannot be shown again). Its sender may call it, signed
    in (PermissionDenied otherwise). Records `changed` (no token on the trail). Returns the new token."""
    if not visibility.sent_by(type(item), actor).filter(pk=item.pk).exists():
        raise PermissionDenied(_("This is not input you sent."))
    token = token_new()
    with transaction.atomic():
        type(item).objects.filter(pk=item.pk).update(private_token_hash=token_hash(token))
        event_record(actor=actor, verb="changed", target=item, changes={"private_link": [None, "renewed"]})
        link = absolute_url(path_of(item, token))
        body = _(
            "As you asked, here is a new private link to %(reference)s (the one we sent before no longer works):\n"
            "%(link)s\n\nKeep this link to yourself."
        ) % {"reference": item.reference, "link": link}
        mail_send(
            subject=_("A new private link to %(reference)s") % {"reference": item.reference},
            body=body,
            to=[actor.email],
        )
    return token


def contribution_link_renew(*, actor, pk: int) -> str:
    from .services import private_path

    contribution = Contribution.objects.select_related("group").get(pk=pk)
    return private_link_renew(actor=actor, item=contribution, path_of=private_path)
