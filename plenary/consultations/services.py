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
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from plenary.core.regions import region_of
from plenary.core.services import event_record, upsert
from plenary.core.site import absolute_url, site_url
from plenary.core.tokens import token_hash, token_new
from plenary.groups.models import WorkingGroup
from plenary.issues.models import Issue

from .extraction import ACCEPTED_TYPES, extract_text, sniff
from .language import detect_language
from .models import (
    Attachment,
    Call,
    Channel,
    Contribution,
    ContributionKind,
    ContributionStatus,
    ExtractionStatus,
    Question,
    ReferenceSeries,
)
from .moderation import reference_allocate, reference_format, status_set
from .permissions import can_manage_calls, can_moderate_contributions, can_withdraw_contribution
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


MAX_ANSWER_CHARS = 20_000


def call_questions_set(*, actor, call: Call, questions: list[dict]) -> list[Question]:
    """Give a call its questionnaire: [{"key", "kind", "label", "help_text", "required", "choices"}] in order.

    The secretariat (or the system, actor None) may. Validated by the analysis engine's own reading of a
    questionnaire, so the form, the import and the analysis accept the same questions. Questions whose key is
    kept stay the same rows (their answers keep their meaning); records `changed` with the keys from -> to.
    """
    from insight.questionnaire import QuestionError, questions_from_dicts

    if actor is not None and not can_manage_calls(actor, call.group):
        raise PermissionDenied(_("Only the group's secretariat writes a call's questionnaire."))
    try:
        questions_from_dicts([{"id": q.get("key"), **q} for q in questions])
    except QuestionError as error:
        raise ValidationError(str(error), code="questionnaire") from error
    with transaction.atomic():
        before = list(call.questions.values_list("key", flat=True))
        kept = []
        for order, spec in enumerate(questions):
            values = {
                "order": order,
                "kind": spec["kind"],
                "label": spec["label"],
                "help_text": spec.get("help_text", ""),
                "required": bool(spec.get("required", False)),
                "choices": [
                    {"id": str(c["id"]), "label": str(c.get("label", c["id"])), "stance": c.get("stance")}
                    for c in spec.get("choices") or []
                ],
            }
            question, _created = Question.objects.update_or_create(call=call, key=spec["key"], defaults=values)
            kept.append(question)
        call.questions.exclude(pk__in=[q.pk for q in kept]).delete()
        after = [q.key for q in kept]
        if before != after:
            event_record(actor=actor, verb="changed", target=call, changes={"questionnaire": [before, after]})
    return kept


def answers_check(*, call: Call, answers: dict | None) -> dict:
    """The answers to a call's questions, cleaned: a choice id, a list of them, or a text, by question key.

    Raises ValidationError (with the question named) for an unknown question, a choice the question does not
    offer, several choices to a one-choice question or a missing required answer. Returns what is stored.
    """
    answers = dict(answers or {})
    questions = {q.key: q for q in call.questions.all()}
    unknown = sorted(set(answers) - set(questions))
    if unknown:
        raise ValidationError(
            _("This call asks no question %(keys)s.") % {"keys": ", ".join(unknown)}, code="unknown_question"
        )
    cleaned: dict = {}
    for key, question in questions.items():
        value = answers.get(key)
        if isinstance(value, str):
            value = value.strip()
        if question.kind == "open":
            if value and not isinstance(value, str):
                raise ValidationError(_("“%(q)s” takes a text.") % {"q": question.label}, code="answer_invalid")
            if value and len(value) > MAX_ANSWER_CHARS:
                raise ValidationError(_("“%(q)s”: the answer is too long.") % {"q": question.label}, code="answer_long")
        elif value:
            values = value if isinstance(value, list) else [value]
            offered = {c["id"] for c in question.choices}
            if any(str(v) not in offered for v in values):
                raise ValidationError(
                    _("“%(q)s” offers no such choice.") % {"q": question.label}, code="answer_invalid"
                )
            if question.kind == "single" and len(values) > 1:
                raise ValidationError(_("“%(q)s” takes one choice.") % {"q": question.label}, code="answer_invalid")
            value = [str(v) for v in values] if question.kind == "multiple" else str(values[0])
        if not value:
            if question.required:
                raise ValidationError(_("“%(q)s” needs an answer.") % {"q": question.label}, code="answer_required")
            continue
        cleaned[key] = value
    return cleaned


