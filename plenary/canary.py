"""A world seeded with canaries: every kind of object that some viewer may not see, each carrying a unique marker.

The canary crawl (tests/test_canary_crawl.py) and the back-office scoping test read every page, feed, export,
search answer and API operation as each role and look for the markers a role must never meet:

- `CNRYPUB…` public material (the crawl checks that it does find it: a crawl that sees nothing proves nothing);
- `CNRYMEM…` what the members of the group (and its secretariat) may read;
- `CNRYSEC…` what only the group's secretariat may read; plus the private e-mail and the name given without
  consent to publish it.

Input and decisions go through the services, as a new user's actions would; the meeting record is written
directly, as the sample loader's data would be.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from plenary.accounts.models import User
from plenary.analysis.services import analysis_decide, analysis_execute, analysis_request
from plenary.assessment.models import Rating
from plenary.assessment.services import assessment_release, assessment_save, finding_save, rating_save
from plenary.consultations import services as consultations
from plenary.consultations.models import Contribution, ContributionKind, ContributionStatus
from plenary.core.models import Visibility
from plenary.drafting.models import DraftStatus, ParagraphKind
from plenary.drafting.services import (
    ParagraphInput,
    comment_submit,
    draft_move,
    draft_save,
    draft_version_create,
    paragraph_translation_save,
)
from plenary.groups.models import Role, StakeholderGroup, WorkingGroup
from plenary.groups.services import membership_save, news_save, person_save, translation_save
from plenary.issues.models import Cluster, Issue, Principle
from plenary.meetings.models import AgendaItem, Document, DocumentKind, Meeting, Session, SessionKind
from plenary.meetings.services import session_registration_set
from plenary.proceedings import services as proceedings
from plenary.proceedings.models import AttendanceStatus, Outcome, SpeakerEntry
from plenary.reports.services import report_build_request, report_build_run, report_edition_save
from plenary.testing import make_group, make_user
from plenary.workspace import services as workspace
from plenary.workspace.models import AssignmentRole

PRIVATE_EMAIL = "withheld.address@example.org"
PRIVATE_NAME = "Withheld Privatename"
FORBIDDEN = {
    # role -> the marker prefixes it must never meet
    "anonymous": ("CNRYMEM", "CNRYSEC", PRIVATE_EMAIL, PRIVATE_NAME),
    "participant": ("CNRYMEM", "CNRYSEC", PRIVATE_EMAIL, PRIVATE_NAME),
    "member": ("CNRYSEC", PRIVATE_EMAIL, PRIVATE_NAME),
    "other_member": ("CNRYMEM", "CNRYSEC", PRIVATE_EMAIL, PRIVATE_NAME),
    "other_secretariat": ("CNRYMEM", "CNRYSEC", PRIVATE_EMAIL, PRIVATE_NAME),
}


@dataclass
class Canaries:
    group: WorkingGroup
    other: WorkingGroup
    users: dict[str, User | None]
    urls_hidden: list[tuple[str, str]] = field(default_factory=list)  # (page, "MEM"/"SEC"): 404 like a missing one
    urls_missing: list[str] = field(default_factory=list)  # the same patterns with objects that do not exist
    tokens: dict[str, str] = field(default_factory=dict)  # private links, which only their holders have
    params: dict[str, dict] = field(default_factory=dict)  # values for every URL pattern's parameters
    markers: list[str] = field(default_factory=list)


def _profile(**extra) -> dict:
    return {
        "submitter_name": PRIVATE_NAME,
        "submitter_email": PRIVATE_EMAIL,
        "on_behalf_of": "self",
        "country": "KE",
        "publish_name": False,
        **extra,
    }


def _text_file(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/plain")


def seed() -> Canaries:
    """Two groups, users for each role, and one hidden object of every kind (with a public one beside it)."""
    group = make_group("cg", name="Canary group")
    other = make_group("og", name="Other group")
    sectors = {
        slug: StakeholderGroup.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in [("government", "Government"), ("civil-society", "Civil society")]
    }
    users = _people(group, other)
    secretariat = users["secretariat"]
    world = Canaries(group=group, other=other, users=users)

    # Issues and principles
    cluster = Cluster.objects.create(group=group, number=1, slug="infra", title="Infrastructure")
    issues = {
        slug: Issue.objects.create(cluster=cluster, slug=slug, title=title, order=i)
        for i, (slug, title) in enumerate([("dns", "Domain names"), ("spam", "Spam")])
    }
    principles = [Principle.objects.create(group=group, slug="transparent", label="Transparent", founding_text="WSIS")]

    # Meetings, sessions, agenda and papers
    meeting = Meeting.objects.create(
        group=group, number=3, title="Third meeting", venue="Geneva", starts_on=dt.date(2005, 4, 18),
        ends_on=dt.date(2005, 4, 20),
    )  # fmt: skip
    open_session = Session.objects.create(
        meeting=meeting, date=dt.date(2005, 4, 18), title="Open consultation", kind=SessionKind.OPEN_CONSULTATION,
        summary="CNRYPUBSUMMARY of the open session.",
    )  # fmt: skip
    closed = Session.objects.create(
        meeting=meeting, date=dt.date(2005, 4, 19), title="Closed session", kind=SessionKind.CLOSED,
        summary="CNRYMEMMINUTES of the closed session.",
    )  # fmt: skip
    AgendaItem.objects.create(session=open_session, order=1, title="CNRYPUBAGENDA open item")
    AgendaItem.objects.create(session=closed, order=1, title="CNRYMEMAGENDA closed item")
    kind = DocumentKind.objects.get_or_create(slug="paper", defaults={"name": "Working paper"})[0]
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    papers = [
        ("CNRYPUBPAPER", Visibility.PUBLIC, None, open_session),
        ("CNRYMEMPAPER", Visibility.MEMBERS, None, closed),
        ("CNRYMEMLATER", Visibility.MEMBERS, tomorrow, closed),
        ("CNRYSECPAPER", Visibility.SECRETARIAT, None, None),
    ]
    documents = {}
    for marker, visibility, released, session in papers:
        documents[marker] = Document.objects.create(
            group=group, meeting=meeting, session=session, title=f"{marker} paper", kind=kind,
            visibility=visibility, released_on=released, text=f"Text of {marker}.",
        )  # fmt: skip
        if visibility != Visibility.PUBLIC:
            world.urls_hidden.append((documents[marker].get_absolute_url(), marker[4:7]))
    world.urls_missing.append(f"/{group.slug}/documents/999999/")

    # News: one published, one scheduled
    news_save(actor=None, group=group, slug="out", title="CNRYPUBNEWS", body="Out.", published_at=timezone.now())
    later = news_save(
        actor=None, group=group, slug="later", title="CNRYSECNEWS", body="Soon.",
        published_at=timezone.now() + dt.timedelta(days=3),
    )  # fmt: skip
    world.urls_hidden.append((later.get_absolute_url(), "SEC"))
    world.urls_missing.append(f"/{group.slug}/news/no-such-news/")

    # Calls and contributions in every status, each with an attachment carrying its marker
    now = timezone.now()
    call = consultations.call_save(
        actor=None, group=group, slug="open", title="Open call", opens_at=now - dt.timedelta(days=2),
        closes_at=now + dt.timedelta(days=30), kinds=list(ContributionKind.values), scope=list(issues.values()),
    )  # fmt: skip
    contributions: dict[str, Contribution] = {}
    for marker, fate in [
        ("CNRYPUBINPUT", "published"),
        ("CNRYPUBOTHER", "published"),
        ("CNRYSECRECEIVED", "received"),
        ("CNRYSECREJECTED", "rejected"),
        ("CNRYSECSPAM", "spam"),
        ("CNRYSECWITHDRAWN", "withdrawn"),
        ("CNRYSECLEFT", "published-then-spam"),
    ]:
        contribution, token = consultations.contribution_submit(
            actor=None, call=call, profile=_profile(stakeholder_group=sectors["civil-society"]),
            kind=ContributionKind.COMMENT, title=f"{marker} title", text=f"{marker} text about spam and domain names.",
            files=[_text_file(f"{marker.lower()}-annex.txt", f"Annex of {marker}, about spam.")],
            issues=[issues["spam"]], notify=False,
        )  # fmt: skip
        world.tokens[marker] = token
        contributions[marker] = contribution
        if fate in {"published", "published-then-spam", "withdrawn"}:
            consultations.contribution_publish(actor=secretariat, contribution=contribution)
        if fate == "rejected":
            consultations.contribution_reject(actor=secretariat, contribution=contribution, reason="CNRYSECREASON")
        if fate == "spam":
            consultations.contribution_mark_spam(actor=secretariat, contribution=contribution)
        if fate == "withdrawn":
            consultations.contribution_withdraw(actor=None, contribution=contribution)
        contribution.refresh_from_db()
        if fate != "published":
            world.urls_hidden.append((contribution.get_absolute_url(), "SEC"))
            world.urls_hidden += [(a.get_download_url(), "SEC") for a in contribution.attachments.all()]
    world.urls_missing.append(f"/{group.slug}/contributions/{now.year}/9999/")

    # The secretariat's decision on the analysis (its note and line are its own); then the analysis runs while the
    # last one is still published, and it leaves the public record
    analysis_decide(
        actor=secretariat,
        group=group,
        kind="stock_add",
        line="CNRYSECSTOCKLINE the secretariat added",
        note="CNRYSECDECISION note",
    )
    run = analysis_request(actor=None, group=group, trigger="on-demand")
    analysis_execute(run_id=run.pk)
    consultations.contribution_mark_spam(actor=secretariat, contribution=contributions["CNRYSECLEFT"])

    # Assessment: one released (citing a published and a hidden contribution), one still being written
    released = assessment_save(actor=None, issue=issues["spam"], arrangements="CNRYPUBARRANGEMENTS", summary="Out.")
    rating_save(
        actor=None, assessment=released, principle=principles[0], rating=Rating.PARTLY, rationale="CNRYPUBRATIONALE"
    )
    finding_save(
        actor=None, assessment=released, title="CNRYPUBFINDING", text="Improvements are needed.",
        contributions=[contributions["CNRYPUBINPUT"], contributions["CNRYSECSPAM"], contributions["CNRYSECLEFT"]],
        documents=[documents["CNRYPUBPAPER"], documents["CNRYMEMPAPER"]],
    )  # fmt: skip
    assessment_release(actor=None, assessment=released)
    working = assessment_save(actor=None, issue=issues["dns"], arrangements="CNRYMEMARRANGEMENTS", summary="Draft.")
    rating_save(
        actor=None, assessment=working, principle=principles[0], rating=Rating.INADEQUATE, rationale="CNRYMEMRATIONALE"
    )
    finding_save(actor=None, assessment=working, title="CNRYMEMFINDING", text="Not yet agreed.")

    # Drafts: one internal; one in consultation whose first version stayed with the members
    internal = draft_save(actor=None, group=group, slug="internal", title="CNRYMEMDRAFT internal")
    draft_version_create(
        actor=None, draft=internal, check_permission=False,
        paragraphs=[ParagraphInput(ParagraphKind.PARAGRAPH, "CNRYMEMPARAGRAPH of an internal draft.")],
    )  # fmt: skip
    world.urls_hidden.append((internal.get_absolute_url(), "MEM"))
    world.urls_missing.append(f"/{group.slug}/drafts/no-such-draft/")
    public = draft_save(
        actor=None, group=group, slug="public", title="Public recommendations", issues=[issues["spam"]],
        contributions=[contributions["CNRYPUBINPUT"], contributions["CNRYSECRECEIVED"]],
    )  # fmt: skip
    draft_version_create(
        actor=None, draft=public, check_permission=False,
        paragraphs=[ParagraphInput(ParagraphKind.PARAGRAPH, "CNRYMEMEARLY wording the members dropped.")],
    )  # fmt: skip
    # a translation of the members' early wording: out of date once v2 changes it, and never public
    paragraph_translation_save(
        actor=None, draft=public, key=public.versions.get().paragraphs.get().key, language="fr",
        text="CNRYMEMEARLYFR formulation abandonnée.", check_permission=False,
    )  # fmt: skip
    v2 = draft_version_create(
        actor=None, draft=public, check_permission=False,
        paragraphs=[ParagraphInput(ParagraphKind.PARAGRAPH, "CNRYPUBPARAGRAPH: countries should act on spam.")],
    )  # fmt: skip
    draft_move(
        actor=None, draft=public, to=DraftStatus.CONSULTATION, opens_at=now - dt.timedelta(days=1),
        closes_at=now + dt.timedelta(days=20), check_permission=False,
    )  # fmt: skip
    world.urls_hidden.append((f"/{group.slug}/drafts/public/v1/", "MEM"))
    # Texts in other languages, each seen as what it translates
    paragraph_translation_save(
        actor=None, draft=internal, key=internal.versions.get().paragraphs.get().key, language="fr",
        text="CNRYMEMPARAFR d'un projet interne.", check_permission=False,
    )  # fmt: skip
    paragraph_translation_save(
        actor=None, draft=public, key=v2.paragraphs.get().key, language="fr",
        text="CNRYPUBPARAFR : les pays devraient agir contre le spam.", check_permission=False,
    )  # fmt: skip
    for marker, suffix in [("CNRYPUBPAPER", "FR"), ("CNRYMEMPAPER", "FR"), ("CNRYSECPAPER", "FR")]:
        translation_save(
            actor=secretariat, obj=documents[marker], field="title", language="fr", text=f"{marker}{suffix} traduit"
        )
    translation_save(actor=secretariat, obj=internal, field="title", language="fr", text="CNRYMEMDRAFTFR interne")
    world.urls_missing.append(f"/{group.slug}/drafts/public/v99/")
    key = v2.paragraphs.get().key
    for marker, status in [
        ("CNRYPUBCOMMENT", ContributionStatus.PUBLISHED),
        ("CNRYSECCOMMENTWAITING", ContributionStatus.RECEIVED),
        ("CNRYSECCOMMENTREJECTED", ContributionStatus.REJECTED),
        ("CNRYSECCOMMENTSPAM", ContributionStatus.SPAM),
    ]:
        _comment, token = comment_submit(
            draft=public, paragraph_key=key, text=f"{marker} please act.", profile=_profile(), status=status
        )
        world.tokens[marker] = token

    # Demo accounts are never listed
    demo = person_save(actor=None, name="CNRYSECDEMO person", group=group, is_demo=True)
    membership_save(actor=None, group=group, person=demo, role=Role.MEMBER)

    # The bulk downloads of the public record
    consultations.record_export_build(group=group)

    # The report, compiled from the public record: it carries the adopted edition, never one still being written
    report_edition_save(
        actor=secretariat,
        group=group,
        symbol="CNRY/REP/1",
        adopted_on=dt.date(2005, 6, 17),
        executive_summary="CNRYPUBEXECSUMMARY of the adopted report.",
    )
    report_edition_save(actor=secretariat, group=group, symbol="CNRY/REP/2", foreword="CNRYMEMFOREWORD not adopted.")
    build = report_build_request(actor=secretariat, group=group, enqueue=False)
    report_build_run(build_id=build.pk)

    _workspace(world, meeting=meeting, sessions=(open_session, closed), kind=kind, drafts=(internal, public, v2),
               issues=issues, principles=principles, released=released, working=working)  # fmt: skip

    world.params = {
        "group_slug": group.slug,
        "slug": group.slug,
        "number": meeting.number,
        "pk": documents["CNRYPUBPAPER"].pk,
        "year": contributions["CNRYPUBINPUT"].year,
        "sequence": contributions["CNRYPUBINPUT"].sequence,
        "call": call.slug,
        "draft": public.slug,
        "version": 2,
        "issue": issues["spam"].slug,
        "build": build.number,
        "key": key,
        "fmt": "html",
        **world.params,
    }
    return world


def _workspace(world: Canaries, *, meeting, sessions, kind, drafts, issues, principles, released, working) -> None:
    """The group's workspace: papers on agenda items, minutes and readouts, decisions and what they changed,
    registration and the speakers' list, attendance, tasks, statements of interest, rapporteurs and teams."""
    group, users = world.group, world.users
    secretariat, chair, member = users["secretariat"], users["chair"], users["member"]
    open_session, closed = sessions
    internal, public, v2 = drafts
    item = closed.agenda.get()
    Document.objects.create(
        group=group, meeting=meeting, session=closed, agenda_item=item, title="CNRYMEMITEMPAPER on the agenda",
        kind=kind, visibility=Visibility.MEMBERS, text="Paper of a closed session's agenda item.",
    )  # fmt: skip
    Document.objects.create(
        group=group, meeting=meeting, session=open_session, title="CNRYPUBTRANSCRIPT of the consultation",
        kind=kind, visibility=Visibility.PUBLIC, text="Transcript of the open consultation.",
    )  # fmt: skip

    # Minutes approved with a readout released; minutes approved with a readout awaiting the chair; draft minutes
    minutes = proceedings.minutes_save(
        actor=secretariat, session=closed,
        text="CNRYMEMMINUTESTEXT opening.\n\nCNRYMEMWITHHELD a national position.\n\nThe group agreed on spam.",
    )  # fmt: skip
    proceedings.minutes_approve(actor=chair, minutes=minutes)
    readout = proceedings.readout_derive(
        actor=secretariat, session=closed,
        released=[proceedings.ReleasedParagraph(2, "CNRYPUBREADOUT: the group agreed on spam.")],
    )  # fmt: skip
    proceedings.readout_approve(actor=chair, readout=readout)
    second = Session.objects.create(meeting=meeting, date=dt.date(2005, 4, 20), title="Second closed", kind="closed")
    third = Session.objects.create(meeting=meeting, date=dt.date(2005, 4, 20), title="Third closed", kind="closed")
    approved = proceedings.minutes_save(actor=secretariat, session=second, text="CNRYMEMSECONDMINUTES text.")
    proceedings.minutes_approve(actor=chair, minutes=approved)
    waiting = proceedings.readout_derive(
        actor=secretariat, session=second, released=[proceedings.ReleasedParagraph(0, "CNRYMEMREADOUTDRAFT text.")]
    )
    proceedings.minutes_save(actor=secretariat, session=third, text="CNRYMEMDRAFTMINUTES not yet approved.")
    world.urls_hidden += [(minutes.get_absolute_url(), "MEM"), (waiting.get_absolute_url(), "MEM")]
    world.urls_missing.append(f"/{group.slug}/meetings/{meeting.number}/sessions/999999/minutes/")

    # Decisions: disclosed with public links, disclosed with links the public may not follow, not disclosed
    key = v2.paragraphs.get().key
    disclosed = proceedings.decision_record(
        actor=secretariat, session=closed, title="CNRYPUBDECISION on spam", proposed_by="The chair",
    )  # fmt: skip
    link = proceedings.decision_link_paragraph(actor=secretariat, decision=disclosed, draft=public, key=key)
    proceedings.decision_link_cell(actor=secretariat, decision=disclosed, assessment=released, principle=principles[0])
    proceedings.decision_disclose(actor=chair, decision=disclosed)
    hidden_links = proceedings.decision_record(
        actor=secretariat, session=closed, title="CNRYPUBDISCLOSEDTOO", proposed_by="A member",
    )  # fmt: skip
    proceedings.decision_link_paragraph(
        actor=secretariat, decision=hidden_links, draft=internal, key=internal.versions.get().paragraphs.get().key,
        note="CNRYMEMLINKNOTE internal",
    )  # fmt: skip
    proceedings.decision_link_paragraph(
        actor=secretariat, decision=hidden_links, draft=public, key=public.versions.get(number=1).paragraphs.get().key,
        version=public.versions.get(number=1), note="CNRYMEMEARLYLINK",
    )  # fmt: skip
    proceedings.decision_link_cell(
        actor=secretariat, decision=hidden_links, assessment=working, principle=principles[0], note="CNRYMEMCELLNOTE"
    )
    proceedings.decision_disclose(actor=chair, decision=hidden_links)
    secret = proceedings.decision_record(
        actor=secretariat, session=closed, title="CNRYMEMDECISION not disclosed", proposed_by="A member",
        outcome=Outcome.DEFERRED,
    )  # fmt: skip
    proceedings.decision_link_paragraph(
        actor=secretariat, decision=secret, draft=public, key=key, note="CNRYMEMSECRETLINK"
    )
    world.urls_hidden.append((secret.get_absolute_url(), "MEM"))
    world.urls_missing.append(f"/{group.slug}/decisions/999999/")

    # Registration (the secretariat's) and the speakers' list (public for open sessions)
    session_registration_set(actor=secretariat, session=open_session, is_open=True)
    registration = proceedings.registration_submit(
        session=open_session, profile=_profile(), mode="in-person", wishes_to_speak=True, needs="CNRYSECNEEDS",
    )  # fmt: skip
    proceedings.registration_submit(
        session=open_session,
        profile=_profile(submitter_name="Named Speaker", submitter_email="named@example.org", publish_name=True),
        mode="remote", wishes_to_speak=True,
    )  # fmt: skip
    entry = proceedings.speaker_add(actor=chair, session=open_session, name="CNRYPUBFLOOR speaker", country="BR")
    SpeakerEntry.objects.create(session=closed, name="CNRYMEMCLOSEDSPEAKER", position=1)
    participants = f"/{group.slug}/meetings/{meeting.number}/sessions/{open_session.pk}/participants/"
    world.urls_hidden += [(participants, "SEC"), (participants[:-1] + ".csv", "SEC")]

    # Attendance, tasks, statements of interest (kept for the members), rapporteurs and teams
    member_ship = member.person.memberships.get(group=group)
    proceedings.attendance_record(
        actor=secretariat, session=closed, statuses={member_ship.pk: AttendanceStatus.PRESENT}
    )
    task = workspace.task_create(
        actor=secretariat, group=group, title="CNRYMEMTASK read the papers", owner=member_ship,
        due_on=dt.date(2005, 4, 18), description="CNRYMEMTASKTEXT",
    )  # fmt: skip
    workspace.interest_declare(actor=member, membership=member_ship, text="CNRYMEMINTEREST board seat.")
    workspace.assignment_add(actor=chair, membership=member_ship, role=AssignmentRole.RAPPORTEUR, issue=issues["spam"])
    team = workspace.assignment_add(
        actor=chair, membership=member_ship, role=AssignmentRole.DRAFTING_TEAM, draft=internal
    )
    world.urls_hidden += [
        (task.get_absolute_url(), "MEM"),
        (f"/{group.slug}/workspace/members/{member.person.pk}/", "MEM"),
        (f"/{group.slug}/meetings/{meeting.number}/sessions/{closed.pk}/attendance/", "MEM"),
    ]
    world.urls_missing.append(f"/{group.slug}/workspace/tasks/999999/")
    world.params.update(
        {
            "session": closed.pk,
            "item": item.pk,
            "decision": disclosed.number,
            "link": link.pk,
            "registration": registration.pk,
            "entry": entry.pk,
            "person": member.person.pk,
            "task": task.pk,
            "assignment": team.pk,
        }
    )


def _people(group: WorkingGroup, other: WorkingGroup) -> dict[str, User | None]:
    users: dict[str, User | None] = {"anonymous": None, "participant": make_user("participant")}
    for role_name, target, role in [
        ("member", group, Role.MEMBER),
        ("chair", group, Role.CHAIR),
        ("secretariat", group, Role.SECRETARIAT),
        ("other_member", other, Role.MEMBER),
        ("other_secretariat", other, Role.SECRETARIAT),
    ]:
        user = make_user(role_name)
        person = person_save(actor=None, name=f"{role_name} person", group=target, user=user)
        membership_save(actor=None, group=target, person=person, role=role)
        user.refresh_from_db()
        users[role_name] = user
    return users
