"""Writes to the record of a session, each atomic and on the event trail.

Every function checks its predicate in permissions.py and raises PermissionDenied otherwise; `actor=None` is the
system (the sample loader), which prepares the record as the secretariat would. Bad input raises ValidationError
and changes nothing.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from plenary.assessment.models import IssueAssessment
from plenary.core.services import event_record, upsert
from plenary.drafting.models import Draft, DraftVersion
from plenary.groups.models import Membership, StakeholderGroup, WorkingGroup
from plenary.issues.models import Principle
from plenary.meetings.models import Session

from .models import (
    Attendance,
    AttendanceStatus,
    Decision,
    DecisionLink,
    LinkKind,
    Minutes,
    MinutesStatus,
    Outcome,
    Readout,
    ReadoutStatus,
    Registration,
    RegistrationStatus,
    SpeakerEntry,
    SpeakerState,
)
from .permissions import (
    can_approve_minutes,
    can_approve_readout,
    can_derive_readout,
    can_disclose_decision,
    can_draft_minutes,
    can_keep_speakers_list,
    can_manage_registrations,
    can_record_attendance,
    can_record_decision,
    can_register,
)


def _check(actor, allowed, message: str) -> None:
    """The system (actor None) prepares the sample as the secretariat would; anyone else needs the predicate."""
    if actor is None:
        return
    if not allowed(actor):
        raise PermissionDenied(message)


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


# Minutes and readouts ----------------------------------------------------------------------------------------------


def minutes_save(*, actor, session: Session, text: str, is_illustrative: bool = False) -> Minutes:
    """Write or correct the minutes of a closed session (the secretariat). Records `created` or `changed`.

    ValidationError for an open session, empty text, or minutes the chair already approved.
    """
    _check(actor, lambda u: can_draft_minutes(u, session), _("Only the secretariat drafts the minutes."))
    if not session.is_closed:
        raise ValidationError(_("Minutes are kept for closed sessions; an open one has its summary or transcript."))
    if not text.strip():
        raise ValidationError(_("The minutes are empty."))
    existing = Minutes.objects.filter(session=session).first()
    if existing is not None and existing.is_approved:
        raise ValidationError(_("These minutes are approved: they cannot change."))
    minutes, created = upsert(
        actor=actor,
        model=Minutes,
        lookup={"session": session},
        values={"text": text.strip(), "is_illustrative": is_illustrative},
    )
    if created and _user(actor):
        Minutes.objects.filter(pk=minutes.pk).update(drafted_by=actor)
    return minutes


def minutes_approve(*, actor, minutes: Minutes, note: str = "") -> Minutes:
    """The chair (or a vice-chair acting for the chair) approves the minutes; they cannot change afterwards.
    Records `approved` with the text approved."""
    _check(actor, lambda u: can_approve_minutes(u, minutes), _("Only the chair approves the minutes."))
    with transaction.atomic():
        minutes = Minutes.objects.select_for_update().get(pk=minutes.pk)
        if minutes.is_approved:
            return minutes
        minutes.status = MinutesStatus.APPROVED
        minutes.approved_by = _user(actor)
        minutes.approved_at = timezone.now()
        minutes.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        event_record(
            actor=actor,
            verb="approved",
            target=minutes,
            changes={"status": [MinutesStatus.DRAFT, MinutesStatus.APPROVED], "text": [None, minutes.text]},
            note=note,
        )
    return minutes


@dataclass(frozen=True)
class ReleasedParagraph:
    """One paragraph of the minutes that goes into the readout, as written there (reworded or as it was)."""

    paragraph: int  # its index in the minutes, from 0
    text: str


def readout_derive(
    *, actor, session: Session, released: list[ReleasedParagraph], is_illustrative: bool = False
) -> Readout:
    """Derive (or derive again) the public readout of a session from its approved minutes: the paragraphs chosen,
    each as given. The minutes as they were and the choice are kept on the readout and on the trail (`redacted`).

    The secretariat may call it until the chair approves the readout. ValidationError when the minutes are not
    approved, nothing is released, or a paragraph does not exist.
    """
    _check(actor, lambda u: can_derive_readout(u, session), _("Only the secretariat prepares the readout."))
    minutes = Minutes.objects.filter(session=session).first()
    if minutes is None or not minutes.is_approved:
        raise ValidationError(_("The readout is derived from approved minutes; approve the minutes first."))
    paragraphs = minutes.paragraphs
    chosen = [r for r in released if r.text.strip()]
    if not chosen:
        raise ValidationError(_("Choose at least one paragraph to release."))
    if any(not 0 <= r.paragraph < len(paragraphs) for r in chosen):
        raise ValidationError(_("A paragraph chosen is not in the minutes."))
    text = "\n\n".join(" ".join(r.text.split()) for r in chosen)
    record = [
        {"paragraph": r.paragraph, "reworded": " ".join(r.text.split()) != paragraphs[r.paragraph]} for r in chosen
    ]
    with transaction.atomic():
        readout = Readout.objects.select_for_update().filter(session=session).first()
        if readout is not None and readout.is_approved:
            raise ValidationError(_("This readout is approved and public: it cannot change."))
        before = (readout.text, readout.released_paragraphs) if readout else (None, None)
        if readout is None:
            readout = Readout(session=session)
        readout.minutes = minutes
        readout.text = text
        readout.minutes_text = minutes.text
        readout.released_paragraphs = record
        readout.is_illustrative = is_illustrative
        readout.save()
        if before != (text, record):
            event_record(
                actor=actor,
                verb="redacted",
                target=readout,
                changes={"text": [before[0], text], "released paragraphs": [before[1], record]},
                note=_("%(kept)d of %(total)d paragraphs of the minutes released")
                % {"kept": len(chosen), "total": len(paragraphs)},
            )
    return readout


def readout_approve(*, actor, readout: Readout, note: str = "") -> Readout:
    """The chair (or a vice-chair acting for the chair) approves what is released: the readout becomes public.
    Records `approved` with the text released and the paragraphs of the minutes it came from."""
    _check(actor, lambda u: can_approve_readout(u, readout), _("Only the chair approves what is released."))
    with transaction.atomic():
        readout = Readout.objects.select_for_update().get(pk=readout.pk)
        if readout.is_approved:
            return readout
        readout.status = ReadoutStatus.APPROVED
        readout.approved_by = _user(actor)
        readout.approved_at = timezone.now()
        readout.save(update_fields=["status", "approved_by", "approved_at", "updated_at"])
        event_record(
            actor=actor,
            verb="approved",
            target=readout,
            changes={
                "status": [ReadoutStatus.DRAFT, ReadoutStatus.APPROVED],
                "text": [None, readout.text],
                "released paragraphs": [None, readout.released_paragraphs],
            },
            note=note,
        )
    return readout


# The decisions register --------------------------------------------------------------------------------------------


def decision_record(
    *,
    actor,
    session: Session,
    title: str,
    proposed_by: str,
    outcome: str = Outcome.ADOPTED,
    text: str = "",
    proposer: Membership | None = None,
    number: int | None = None,
    is_illustrative: bool = False,
) -> Decision:
    """Enter a decision taken in a session in the register, numbered after the last (the secretariat).
    Records `created`. With `number`, the loader's idempotent form: an existing entry is updated."""
    group = session.meeting.group
    _check(actor, lambda u: can_record_decision(u, group), _("Only the secretariat keeps the register."))
    if outcome not in Outcome.values:
        raise ValidationError(_("Unknown outcome."))
    if proposer is not None and proposer.group_id != group.pk:
        raise ValidationError(_("The proposer is not a member of this group."))
    values = {
        "session": session,
        "title": title.strip(),
        "text": text.strip(),
        "proposed_by": proposed_by.strip(),
        "proposer": proposer,
        "outcome": outcome,
        "is_illustrative": is_illustrative,
    }
    with transaction.atomic():
        if number is None:
            # The group's row is the lock: two decisions recorded at once get numbers one after the other.
            WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
            number = (Decision.objects.filter(group=group).aggregate(n=Max("number"))["n"] or 0) + 1
        decision, created = upsert(
            actor=actor, model=Decision, lookup={"group": group, "number": number}, values=values
        )
        if created and _user(actor):
            Decision.objects.filter(pk=decision.pk).update(recorded_by=actor)
    return decision


