"""Writes to drafts: new versions (never edits in place), workflow moves, comments and their dispositions."""

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from plenary.consultations.models import ContributionStatus, ReferenceSeries
from plenary.consultations.moderation import reference_allocate, reference_format, status_set
from plenary.core.services import event_record, upsert
from plenary.core.tokens import token_hash, token_new
from plenary.groups.models import WorkingGroup

from .models import (
    TRANSITIONS,
    Disposition,
    Draft,
    DraftStatus,
    DraftVersion,
    Paragraph,
    ParagraphComment,
    ParagraphKind,
    ParagraphTranslation,
    new_paragraph_key,
)
from .notices import comment_decision_tell, comment_disposition_tell, comment_receipt_tell, draft_citations_tell
from .permissions import can_edit_draft, can_moderate_comment, can_move_draft, can_translate_draft
from .selectors import translation_languages


@dataclass(frozen=True)
class ParagraphInput:
    """One block of the text as the editor sent it: `key` is blank for a new paragraph."""

    kind: str
    text: str
    key: str = ""


def draft_save(
    *, actor, group: WorkingGroup, slug: str, issues=None, findings=None, contributions=None, **values
) -> Draft:
    """Create or update a draft's title and summary (not its text, which only changes by a new version)."""
    with transaction.atomic():
        draft, _created = upsert(actor=actor, model=Draft, lookup={"group": group, "slug": slug}, values=values)
        if issues is not None and set(draft.issues.all()) != set(issues):
            draft.issues.set(issues)
            event_record(
                actor=actor, verb="issues_set", target=draft, changes={"issues": [None, sorted(map(str, issues))]}
            )
        if contributions is not None and set(draft.contributions.all()) != set(contributions):
            draft.contributions.set(contributions)
            event_record(
                actor=actor,
                verb="citations_set",
                target=draft,
                changes={"contributions": [None, sorted(c.reference for c in contributions)]},
            )
            draft_citations_tell(draft=draft)  # the senders are told once the draft is public (draft_move)
        if findings is not None and set(draft.findings.all()) != set(findings):
            draft.findings.set(findings)
            event_record(
                actor=actor, verb="findings_set", target=draft, changes={"findings": [None, sorted(map(str, findings))]}
            )
    return draft


def _numbered(blocks: list[ParagraphInput]) -> list[tuple[ParagraphInput, str]]:
    """Sections are numbered 1, 2...; paragraphs run on through the document (1, 2, 3...), as in UN reports."""
    section = paragraph = 0
    out = []
    for block in blocks:
        if block.kind == ParagraphKind.HEADING:
            section += 1
            out.append((block, str(section)))
        else:
            paragraph += 1
            out.append((block, str(paragraph)))
    return out