def submission_check(
    *,
    call: Call,
    kind: str,
    title: str,
    text: str,
    files: list,
    now: dt.datetime | None = None,
    answers: dict | None = None,
):
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
    if not text.strip() and not files and not answers:
        if call.questions.exists():
            raise ValidationError(_("Write a text, answer the questions or attach at least one file."), code="empty")
        raise ValidationError(_("Write a text or attach at least one file."), code="empty")
    link_cap_check(title, " ".join([text, *(v for v in (answers or {}).values() if isinstance(v, str))]))
    return attachments_check(call=call, files=files)


def attachment_store(*, contribution: Contribution, checked: CheckedFile, extract: bool = True) -> Attachment:
    """Store one checked file with its contribution (random name, sniffed type, SHA-256) and, after the commit,
    queue its text extraction. Part of a submission's or an import's transaction; the file goes if it rolls back."""
    from .tasks import attachment_extract_task

    attachment = Attachment(
        contribution=contribution,
        original_name=checked.name,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
    )
    attachment.file.save("upload", File(checked.upload), save=False)
    try:
        attachment.save()
    except BaseException:
        attachment.file.delete(save=False)
        raise
    if extract:
        transaction.on_commit(lambda: attachment_extract_task.enqueue(attachment_id=attachment.pk))
    return attachment


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
    answers: dict | None = None,
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
    answers = answers_check(call=call, answers=answers)
    checked = submission_check(call=call, kind=kind, title=title, text=text, files=files, now=now, answers=answers)
    token = private_token or token_new()
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            year = now.year
            series = ReferenceSeries.CONTRIBUTION
            sequence = reference_allocate(group=call.group, series=series, year=year)
            contribution = Contribution(
                group=call.group,
                call=call,
                reference=reference_format(group=call.group, series=series, year=year, sequence=sequence),
                year=year,
                sequence=sequence,
                kind=kind,
                title=title.strip()[:300],
                text=text.strip(),
                answers=answers,
                language=detect_language(" ".join([text, *(v for v in answers.values() if isinstance(v, str))])),
                channel=channel,
                private_token_hash=token_hash(token),
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
                stored.append(attachment_store(contribution=contribution, checked=item, extract=False))
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


IMPORT_BATCH = 2000


def contributions_import(
    *, actor, call: Call, rows: list[dict], status: str = ContributionStatus.PUBLISHED, batch_size: int = IMPORT_BATCH
) -> list[Contribution]:
    """Bring many contributions into a call at once: a consultation run elsewhere, or a benchmark's corpus.

    Each row holds the profile fields, `kind`, `title`, `text`, `submitted_at` and optionally `language`,
    `issues` (Issue objects) and `external_reference` (its id where it was first received). The secretariat (or
    the system, actor None) may call it. A row whose external reference the call already holds is skipped, so an
    import can be run again. Reference numbers are taken in blocks from the counter; each batch is one
    transaction that stores the rows, their tags, a `submitted` event each (`published` too when imported
    published), their search entries and the counts of the public record. No e-mail is sent. Returns what it
    stored.
    """
    from plenary.core.bulk import insert_many, insert_rows
    from plenary.core.models import Event, EventVerb
    from plenary.core.search import index_objects
    from plenary.core.visibility import viewer_of

    from .tallies import tallies_add

    if actor is not None and not can_moderate_contributions(actor, call.group):
        raise PermissionDenied(_("Only the group's secretariat imports contributions."))
    if status not in {ContributionStatus.RECEIVED, ContributionStatus.PUBLISHED}:
        raise ValidationError(_("Imported input is received or published."), code="status")
    known = set(
        Contribution.objects.filter(call=call)
        .exclude(external_reference="")
        .values_list("external_reference", flat=True)
    )
    rows = [r for r in rows if not r.get("external_reference") or r["external_reference"] not in known]
    stored: list[Contribution] = []
    content_type = None
    authenticated = viewer_of(actor).user_id is not None
    for start in range(0, len(rows), batch_size):
        batch = rows[start : start + batch_size]
        with transaction.atomic():
            by_year: dict[int, list[dict]] = {}
            for row in batch:
                by_year.setdefault((row.get("submitted_at") or timezone.now()).year, []).append(row)
            created: list[Contribution] = []
            for year, items in sorted(by_year.items()):
                series = ReferenceSeries.CONTRIBUTION
                last = reference_allocate(group=call.group, series=series, year=year, count=len(items))
                for offset, row in enumerate(items):
                    sequence = last - len(items) + 1 + offset
                    submitted = row.get("submitted_at") or timezone.now()
                    contribution = Contribution(
                        group=call.group,
                        call=call,
                        reference=reference_format(group=call.group, series=series, year=year, sequence=sequence),
                        year=year,
                        sequence=sequence,
                        kind=row.get("kind") or ContributionKind.CONTRIBUTION,
                        title=(row.get("title") or "").strip()[:300] or _("Untitled"),
                        text=(row.get("text") or "").strip(),
                        answers=row.get("answers") or {},
                        language=row.get("language") or detect_language(row.get("text") or ""),
                        channel=Channel.IMPORT,
                        external_reference=(row.get("external_reference") or "")[:200],
                        private_token_hash=token_hash(token_new()),
                        submitted_at=submitted,
                        status=status,
                        published_at=submitted if status == ContributionStatus.PUBLISHED else None,
                        **{name: row.get(name) for name in PROFILE_FIELDS if name in row},
                    )
                    contribution.country = (contribution.country or "").upper()
                    contribution.region = region_of(contribution.country)
                    created.append(contribution)
                    contribution._import_issues = row.get("issues") or []
            # One COPY (PostgreSQL) or executemany (SQLite) per table: Django's bulk_create spent more time building
            # its statements than the database spent storing the rows.
            insert_many(Contribution, created)
            through = Contribution.issues.through
            pairs = [(c.pk, i.pk) for c in created for i in c._import_issues]
            insert_rows(through, ["contribution", "issue"], pairs)
            if content_type is None:
                from django.contrib.contenttypes.models import ContentType

                content_type = ContentType.objects.get_for_model(Contribution)
            label = actor.get_username() if authenticated else "system"
            note, now = str(Channel.IMPORT.label), timezone.now()
            names = ["created_at", "actor", "actor_label", "verb", "target_type", "target_id", "target_label"]
            names += ["group_slug", "changes", "note"]
            insert_rows(
                Event,
                names,
                [
                    (
                        now,
                        actor.pk if authenticated else None,
                        label,
                        verb,
                        content_type.pk,
                        str(c.pk),
                        str(c)[:300],
                        call.group.slug,
                        {"status": [None, c.status]} if verb == EventVerb.SUBMITTED else {},
                        note,
                    )
                    for c in created
                    for verb in ([EventVerb.SUBMITTED] + ([EventVerb.PUBLISHED] if c.published_at else []))
                ],
            )
            for contribution in created:  # new: no attachment yet, so the search entry need not ask for them
                none = Attachment.objects.none()
                none._result_cache, none._prefetch_done = [], True
                contribution._prefetched_objects_cache = {"attachments": none}
            index_objects(Contribution, created)
            tallies_add(Contribution.objects.filter(pk__in=[c.pk for c in created]))
        stored += created
    return stored


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


def _same_submission(
    contribution: Contribution, *, profile: dict, kind: str, title: str, text: str, files, answers=None
) -> bool:
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
        and (contribution.answers or {}) == _answers_or_none(contribution.call, answers)
    )