def decision_update(*, actor, decision: Decision, **values) -> Decision:
    """Correct an entry of the register (the secretariat); the trail keeps what it said before."""
    _check(actor, lambda u: can_record_decision(u, decision.group), _("Only the secretariat keeps the register."))
    values.pop("disclosed", None)
    updated, _created = upsert(actor=actor, model=Decision, lookup={"pk": decision.pk}, values=values)
    return updated


def decision_disclose(*, actor, decision: Decision, note: str = "") -> Decision:
    """The chair (or a vice-chair) discloses a decision: it joins the public register and the public history of
    the paragraphs and cells it changed. It cannot be undone. Records `disclosed`."""
    _check(actor, lambda u: can_disclose_decision(u, decision), _("Only the chair discloses decisions."))
    with transaction.atomic():
        decision = Decision.objects.select_for_update().get(pk=decision.pk)
        if decision.disclosed:
            return decision
        decision.disclosed = True
        decision.disclosed_at = timezone.now()
        decision.save(update_fields=["disclosed", "disclosed_at", "updated_at"])
        event_record(actor=actor, verb="disclosed", target=decision, changes={"disclosed": [False, True]}, note=note)
    return decision


def _check_link(actor, decision: Decision) -> None:
    _check(actor, lambda u: can_record_decision(u, decision.group), _("Only the secretariat keeps the register."))


