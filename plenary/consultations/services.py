"""Writes to calls, contributions and attachments. Each decision goes on the event trail.

Who may call what is said on each service; the moderation services check it themselves too, because the web
pages, the API and the back office all reach them.
"""

import base64
import datetime as dt
import hashlib
import logging
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import File
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from plenary.core.services import event_record, upsert
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue

from .extraction import ACCEPTED_TYPES, extract_text, sniff
from .language import detect_language
from .models import (
    Attachment,
    Call,
    Channel,
    Contribution,
    ContributionStatus,
    ExtractionStatus,
    ReferenceCounter,
)
from .permissions import can_moderate_contributions, can_withdraw_contribution
from .spam import link_cap_check

log = logging.getLogger(__name__)

PROFILE_FIELDS = (
    "submitter_name",
    "submitter_email",
    "organisation",
    "on_behalf_of",
    "stakeholder_group",
    "country",
    "publish_name",
)


def private_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Calls -------------------------------------------------------------------------------------------------------------


def call_save(*, actor, group: WorkingGroup, slug: str, scope: list[Issue] | None = None, **values: Any) -> Call:
    """Create or update a call. The secretariat may call it; `created`/`changed` go on the trail."""
    with transaction.atomic():
        call, _created = upsert(actor=actor, model=Call, lookup={"group": group, "slug": slug}, values=values)
        if scope is not None and set(call.scope.all()) != set(scope):
            before = sorted(i.slug for i in call.scope.all())
            call.scope.set(scope)
            event_record(
                actor=actor, verb="scope_set", target=call, changes={"scope": [before, sorted(i.slug for i in scope)]}
            )
    return call


def call_extend(*, actor, call: Call, closes_at: dt.datetime, reason: str) -> Call:
    """Move a call's deadline later, with a reason shown to the public. The secretariat may call it.

    Raises ValidationError when the call has closed already (a closed call is history: its deadline is part of
    the record and is not reopened; open a new call instead), when the new deadline is not later or no reason is
    given; records `extended`.
    """
    if call.state_at(timezone.now()) == "closed":
        raise ValidationError(
            _("This call closed on %(when)s UTC; a closed call is not reopened. Open a new call instead."),
            code="call_closed",
            params={"when": timezone.localtime(call.closes_at, dt.UTC).strftime("%Y-%m-%d %H:%M")},
        )
    if not reason.strip():
        raise ValidationError(_("Say why the call is extended."), code="reason_required")
    if closes_at <= call.closes_at:
        raise ValidationError(_("The new deadline must be later than the current one."), code="not_later")
    with transaction.atomic():
        before = call.closes_at
        if call.original_closes_at is None:
            call.original_closes_at = before
        call.closes_at = closes_at
        call.save(update_fields=["closes_at", "original_closes_at", "updated_at"])
        event_record(
            actor=actor,
            verb="extended",
            target=call,
            changes={"closes_at": [before.isoformat(), closes_at.isoformat()]},
            note=reason,
        )
    return call


# Submission --------------------------------------------------------------------------------------------------------


@dataclass
class CheckedFile:
    upload: Any
    name: str
    content_type: str
    size: int
    sha256: str