def _answers_or_none(call: Call, answers) -> dict | None:
    try:
        return answers_check(call=call, answers=answers)
    except ValidationError:
        return None


def contribution_replayed(
    *,
    call: Call,
    idempotency_key: str,
    profile: dict,
    kind: str,
    title: str,
    text: str = "",
    files=None,
    answers: dict | None = None,
) -> tuple[Contribution, str] | None:
    """The contribution already stored under this key, with its private token; None when there is none.

    Raises ValidationError (`idempotency_conflict`) when the key was used for a different submission, so a key
    never leads to what someone else sent.
    """
    token = _token_for_key(call, idempotency_key)
    existing = Contribution.objects.filter(call=call, private_token_hash=token_hash(token)).first()
    if existing is None:
        return None
    if not _same_submission(
        existing, profile=profile, kind=kind, title=title, text=text, files=files or [], answers=answers
    ):
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
        "answers": values.get("answers"),
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
    """E-mail the reference number, the private link and the consent given (once: plenary.consultations.notices).
    A mail failure never loses the stored contribution."""
    from .notices import contribution_receipt_tell

    contribution_receipt_tell(contribution=contribution, link=absolute_url(private_path(contribution, token)))


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
    return status_set(actor=actor, item=contribution, status=status, verb=verb, reason=reason, note=note)


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