def decision_link_paragraph(
    *, actor, decision: Decision, draft: Draft, key: str, version: DraftVersion | None = None, note: str = ""
) -> DecisionLink:
    """Link a decision to the draft paragraph it changed, by stable key, and to the version that carries the change
    (the latest version with that key when none is given). Records `linked` on the decision."""
    _check_link(actor, decision)
    if draft.group_id != decision.group_id:
        raise ValidationError(_("This draft belongs to another group."))
    versions = DraftVersion.objects.filter(draft=draft, paragraphs__key=key)
    if version is not None:
        versions = versions.filter(pk=version.pk)
    version = versions.order_by("-number").first()
    if version is None:
        raise ValidationError(_("No version of this draft has that paragraph."))
    with transaction.atomic():
        link, created = DecisionLink.objects.get_or_create(
            decision=decision,
            kind=LinkKind.PARAGRAPH,
            draft=draft,
            paragraph_key=key,
            defaults={"version": version, "note": note},
        )
        if created:
            event_record(actor=actor, verb="linked", target=decision, changes={"links": [None, str(link)]}, note=note)
    return link


def decision_link_cell(
    *, actor, decision: Decision, assessment: IssueAssessment, principle: Principle, note: str = ""
) -> DecisionLink:
    """Link a decision to the assessment cell (issue x principle) whose rating it changed. Records `linked`."""
    _check_link(actor, decision)
    if assessment.group_id != decision.group_id or principle.group_id != decision.group_id:
        raise ValidationError(_("This assessment or principle belongs to another group."))
    with transaction.atomic():
        link, created = DecisionLink.objects.get_or_create(
            decision=decision,
            kind=LinkKind.CELL,
            assessment=assessment,
            principle=principle,
            defaults={"note": note},
        )
        if created:
            event_record(actor=actor, verb="linked", target=decision, changes={"links": [None, str(link)]}, note=note)
    return link


def decision_unlink(*, actor, link: DecisionLink) -> None:
    _check_link(actor, link.decision)
    with transaction.atomic():
        event_record(actor=actor, verb="unlinked", target=link.decision, changes={"links": [str(link), None]})
        link.delete()