_UNSAFE_IN_NAMES = re.compile(r"[\x00-\x1f\x7f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def safe_file_name(name: str) -> str:
    """The name a file is shown and downloaded under: its last path segment (either slash), without control
    characters (which pages, exports and the saved download would carry) or direction overrides (which make
    "\u202egnp.exe" read as "exe.png"), at most 255 characters with its extension. Files are stored under a
    random name whatever this is."""
    name = _UNSAFE_IN_NAMES.sub("", re.split(r"[/\\]", name)[-1]).strip().strip(".").strip()
    if len(name) > 255:
        stem, dot, extension = name.rpartition(".")
        name = (stem[: 254 - len(extension)] + dot + extension) if dot and len(extension) <= 16 else name[:255]
    return name or "file"


def attachments_check(*, call: Call, files: list) -> list[CheckedFile]:
    """Sniff, measure and hash every file before anything is stored. Raises ValidationError naming the file."""
    if len(files) > call.max_attachments:
        raise ValidationError(
            _("At most %(count)d files may be attached."), code="too_many_files", params={"count": call.max_attachments}
        )
    checked = []
    for upload in files:
        name = safe_file_name(getattr(upload, "name", "") or "")
        size = upload.size
        if size > call.max_upload_bytes:
            raise ValidationError(
                _("“%(name)s” is %(size)s MB; the limit for this call is %(limit)d MB per file."),
                code="file_too_large",
                params={"name": name, "size": f"{size / 1048576:.1f}", "limit": call.max_upload_mb},
            )
        if size == 0:
            raise ValidationError(_("“%(name)s” is empty."), code="file_empty", params={"name": name})
        content_type = sniff(upload, name)
        if content_type is None:
            raise ValidationError(
                _("“%(name)s” is not a file type we accept. Accepted: %(types)s."),
                code="file_type",
                params={"name": name, "types": ", ".join(ACCEPTED_TYPES.values())},
            )
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        checked.append(CheckedFile(upload, name, content_type, size, digest.hexdigest()))
    return checked


def submission_check(*, call: Call, kind: str, title: str, text: str, files: list, now: dt.datetime | None = None):
    """Every refusal a submission can meet, before anything is stored. Raises ValidationError with a code."""
    now = now or timezone.now()
    state = call.state_at(now)
    if state != "open":
        if state == "upcoming":
            message = _("This call opens on %(when)s UTC; contributions cannot be sent before then.")
            when = call.opens_at
        else:
            message = _("This call closed on %(when)s UTC; contributions are no longer accepted.")
            when = call.closes_at
        raise ValidationError(
            message, code=f"call_{state}", params={"when": timezone.localtime(when, dt.UTC).strftime("%Y-%m-%d %H:%M")}
        )
    if kind not in (call.kinds or []):
        raise ValidationError(_("This call does not accept this kind of input."), code="kind_not_accepted")
    if not title.strip():
        raise ValidationError(_("Give your contribution a title."), code="title_required")
    if not text.strip() and not files:
        raise ValidationError(_("Write a text or attach at least one file."), code="empty")
    link_cap_check(title, text)
    return attachments_check(call=call, files=files)


def _reference_allocate(group: WorkingGroup, year: int) -> int:
    """The next sequence number for the group and year. Must run inside the submitting transaction.

    The UPDATE takes the counter row's lock (PostgreSQL) or the database's write lock (SQLite, whose transactions
    here begin IMMEDIATE), so two submissions never get the same number and a rolled-back one frees its number.
    """
    try:
        with transaction.atomic():
            ReferenceCounter.objects.get_or_create(group=group, year=year)
    except IntegrityError:  # another submission created the row first
        pass
    ReferenceCounter.objects.filter(group=group, year=year).update(last=F("last") + 1)
    return ReferenceCounter.objects.get(group=group, year=year).last


def contribution_submit(
    *,
    actor,
    call: Call,
    profile: dict[str, Any],
    kind: str,
    title: str,
    text: str = "",
    files: list | None = None,
    channel: str = Channel.FORM,
    issues: list[Issue] | None = None,
    now: dt.datetime | None = None,
    notify: bool = True,
    is_illustrative: bool = False,
    private_token: str | None = None,
) -> tuple[Contribution, str]:
    """Store a contribution with its attachments and return it with the private token for its private link.

    Anyone may call it while the call is open. Raises ValidationError (see `submission_check`) before storing
    anything. Everything is stored in one transaction: no receipt without a stored contribution. Records
    `submitted`; after the commit, the attachments are queued for text extraction and the receipt is e-mailed.
    """
    files = files or []
    now = now or timezone.now()
    checked = submission_check(call=call, kind=kind, title=title, text=text, files=files, now=now)
    token = private_token or Contribution.new_private_token()
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            year = now.year
            sequence = _reference_allocate(call.group, year)
            contribution = Contribution(
                group=call.group,
                call=call,
                reference=f"{call.group.reference_prefix}/C/{year}/{sequence:04d}",
                year=year,
                sequence=sequence,
                kind=kind,
                title=title.strip()[:300],
                text=text.strip(),
                language=detect_language(text),
                channel=channel,
                private_token_hash=private_token_hash(token),
                submitted_at=now,
                is_illustrative=is_illustrative,
                submitter_user=actor if getattr(actor, "is_authenticated", False) else None,
                **{name: profile.get(name) for name in PROFILE_FIELDS if name in profile},
            )
            contribution.full_clean(exclude=["private_token_hash", "submitter_user", "stakeholder_group"])
            contribution.save()
            if issues:
                contribution.issues.set(issues)
            for item in checked:
                attachment = Attachment(
                    contribution=contribution,
                    original_name=item.name,
                    content_type=item.content_type,
                    size=item.size,
                    sha256=item.sha256,
                )
                attachment.file.save("upload", File(item.upload), save=False)
                stored.append(attachment)
                attachment.save()
            event_record(
                actor=actor,
                verb="submitted",
                target=contribution,
                changes={"status": [None, ContributionStatus.RECEIVED]},
                note=str(Channel(channel).label),
            )
            transaction.on_commit(lambda: _after_submit(contribution, token, [a.pk for a in stored], notify))
    except BaseException:
        for attachment in stored:  # files are not transactional: remove what a failed transaction left behind
            attachment.file.delete(save=False)
        raise
    return contribution, token


# Idempotent submission ------------------------------------------------------------------------------------------
#
# A submission that carries an idempotency key (a hidden field issued with the form; the API's Idempotency-Key
# header) is stored once, however often it is sent: a retry after a lost answer, a double click, a client that
# resends after a timeout all get the receipt of the first. The private token is derived from the key (an HMAC
# with the site's secret), so the existing unique index on the token's hash is what makes a second copy
# impossible, on SQLite and PostgreSQL alike, and a retry can be given its private link again without the token
# ever being stored. The key is as secret as the private link it leads to.

IDEMPOTENCY_KEY = re.compile(r"[A-Za-z0-9._:~+/=-]{16,128}")


def idempotency_key_valid(key: str) -> bool:
    return bool(IDEMPOTENCY_KEY.fullmatch(key or ""))


def idempotency_key_new() -> str:
    return secrets.token_urlsafe(24)


def _token_for_key(call: Call, key: str) -> str:
    digest = salted_hmac("plenary.consultations.idempotency", f"{call.pk}:{key}", algorithm="sha256").digest()
    return base64.urlsafe_b64encode(digest[:24]).decode()


def _same_submission(contribution: Contribution, *, profile: dict, kind: str, title: str, text: str, files) -> bool:
    stored_files = sorted(contribution.attachments.values_list("sha256", flat=True))
    sent_files = []
    for upload in files:
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        sent_files.append(digest.hexdigest())
    return (
        contribution.kind == kind
        and contribution.title == title.strip()[:300]
        and contribution.text == text.strip()
        and contribution.submitter_email.lower() == str(profile.get("submitter_email") or "").lower()
        and stored_files == sorted(sent_files)
    )


def contribution_replayed(
    *, call: Call, idempotency_key: str, profile: dict, kind: str, title: str, text: str = "", files=None
) -> tuple[Contribution, str] | None:
    """The contribution already stored under this key, with its private token; None when there is none.

    Raises ValidationError (`idempotency_conflict`) when the key was used for a different submission, so a key
    never leads to what someone else sent.
    """
    token = _token_for_key(call, idempotency_key)
    existing = Contribution.objects.filter(call=call, private_token_hash=private_token_hash(token)).first()
    if existing is None:
        return None
    if not _same_submission(existing, profile=profile, kind=kind, title=title, text=text, files=files or []):
        raise ValidationError(
            _("This form was already used to send a different contribution. Send it again to make a new one."),
            code="idempotency_conflict",
        )
    return existing, token


def contribution_submit_once(*, idempotency_key: str, call: Call, **values: Any) -> tuple[Contribution, str, bool]:
    """`contribution_submit`, at most once per key and call: returns (contribution, token, replayed).

    A replay sends no second receipt and queues nothing. Raises what `contribution_submit` raises, and
    ValidationError (`idempotency_conflict`) for a key used with a different submission.
    """
    replay = {
        "profile": values["profile"],
        "kind": values["kind"],
        "title": values["title"],
        "text": values.get("text", ""),
        "files": values.get("files"),
    }
    found = contribution_replayed(call=call, idempotency_key=idempotency_key, **replay)
    if found is not None:
        return (*found, True)
    token = _token_for_key(call, idempotency_key)
    try:
        contribution, token = contribution_submit(call=call, private_token=token, **values)
    except IntegrityError:
        # The same key, sent twice at once: the other request stored it first (the unique token hash).
        found = contribution_replayed(call=call, idempotency_key=idempotency_key, **replay)
        if found is None:
            raise
        return (*found, True)
    return contribution, token, False


def _after_submit(contribution: Contribution, token: str, attachment_ids: list[int], notify: bool) -> None:
    from .tasks import attachment_extract_task

    for attachment_id in attachment_ids:
        attachment_extract_task.enqueue(attachment_id=attachment_id)
    if notify:
        receipt_send(contribution=contribution, token=token)


def private_path(contribution: Contribution, token: str) -> str:
    return reverse("consultations:private", kwargs={"group_slug": contribution.group.slug, "token": token})


def receipt_send(*, contribution: Contribution, token: str) -> None:
    """E-mail the reference number and the private link. A mail failure never loses the stored contribution."""
    from django.conf import settings

    link = settings.SITE_URL.rstrip("/") + private_path(contribution, token)
    body = _(
        "Thank you for your contribution to %(call)s.\n\n"
        "Reference number: %(reference)s\n"
        "Title: %(title)s\n\n"
        "The secretariat reviews every contribution before publishing it. "
        "With this private link you can view your contribution, and withdraw it while the call is open:\n%(link)s\n\n"
        "Keep this link to yourself: anyone who has it can withdraw your contribution."
    ) % {
        "call": contribution.call.title,
        "reference": contribution.reference,
        "title": contribution.title,
        "link": link,
    }
    try:
        send_mail(
            _("Your contribution %(reference)s") % {"reference": contribution.reference},
            body,
            None,
            [contribution.submitter_email],
        )
    except Exception:  # a mail server outage must not turn a stored contribution into an error page
        log.exception("receipt e-mail for %s failed", contribution.reference)


def contribution_withdraw(*, actor, contribution: Contribution, note: str = "") -> Contribution:
    """Withdraw a contribution by its private link, while its call is open. Raises PermissionDenied otherwise.

    Records `withdrawn`; a published contribution leaves every public list, feed, export and search.
    """
    if not can_withdraw_contribution(contribution):
        raise PermissionDenied(_("This contribution can no longer be withdrawn."))
    return _status_set(
        actor=actor, contribution=contribution, status=ContributionStatus.WITHDRAWN, verb="withdrawn", note=note
    )


# Moderation --------------------------------------------------------------------------------------------------------


def _moderator_check(actor, contribution: Contribution) -> None:
    if not can_moderate_contributions(actor, contribution.group):
        raise PermissionDenied(_("Only the group's secretariat moderates contributions."))


def _status_set(*, actor, contribution: Contribution, status: str, verb: str, reason: str = "", note: str = ""):
    with transaction.atomic():
        contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
        before = contribution.status
        contribution.status = status
        fields = ["status", "updated_at"]
        if status == ContributionStatus.PUBLISHED and contribution.published_at is None:
            contribution.published_at = timezone.now()
            fields.append("published_at")
        if verb in {"published", "rejected", "marked_spam"}:
            contribution.moderated_at = timezone.now()
            contribution.moderated_by = actor if getattr(actor, "is_authenticated", False) else None
            fields += ["moderated_at", "moderated_by"]
        if reason or status == ContributionStatus.PUBLISHED:
            contribution.status_reason = reason
            fields.append("status_reason")
        contribution.save(update_fields=fields)
        event_record(
            actor=actor, verb=verb, target=contribution, changes={"status": [before, status]}, note=reason or note
        )
    return contribution


def contribution_publish(*, actor, contribution: Contribution) -> Contribution:
    """Publish a contribution. The group's secretariat may call it; records `published`; the submitter is told."""
    _moderator_check(actor, contribution)
    contribution = _status_set(
        actor=actor, contribution=contribution, status=ContributionStatus.PUBLISHED, verb="published"
    )
    transaction.on_commit(lambda: _tell_submitter(contribution))
    return contribution


def contribution_reject(*, actor, contribution: Contribution, reason: str) -> Contribution:
    """Reject a contribution with a reason, which the submitter is told by e-mail. The secretariat may call it."""
    _moderator_check(actor, contribution)
    if not reason.strip():
        raise ValidationError(_("Give the reason for rejecting it: the submitter is told."), code="reason_required")
    contribution = _status_set(
        actor=actor, contribution=contribution, status=ContributionStatus.REJECTED, verb="rejected", reason=reason
    )
    transaction.on_commit(lambda: _tell_submitter(contribution))
    return contribution


def contribution_mark_spam(*, actor, contribution: Contribution) -> Contribution:
    """Mark as spam: hidden everywhere, nobody is told. The secretariat may call it; records `marked_spam`."""
    _moderator_check(actor, contribution)
    return _status_set(actor=actor, contribution=contribution, status=ContributionStatus.SPAM, verb="marked_spam")


def contribution_tags_set(*, actor, contribution: Contribution, issues: list[Issue]) -> Contribution:
    """Set the issue tags (people's, not the analysis' suggestions). The secretariat may call it; `tagged`."""
    _moderator_check(actor, contribution)
    with transaction.atomic():
        before = sorted(contribution.issues.values_list("slug", flat=True))
        after = sorted(issue.slug for issue in issues)
        if before != after:
            contribution.issues.set(issues)
            event_record(actor=actor, verb="tagged", target=contribution, changes={"issues": [before, after]})
    return contribution


BULK_ACTIONS = {"publish", "reject", "spam"}


def contribution_bulk_moderate(*, actor, contributions: list[Contribution], action: str, reason: str = "") -> int:
    """Apply one moderation decision to many contributions, all or none. Returns how many were changed."""
    if action not in BULK_ACTIONS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    with transaction.atomic():
        for contribution in contributions:
            if action == "publish":
                contribution_publish(actor=actor, contribution=contribution)
            elif action == "reject":
                contribution_reject(actor=actor, contribution=contribution, reason=reason)
            else:
                contribution_mark_spam(actor=actor, contribution=contribution)
    return len(contributions)


def _tell_submitter(contribution: Contribution) -> None:
    from django.conf import settings

    site = settings.SITE_URL.rstrip("/")
    if contribution.status == ContributionStatus.PUBLISHED:
        subject = _("Your contribution %(reference)s is published") % {"reference": contribution.reference}
        body = _("Your contribution “%(title)s” is now published at %(url)s") % {
            "title": contribution.title,
            "url": site + contribution.get_absolute_url(),
        }
    else:
        subject = _("Your contribution %(reference)s was not published") % {"reference": contribution.reference}
        body = _("The secretariat did not publish your contribution “%(title)s”, for this reason:\n\n%(reason)s") % {
            "title": contribution.title,
            "reason": contribution.status_reason,
        }
    try:
        send_mail(subject, body, None, [contribution.submitter_email])
    except Exception:
        log.exception("moderation e-mail for %s failed", contribution.reference)


# Extraction --------------------------------------------------------------------------------------------------------


def attachment_extract(*, attachment_id: int) -> str:
    """Read the text of one attachment (in a limited child process) and index it. Idempotent; the task calls it.

    Never raises for a bad file: the attachment's status says what happened. Records `extracted`.
    """
    attachment = Attachment.objects.select_related("contribution").filter(pk=attachment_id).first()
    if attachment is None:
        return "missing"
    if attachment.extraction_status != ExtractionStatus.PENDING:
        return attachment.extraction_status
    result = extract_text(attachment.file.path, attachment.content_type)
    with transaction.atomic():
        attachment.text = result.text.replace("\x00", "")
        attachment.pages = result.pages
        attachment.extraction_status = result.status
        attachment.extraction_detail = result.detail
        attachment.extracted_at = timezone.now()
        attachment.extraction_seconds = round(result.seconds, 3)
        attachment.save()
        contribution = attachment.contribution
        if not contribution.language and attachment.text:
            contribution.language = detect_language(attachment.text)
            contribution.save(update_fields=["language", "updated_at"])
        event_record(
            actor=None,
            verb="extracted",
            target=contribution,
            changes={"extraction": [ExtractionStatus.PENDING, result.status]},
            note=f"{attachment.original_name}: {result.detail}"[:500],
        )
    return result.status
