"""Start the analysis when contributions change, without the consultations app knowing about it.

Published, or leaving the public record after it was published (rejected, spam, withdrawn) -> queue a run for the
group and for the call (at most one queued per scope), so stored results follow the public record.
Received or its attachment's text extracted -> suggest issue tags for the moderation queue.
"""

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save

from plenary.consultations.models import Attachment, Contribution, ExtractionStatus

from .models import RunTrigger


def _on_contribution_saved(sender, instance: Contribution, created: bool, update_fields=None, **kwargs):
    if not settings.PLENARY_ANALYSIS_AUTOMATIC:
        return
    if update_fields is not None and set(update_fields) <= {"campaign", "suggested_tags", "suggestions_pending"}:
        return  # our own write-back
    if created:
        from .services import suggestions_request

        suggestions_request(contribution=instance)
    elif instance.published_at is not None and (update_fields is None or "status" in update_fields):
        from .services import analysis_request

        transaction.on_commit(
            lambda: [
                analysis_request(actor=None, group=instance.group, trigger=RunTrigger.PUBLISHED),
                analysis_request(actor=None, group=instance.group, call=instance.call, trigger=RunTrigger.PUBLISHED),
            ]
        )


def _on_attachment_saved(sender, instance: Attachment, created: bool, update_fields=None, **kwargs):
    if not settings.PLENARY_ANALYSIS_AUTOMATIC:
        return
    if instance.extraction_status == ExtractionStatus.DONE and (update_fields is None or "text" in update_fields):
        from .services import suggestions_request

        suggestions_request(contribution=instance.contribution)


def connect() -> None:
    post_save.connect(_on_contribution_saved, sender=Contribution, dispatch_uid="analysis-contribution")
    post_save.connect(_on_attachment_saved, sender=Attachment, dispatch_uid="analysis-attachment")