# Registration and the speakers' list --------------------------------------------------------------------------------


def registration_submit(
    *,
    session: Session,
    profile: dict,
    mode: str,
    wishes_to_speak: bool = False,
    needs: str = "",
    user=None,
    is_illustrative: bool = False,
) -> Registration:
    """Register someone for an open consultation (anyone may, while registration is open), with the profile of a
    contribution's submitter. Asking for the floor puts the registrant on the speakers' list for the chair, under
    the name they consented to. Records `registered`.

    ValidationError (code `registration_closed`) when the session takes no registrations; (code `duplicate`)
    when this e-mail is already registered for it.
    """
    if not can_register(user, session):
        raise ValidationError(_("Registration for this session is closed."), code="registration_closed")
    email = (profile.get("submitter_email") or "").strip().lower()
    try:
        with transaction.atomic():
            registration = Registration(
                session=session,
                mode=mode,
                wishes_to_speak=wishes_to_speak,
                needs=needs.strip(),
                submitter_user=_user(user),
                is_illustrative=is_illustrative,
                **{**profile, "submitter_email": email},
            )
            registration.save()
            event_record(actor=_user(user), verb="registered", target=registration, changes={"mode": [None, mode]})
            if wishes_to_speak:
                _speaker_create(
                    actor=_user(user),
                    session=session,
                    registration=registration,
                    name=registration.public_author,
                    stakeholder_group=registration.stakeholder_group,
                    country=registration.country,
                    state=SpeakerState.REQUESTED,
                    is_illustrative=is_illustrative,
                )
    except IntegrityError:
        raise ValidationError(
            _("This e-mail address is already registered for this session."), code="duplicate"
        ) from None
    return registration


def registration_cancel(*, actor, registration: Registration, note: str = "") -> Registration:
    """Cancel a registration (the secretariat); a request for the floor not yet heard is withdrawn with it."""
    _check(actor, lambda u: can_manage_registrations(u, registration.session), _("Only the secretariat may."))
    with transaction.atomic():
        if registration.status == RegistrationStatus.CANCELLED:
            return registration
        registration.status = RegistrationStatus.CANCELLED
        registration.save(update_fields=["status", "updated_at"])
        event_record(actor=actor, verb="cancelled", target=registration, note=note)
        for entry in registration.speaker_entries.filter(state__in=[SpeakerState.REQUESTED, SpeakerState.WAITING]):
            _speaker_state(actor=actor, entry=entry, state=SpeakerState.WITHDRAWN, verb="withdrawn")
    return registration


def _next_position(session: Session) -> int:
    return (session.speakers.aggregate(n=Max("position"))["n"] or 0) + 1


def _speaker_create(*, actor, session: Session, state: str, **values) -> SpeakerEntry:
    entry = SpeakerEntry.objects.create(session=session, state=state, position=_next_position(session), **values)
    event_record(actor=actor, verb="speaker_listed", target=entry, changes={"state": [None, state]})
    return entry


def _keeper_check(actor, session: Session) -> None:
    _check(actor, lambda u: can_keep_speakers_list(u, session), _("Only the chair keeps the speakers' list."))


def speaker_add(
    *,
    actor,
    session: Session,
    name: str,
    stakeholder_group: StakeholderGroup | None = None,
    country: str = "",
    is_illustrative: bool = False,
) -> SpeakerEntry:
    """Put someone on the speakers' list (the chair), at its end: a speaker from the floor, or a delegation."""
    _keeper_check(actor, session)
    if not name.strip():
        raise ValidationError(_("Give the name the speaker is called by."))
    with transaction.atomic():
        return _speaker_create(
            actor=actor,
            session=session,
            name=name.strip(),
            stakeholder_group=stakeholder_group,
            country=country,
            state=SpeakerState.WAITING,
            is_illustrative=is_illustrative,
        )