def draft_version_create(
    *,
    actor,
    draft: Draft,
    paragraphs: list[ParagraphInput],
    note: str = "",
    check_permission: bool = True,
    created_at: dt.datetime | None = None,
) -> DraftVersion:
    """Save the text as a new version. Members and the secretariat may, outside consultation and before final.

    Keys of earlier paragraphs are kept; a blank key makes a new paragraph; a key that the draft never had is
    refused (ValidationError). Raises PermissionDenied for anyone else. Records `version_saved`.
    """
    if check_permission and not can_edit_draft(actor, draft):
        raise PermissionDenied(_("You may not change this draft now."))
    blocks = [b for b in paragraphs if b.text.strip()]
    if not blocks:
        raise ValidationError(_("A version needs at least one paragraph."))
    with transaction.atomic():
        draft = Draft.objects.select_for_update().get(pk=draft.pk)
        known = set(Paragraph.objects.filter(version__draft=draft).values_list("key", flat=True))
        seen: set[str] = set()
        for block in blocks:
            if block.key and block.key not in known:
                raise ValidationError(_("Unknown paragraph key %(key)s.") % {"key": block.key})
            if block.key in seen:
                raise ValidationError(_("Paragraph key %(key)s is used twice.") % {"key": block.key})
            if block.key:
                seen.add(block.key)
        number = (draft.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = DraftVersion.objects.create(
            draft=draft,
            number=number,
            note=note,
            created_by=actor if getattr(actor, "is_authenticated", False) else None,
            created_at=created_at or timezone.now(),
            status_at_save=draft.status,
        )
        Paragraph.objects.bulk_create(
            Paragraph(
                version=version,
                key=block.key or new_paragraph_key(),
                order=order,
                kind=block.kind if block.kind in ParagraphKind.values else ParagraphKind.PARAGRAPH,
                number=label,
                text=block.text.strip(),
            )
            for order, (block, label) in enumerate(_numbered(blocks), 1)
        )
        _carry_translations(version)
        if draft.status != DraftStatus.INTERNAL and draft.first_public_version is None:
            draft.first_public_version = number
        # Saving the draft (not only its new rows) re-indexes its text for search in this same transaction.
        draft.save(update_fields=["first_public_version", "updated_at"])
        event_record(
            actor=actor,
            verb="version_saved",
            target=draft,
            changes={"version": [number - 1 or None, number]},
            note=note,
        )
    return version


def draft_move(
    *,
    actor,
    draft: Draft,
    to: str,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    note: str = "",
    check_permission: bool = True,
) -> Draft:
    """Move a draft one step (internal -> consultation -> revised -> final). The chair or the secretariat may.

    Going to consultation needs a window (opens_at < closes_at) and a saved version; the version current at that
    moment becomes public, with every later one. Raises PermissionDenied or ValidationError. Records `moved`.
    """
    with transaction.atomic():
        draft = Draft.objects.select_for_update().select_related("group").get(pk=draft.pk)
        if to not in TRANSITIONS[DraftStatus(draft.status)]:
            raise ValidationError(_("A draft cannot move from %(from)s to %(to)s.") % {"from": draft.status, "to": to})
        if check_permission and not can_move_draft(actor, draft, to):
            raise PermissionDenied(_("Only the chair or the secretariat may move a draft."))
        latest = draft.versions.aggregate(n=Max("number"))["n"]
        if latest is None:
            raise ValidationError(_("Save a first version before moving the draft."))
        before = {"status": draft.status}
        if to == DraftStatus.CONSULTATION:
            if opens_at is None or closes_at is None or opens_at >= closes_at:
                raise ValidationError(_("A consultation needs a window: it must close after it opens."))
            draft.consultation_opens_at = opens_at
            draft.consultation_closes_at = closes_at
            before["consultation_window"] = None
        if draft.first_public_version is None:
            draft.first_public_version = latest
        draft.status = to
        draft.save()
        changes = {"status": [before["status"], to]}
        if to == DraftStatus.CONSULTATION:
            changes["consultation_window"] = [None, f"{opens_at.isoformat()} / {closes_at.isoformat()}"]
        event_record(actor=actor, verb="moved", target=draft, changes=changes, note=note)
        draft_citations_tell(draft=draft)
    return draft


def _comment_reference(draft: Draft, year: int) -> str:
    """The comment's reference from the group's counter of the comments series (shared by all its drafts)."""
    series = ReferenceSeries.DRAFT_COMMENT
    sequence = reference_allocate(group=draft.group, series=series, year=year)
    return reference_format(group=draft.group, series=series, year=year, sequence=sequence)


def comment_submit(
    *,
    draft: Draft,
    paragraph_key: str,
    text: str,
    profile: dict,
    user=None,
    now: dt.datetime | None = None,
    is_illustrative: bool = False,
    status: str = ContributionStatus.RECEIVED,
    notify: bool = True,
) -> tuple[ParagraphComment, str]:
    """Anyone may comment on a paragraph of the current public version while the window is open.

    Returns the comment and its private token (shown once, on the receipt). Raises ValidationError outside the
    window or for a paragraph the current version does not hold. Records `submitted`; with `notify`, the receipt
    (reference, private link, the consent given) is e-mailed once it commits.
    """
    now = now or timezone.now()
    with transaction.atomic():
        draft = Draft.objects.select_for_update().select_related("group").get(pk=draft.pk)
        if not draft.consultation_is_open(now):
            raise ValidationError(consultation_closed_message(draft, now), code="closed")
        version = draft.versions.order_by("-number").first()
        paragraph = version.paragraphs.filter(key=paragraph_key).first() if version else None
        if paragraph is None:
            raise ValidationError(_("This paragraph is not in the version under consultation."), code="paragraph")
        token = token_new()
        comment = ParagraphComment.objects.create(
            draft=draft,
            version=version,
            paragraph_key=paragraph.key,
            paragraph_number=paragraph.number,
            reference=_comment_reference(draft, now.year),
            text=text.strip(),
            private_token_hash=token_hash(token),
            submitted_at=now,
            submitter_user=user if getattr(user, "is_authenticated", False) else None,
            is_illustrative=is_illustrative,
            status=status,
            published_at=now if status == ContributionStatus.PUBLISHED else None,
            **profile,
        )
        event_record(actor=user, verb="submitted", target=comment, group_slug=draft.group.slug)
        if notify:
            comment_receipt_tell(comment=comment, token=token)
    return comment, token


def consultation_closed_message(draft: Draft, now: dt.datetime) -> str:
    if draft.status != DraftStatus.CONSULTATION or draft.consultation_opens_at is None:
        return _("This draft is not open for comments: comments are taken only during its public consultation.")
    if now < draft.consultation_opens_at:
        return _("The consultation on this draft opens on %(date)s; comments are not taken before then.") % {
            "date": formats.date_format(timezone.localtime(draft.consultation_opens_at), "DATETIME_FORMAT")
        }
    return _("The consultation on this draft closed on %(date)s; comments are no longer taken.") % {
        "date": formats.date_format(timezone.localtime(draft.consultation_closes_at), "DATETIME_FORMAT")
    }


COMMENT_VERBS = {
    ContributionStatus.PUBLISHED: "published",
    ContributionStatus.REJECTED: "rejected",
    ContributionStatus.SPAM: "marked_spam",
}


def comment_moderate(*, actor, comment: ParagraphComment, status: str, reason: str = "") -> ParagraphComment:
    """Publish, reject (with a reason) or mark as spam, as contributions are moderated.

    The group's secretariat may: PermissionDenied otherwise. Records `published`, `rejected` or `marked_spam`
    with the status from -> to, under the comment's row lock.
    """
    if status not in COMMENT_VERBS:
        raise ValidationError(_("Unknown status."))
    if not can_moderate_comment(actor, comment.draft):
        raise PermissionDenied(_("Only the group's secretariat moderates comments."))
    if status == ContributionStatus.REJECTED and not reason.strip():
        raise ValidationError(_("Give the reason for rejecting it: the submitter is told."), code="reason_required")
    if comment.status == status and comment.status_reason == reason:
        return comment
    with transaction.atomic():
        comment = status_set(actor=actor, item=comment, status=status, verb=COMMENT_VERBS[status], reason=reason)
        comment_decision_tell(comment=comment)  # published, or not with the reason (spam is not told)
    return comment


def comment_dispose(
    *, actor, comment: ParagraphComment, disposition: str, reason: str, resulting_version: DraftVersion | None = None
) -> ParagraphComment:
    """Give a comment its disposition, with the reason and (where it led to one) the version that changed.

    The secretariat may (the view checks). The resulting version must be a later version of the same draft.
    Records `disposed` with from -> to, and e-mails the commenter the disposition, its reason and the link to
    what became of the comment (once per `disposed` event).
    """
    if disposition not in Disposition.values:
        raise ValidationError(_("Unknown disposition."))
    if resulting_version is not None and (
        resulting_version.draft_id != comment.draft_id or resulting_version.number <= comment.version.number
    ):
        raise ValidationError(_("The change must be in a later version of the same draft."))
    before = {
        "disposition": comment.disposition,
        "disposition_reason": comment.disposition_reason,
        "resulting_version": comment.resulting_version.number if comment.resulting_version else None,
    }
    after = {
        "disposition": disposition,
        "disposition_reason": reason,
        "resulting_version": resulting_version.number if resulting_version else None,
    }
    changes = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if not changes:
        return comment
    comment.disposition = disposition
    comment.disposition_reason = reason
    comment.resulting_version = resulting_version
    comment.disposed_at = timezone.now()
    comment.disposed_by = actor if getattr(actor, "is_authenticated", False) else None
    fields = ["disposition", "disposition_reason", "resulting_version", "disposed_at", "disposed_by", "updated_at"]
    with transaction.atomic():
        comment.save(update_fields=fields)  # only the disposition: a stale copy never undoes a moderation decision
        event = event_record(actor=actor, verb="disposed", target=comment, changes=changes)
        comment_disposition_tell(comment=comment, event_id=event.pk)
    return comment


def paragraph_translation_save(
    *, actor, draft: Draft, key: str, language: str, text: str, check_permission: bool = True
) -> ParagraphTranslation:
    """Store (or update) a paragraph of the latest version in another language, tied to that version's row.

    The secretariat may. Updating an out-of-date translation ties it to the current text, which clears it from
    the table of stale translations. Records `created` or `changed` on the translation.
    """
    if check_permission and not can_translate_draft(actor, draft):
        raise PermissionDenied(_("Only the secretariat may translate this draft."))
    if language not in translation_languages(draft):
        raise ValidationError(_("Choose one of the site's other languages."))
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("The translation is empty."))
    version = draft.versions.order_by("-number").first()
    source = Paragraph.objects.filter(version=version, key=key).first() if version else None
    if source is None:
        raise ValidationError(_("The latest version has no paragraph %(key)s.") % {"key": key})
    translation, _created = upsert(
        actor=actor,
        model=ParagraphTranslation,
        lookup={"draft": draft, "paragraph_key": key, "language": language},
        values={
            "text": text,
            "source": source,
            "translated_at": timezone.now(),
            "translated_by": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    return translation


def _carry_translations(version: DraftVersion) -> int:
    """Tie the translations of paragraphs whose text a new version left as it was to the new rows, so they stay
    current (and are read with the new version). Returns how many moved on."""
    moved = 0
    rows = {p.key: p for p in version.paragraphs.all()}
    for translation in ParagraphTranslation.objects.filter(draft_id=version.draft_id).select_related("source"):
        row = rows.get(translation.paragraph_key)
        if row is not None and translation.source_id != row.pk and translation.source.text == row.text:
            translation.source = row
            translation.save(update_fields=["source", "updated_at"])
            moved += 1
    return moved