def contribution_decide(
    *, actor, contribution: Contribution, action: str, reason: str = "", issues: list[Issue] | None = None
) -> Contribution:
    """The moderation form's one step: the issue tags and the decision together, all or none.

    The secretariat may (PermissionDenied otherwise); a rejection needs a reason (ValidationError). Where the
    analysis suggested tags and the tags change, records `suggestions_accepted` (the suggestions ticked were
    kept as they were) or `suggestions_overridden` (the tags differ from them), beside `tagged`; then the
    decision's own event. `action` "" keeps the status.
    """
    _moderator_check(actor, contribution)
    if action and action not in BULK_ACTIONS:
        raise ValidationError(_("Unknown action."), code="unknown_action")
    with transaction.atomic():
        if issues is not None:
            before = set(contribution.issues.values_list("slug", flat=True))
            chosen = sorted(issue.slug for issue in issues)
            contribution_tags_set(actor=actor, contribution=contribution, issues=issues)
            suggested = [t["issue"] for t in contribution.suggested_tags or [] if t.get("issue")]
            if suggested and set(chosen) != before:
                kept = set(chosen) <= set(suggested)
                event_record(
                    actor=actor,
                    verb="suggestions_accepted" if kept else "suggestions_overridden",
                    target=contribution,
                    changes={"suggested": [contribution.suggested_tags, chosen]},
                )
        if action:
            contribution_bulk_moderate(actor=actor, contributions=[contribution], action=action, reason=reason)
    contribution.refresh_from_db()
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
    from .notices import contribution_decision_tell

    contribution_decision_tell(contribution=contribution)


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


# Bulk downloads ----------------------------------------------------------------------------------------------------


def record_export_build(*, group: WorkingGroup) -> list:
    """Write the group's whole public record as CSV and JSON Lines files, with their SHA-256; replace the last ones.

    The system (a task, nightly or on demand) calls it. Streams from a server-side cursor into the files, so memory
    stays flat at any size. Records nothing on the trail: the files are the public record, rebuilt.
    """
    import tempfile

    from django.core.files import File as DjangoFile

    from .exports import csv_lines, jsonl_lines, public_records
    from .models import ExportFormat, RecordExport
    from .selectors import contribution_list

    site = site_url()
    made = []
    for fmt, render in [(ExportFormat.CSV, csv_lines), (ExportFormat.JSONL, jsonl_lines)]:
        rows = 0

        def records():
            nonlocal rows
            everything = contribution_list(viewer=None, group=group, sort="reference")
            for record in public_records(everything, base_url=site, chunk_size=1000):
                rows += 1
                yield record

        digest = hashlib.sha256()
        with tempfile.TemporaryFile() as out:
            for chunk in render(records()):
                data = chunk.encode()
                digest.update(data)
                out.write(data)
            size = out.tell()
            out.seek(0)
            with transaction.atomic():
                previous = RecordExport.objects.filter(group=group, format=fmt).first()
                export = RecordExport(group=group, format=fmt, size=size, sha256=digest.hexdigest(), rows=rows)
                export.file.save(f"{group.slug}-contributions.{fmt}", DjangoFile(out), save=False)
                if previous is not None:
                    old = previous.file
                    previous.delete()
                    transaction.on_commit(lambda old=old: old.delete(save=False))
                export.save()
        made.append(export)
    return made


def record_export_request(*, group: WorkingGroup) -> None:
    """Queue the bulk files of a group for the task worker (the nightly loop and the secretariat's button)."""
    from .tasks import record_export_task

    transaction.on_commit(lambda: record_export_task.enqueue(group_id=group.pk))