def _speaker_state(*, actor, entry: SpeakerEntry, state: str, verb: str) -> SpeakerEntry:
    before = entry.state
    entry.state = state
    fields = ["state", "updated_at"]
    if state == SpeakerState.SPOKE:
        entry.spoke_at = timezone.now()
        fields.append("spoke_at")
    if state == SpeakerState.WAITING:
        entry.position = _next_position(entry.session)
        fields.append("position")
    entry.save(update_fields=fields)
    event_record(actor=actor, verb=verb, target=entry, changes={"state": [before, state]})
    return entry


SPEAKER_STEPS = {
    # action -> (states it applies to, new state, event verb)
    "accept": ({SpeakerState.REQUESTED}, SpeakerState.WAITING, "speaker_listed"),
    "floor": ({SpeakerState.WAITING, SpeakerState.REQUESTED}, SpeakerState.SPOKE, "floor_given"),
    "withdraw": ({SpeakerState.REQUESTED, SpeakerState.WAITING}, SpeakerState.WITHDRAWN, "withdrawn"),
}


def speaker_step(*, actor, entry: SpeakerEntry, action: str) -> SpeakerEntry:
    """Accept a request for the floor, give the floor, or strike a name (the chair). ValidationError when the step
    does not apply to the entry's state."""
    _keeper_check(actor, entry.session)
    if action not in SPEAKER_STEPS:
        raise ValidationError(_("Unknown step."))
    states, to, verb = SPEAKER_STEPS[action]
    with transaction.atomic():
        entry = SpeakerEntry.objects.select_for_update().get(pk=entry.pk)
        if entry.state not in states:
            raise ValidationError(_("This speaker is no longer waiting."))
        return _speaker_state(actor=actor, entry=entry, state=to, verb=verb)


def speaker_move(*, actor, entry: SpeakerEntry, step: int) -> list[SpeakerEntry]:
    """Move a waiting speaker one place up (-1) or down (+1) among those waiting (the chair)."""
    _keeper_check(actor, entry.session)
    with transaction.atomic():
        waiting = list(
            entry.session.speakers.select_for_update().filter(state=SpeakerState.WAITING).order_by("position", "id")
        )
        ids = [e.pk for e in waiting]
        if entry.pk not in ids:
            raise ValidationError(_("This speaker is no longer waiting."))
        index = ids.index(entry.pk)
        target = min(max(index + step, 0), len(ids) - 1)
        if target == index:
            return waiting
        positions = sorted(e.position for e in waiting)
        waiting.insert(target, waiting.pop(index))
        for position, item in zip(positions, waiting, strict=True):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position", "updated_at"])
        event_record(actor=actor, verb="reordered", target=entry, changes={"place": [index + 1, target + 1]})
    return waiting


# Attendance --------------------------------------------------------------------------------------------------------


def attendance_record(*, actor, session: Session, statuses: dict[int, str]) -> list[Attendance]:
    """Record who attended (the secretariat): {membership id: status}; an empty status leaves a member unrecorded.
    Records `attendance_recorded` for each member whose attendance changed."""
    _check(actor, lambda u: can_record_attendance(u, session), _("Only the secretariat records attendance."))
    group = session.meeting.group
    memberships = {m.pk: m for m in Membership.objects.filter(group=group, pk__in=list(statuses))}
    if set(statuses) - set(memberships):
        raise ValidationError(_("Attendance can be recorded only for members of this group."))
    saved = []
    with transaction.atomic():
        for membership_id, status in statuses.items():
            if not status:
                continue
            if status not in AttendanceStatus.values:
                raise ValidationError(_("Unknown attendance status."))
            existing = Attendance.objects.filter(session=session, membership_id=membership_id).first()
            before = existing.status if existing else None
            if before == status:
                saved.append(existing)
                continue
            record, _created = Attendance.objects.update_or_create(
                session=session, membership=memberships[membership_id], defaults={"status": status}
            )
            event_record(actor=actor, verb="attendance_recorded", target=record, changes={"status": [before, status]})
            saved.append(record)
    return saved
