"""The versioned REST API (v1): read the public record, submit to an open call, and the secretariat's writes.

Reads call the same selectors as the pages, so the API never shows what a page would not. Writes call services.
The OpenAPI 3 document is at /api/openapi.json, readable docs at /api/docs.
"""

import json

from django.core.exceptions import BadRequest, PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, File, Form, Header, Query, Router, Schema, Status
from ninja.files import UploadedFile
from ninja.pagination import PageNumberPagination, paginate
from ninja.security import HttpBearer

from plenary.consultations import services as consultation_services
from plenary.consultations.exports import public_record
from plenary.consultations.models import Contribution, OnBehalfOf
from plenary.consultations.selectors import (
    SORTS,
    call_get,
    call_list,
    contribution_counts,
    contribution_get,
    contribution_list,
    moderation_queue,
)
from plenary.consultations.spam import RATE_LIMIT_MESSAGE, rate_limited
from plenary.core.pagination import keyset_page
from plenary.groups.models import StakeholderGroup, WorkingGroup
from plenary.groups.permissions import is_secretariat
from plenary.groups.selectors import group_list, membership_list
from plenary.issues.selectors import issue_list
from plenary.meetings.selectors import document_list, meeting_list

from . import assessments, drafts, proceedings, reports
from . import schemas as s
from .common import MappedPage
from .common import base_url as _base
from .common import public_group as _group
from .openapi import PlenaryAPI
from .services import api_token_authenticate


class SecretariatToken(HttpBearer):
    """`Authorization: Bearer <token>`; the token's holder must be the secretariat of the group in the path."""

    def authenticate(self, request, token):
        api_token = api_token_authenticate(token)
        if api_token is None:
            return None
        request.user = api_token.user
        return api_token.user


api = PlenaryAPI(
    title="Plenary API",
    version="1",
    description=(
        "The public record of each working group (groups, members, meetings, issues, calls, published "
        "contributions, public documents, public drafts with their versions and published comments, the released "
        "assessment, report builds), submission to open calls, and the secretariat's moderation. "
        "Lists are paginated (`page`, `page_size`); the contributions list, which grows without bound, by cursor "
        "(follow `next`). Writes other than submissions need an API token."
    ),
    urls_namespace="api-v1",
    docs_url=None,
    openapi_url=None,  # served at the stable /api/openapi.json (plenary.api.views); this one could not reverse
)


def _secretariat_group(request, slug: str) -> WorkingGroup:
    group = _group(slug)
    if not is_secretariat(request.auth, group):
        raise PermissionDenied
    return group


@api.exception_handler(ValidationError)
def validation_error(request, exc: ValidationError):
    code = getattr(exc, "code", "") or "invalid"
    status = 409 if code in {"call_closed", "call_upcoming"} else 400
    return api.create_response(request, {"detail": " ".join(exc.messages), "code": code}, status=status)


@api.exception_handler(PermissionDenied)
def permission_denied(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Not allowed."), "code": "forbidden"}, status=403)


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": _("Not found."), "code": "not_found"}, status=404)


# Reads --------------------------------------------------------------------------------------------------------------

groups = Router(tags=["groups"])


def _group_out(group: WorkingGroup, request) -> dict:
    return {
        "slug": group.slug,
        "name": group.name,
        "acronym": group.acronym,
        "mandate": group.mandate,
        "established_by": group.established_by,
        "established_on": group.established_on,
        "parent_body": group.parent_body,
        "report_to": group.report_to,
        "final_report_due": group.final_report_due,
        "url": _base(request) + group.get_absolute_url(),
    }


@groups.get("/", response=list[s.GroupOut], operation_id="group_list", summary="List the working groups")
@paginate(PageNumberPagination, page_size=50)
def group_index(request):
    return [_group_out(g, request) for g in group_list(viewer=None)]


@groups.get("/{slug}", response={200: s.GroupOut, 404: s.ErrorOut}, operation_id="group_get", summary="One group")
def group_detail(request, slug: str):
    return _group_out(_group(slug), request)


@groups.get("/{slug}/members", response=list[s.MemberOut], operation_id="member_list", summary="Members")
@paginate(PageNumberPagination, page_size=100)
def member_index(request, slug: str):
    return [
        {
            "name": m.person.name,
            "role": m.role,
            "title": m.title,
            "affiliation": m.affiliation,
            "country": m.country,
            "region": m.region,
            "stakeholder_group": m.stakeholder_group.slug if m.stakeholder_group else None,
        }
        for m in membership_list(group=_group(slug))
    ]


@groups.get("/{slug}/meetings", response=list[s.MeetingOut], operation_id="meeting_list", summary="Meetings")
@paginate(PageNumberPagination, page_size=50)
def meeting_index(request, slug: str):
    return [
        {
            "number": m.number,
            "title": m.title,
            "venue": m.venue,
            "starts_on": m.starts_on,
            "ends_on": m.ends_on,
            "url": _base(request) + m.get_absolute_url(),
            "sessions": [
                {"date": x.date, "title": x.title, "kind": x.kind, "venue": x.venue or m.venue}
                for x in m.sessions.all()
            ],
        }
        for m in meeting_list(group=_group(slug))
    ]


@groups.get("/{slug}/issues", response=list[s.IssueOut], operation_id="issue_list", summary="Issues")
@paginate(PageNumberPagination, page_size=100)
def issue_index(request, slug: str):
    return [
        {
            "slug": i.slug,
            "title": i.title,
            "cluster": i.cluster.slug,
            "description": i.description,
            "nature_of_cooperation": i.nature_of_cooperation or i.cluster.nature_of_cooperation,
        }
        for i in issue_list(group=_group(slug))
    ]


class DocumentFilters(Schema):
    language: str | None = None
    kind: str | None = None
    meeting: int | None = None


@groups.get("/{slug}/documents", response=list[s.DocumentOut], operation_id="document_list", summary="Public documents")
@paginate(PageNumberPagination, page_size=50)
def document_index(request, slug: str, filters: Query[DocumentFilters]):
    documents = document_list(viewer=None, group=_group(slug))
    if filters.language:
        documents = documents.filter(language=filters.language)
    if filters.kind:
        documents = documents.filter(kind__slug=filters.kind)
    if filters.meeting:
        documents = documents.filter(meeting__number=filters.meeting)
    from django.urls import reverse

    def out(d) -> dict:
        return {
            "id": d.pk,
            "symbol": d.symbol,
            "title": d.title,
            "kind": d.kind.slug,
            "language": d.language,
            "published_on": d.published_on,
            "meeting": d.meeting.number if d.meeting_id else None,
            "url": _base(request) + d.get_absolute_url(),
            "download_url": _base(request)
            + reverse("meetings:document_download", kwargs={"group_slug": slug, "pk": d.pk})
            if d.file
            else None,
        }

    # A group's documents grow with its meetings: only the page asked for is read and mapped.
    return MappedPage(documents.select_related("meeting").order_by("-published_on", "title", "pk"), out)


calls = Router(tags=["calls"])


def _call_out(call, request) -> dict:
    return {
        "slug": call.slug,
        "title": call.title,
        "instructions": call.instructions,
        "state": call.state,
        "kinds": list(call.kinds or []),
        "scope": [i.slug for i in call.scope.all()],
        "opens_at": call.opens_at,
        "closes_at": call.closes_at,
        "original_closes_at": call.original_closes_at,
        "max_upload_mb": call.max_upload_mb,
        "max_attachments": call.max_attachments,
        "url": _base(request) + call.get_absolute_url(),
        "questions": [
            {
                "key": q.key,
                "kind": q.kind,
                "label": q.label,
                "help_text": q.help_text,
                "required": q.required,
                "choices": q.choices,
            }
            for q in call.questions.all()
        ],
    }


@calls.get("/{slug}/calls", response=list[s.CallOut], operation_id="call_list", summary="Calls for contributions")
@paginate(PageNumberPagination, page_size=50)
def call_index(request, slug: str, state: str | None = None):
    return [_call_out(c, request) for c in call_list(group=_group(slug), state=state or None)]


@calls.get(
    "/{slug}/calls/{call}", response={200: s.CallOut, 404: s.ErrorOut}, operation_id="call_get", summary="One call"
)
def call_detail(request, slug: str, call: str):
    return _call_out(call_get(group=_group(slug), slug=call), request)


class SubmissionIn(Schema):
    submitter_name: str
    submitter_email: str
    kind: str
    title: str
    text: str = ""
    organisation: str = ""
    on_behalf_of: str = "self"
    stakeholder_group: str = ""
    country: str = ""
    publish_name: bool = False
    answers: str = Field(
        "", description='Answers to the call\'s questions as a JSON object, e.g. {"q1": "yes", "q2": ["a", "b"]}.'
    )


@calls.post(
    "/{slug}/calls/{call}/contributions",
    response={
        201: s.ReceiptOut,
        400: s.ErrorOut,
        404: s.ErrorOut,
        409: s.ErrorOut,
        429: s.ErrorOut,
    },
    operation_id="contribution_submit",
    summary="Submit a contribution to an open call (multipart; no account needed)",
    description=(
        "Send an `Idempotency-Key` header (16 to 128 letters, digits or `._:~+/=-`, e.g. a random UUID) to make a "
        "retry safe: the same key with the same submission stores nothing new and answers the first receipt "
        "again (with `Idempotent-Replayed: true`); the same key with a different submission is refused (409, "
        "`idempotency_conflict`). "
        "Keep the key as secret as the private link it leads to."
    ),
)
def contribution_submit(
    request,
    response: HttpResponse,
    slug: str,
    call: str,
    data: Form[SubmissionIn],
    files: File[list[UploadedFile]] = None,
    idempotency_key: str | None = Header(None, alias="Idempotency-Key"),
):
    target = call_get(group=_group(slug), slug=call)
    if idempotency_key is not None and not consultation_services.idempotency_key_valid(idempotency_key):
        return Status(
            400,
            {"detail": _("Idempotency-Key must be 16 to 128 letters, digits or ._:~+/=-."), "code": "invalid"},
        )
    if data.on_behalf_of not in OnBehalfOf.values:
        return Status(400, {"detail": _("on_behalf_of must be “self” or “organisation”."), "code": "invalid"})
    if data.on_behalf_of == OnBehalfOf.ORGANISATION and not data.organisation.strip():
        return Status(400, {"detail": _("Name the organisation you write for."), "code": "organisation_required"})
    sector = None
    if data.stakeholder_group:
        sector = StakeholderGroup.objects.filter(slug=data.stakeholder_group).first()
        if sector is None:
            return Status(400, {"detail": _("Unknown stakeholder group."), "code": "invalid"})
    try:
        answers = json.loads(data.answers) if data.answers.strip() else {}
    except json.JSONDecodeError:
        answers = None
    if not isinstance(answers, dict):
        return Status(400, {"detail": _("answers must be a JSON object of question keys."), "code": "invalid"})
    profile = data.dict(include={"submitter_name", "submitter_email", "organisation", "on_behalf_of", "country"})
    profile.update(stakeholder_group=sector, publish_name=data.publish_name)
    submission = {
        "profile": profile,
        "kind": data.kind,
        "title": data.title,
        "text": data.text,
        "files": files or [],
        "answers": answers,
    }
    replayed = False
    try:
        found = (
            consultation_services.contribution_replayed(call=target, idempotency_key=idempotency_key, **submission)
            if idempotency_key
            else None
        )
        if found is not None:  # a retry gets its receipt back, before any limit is counted
            (contribution, token), replayed = found, True
        elif rate_limited(request, scope="consultations.submit"):
            return Status(429, {"detail": str(RATE_LIMIT_MESSAGE), "code": "rate_limited"})
        elif idempotency_key:
            contribution, token, replayed = consultation_services.contribution_submit_once(
                idempotency_key=idempotency_key, actor=None, call=target, channel="api", **submission
            )
        else:
            contribution, token = consultation_services.contribution_submit(
                actor=None, call=target, channel="api", **submission
            )
    except ValidationError as error:
        if getattr(error, "code", "") == "idempotency_conflict":
            return Status(409, {"detail": " ".join(error.messages), "code": "idempotency_conflict"})
        raise
    if replayed:
        response["Idempotent-Replayed"] = "true"
    private_url = _base(request) + consultation_services.private_path(contribution, token)
    return Status(201, {"reference": contribution.reference, "status": contribution.status, "private_url": private_url})


contributions = Router(tags=["contributions"])


class ContributionFilters(Schema):
    call: str | None = None
    issue: str | None = None
    kind: str | None = None
    stakeholder_group: str | None = None
    region: str | None = None
    country: str | None = None
    language: str | None = None
    sort: str = "newest"


@contributions.get(
    "/{slug}/contributions",
    response={200: s.ContributionPageOut, 400: s.ErrorOut},
    operation_id="contribution_list",
    summary="Published contributions",
    description=(
        "A page of the published record, newest first unless `sort` says otherwise. Pages are found by cursor: "
        "follow `next` (or `previous`) as given; each page costs the same whatever its depth. `count` comes from "
        "the maintained counts; where a combination of filters is not counted, it is counted up to 10,000 and "
        "`count_exact` is false beyond."
    ),
)
def contribution_index(
    request,
    slug: str,
    filters: Query[ContributionFilters],
    cursor: str | None = None,
    page_size: int = Query(50, ge=1, le=200),
):
    group = _group(slug)
    values = filters.dict()
    sort = values.pop("sort") or "newest"
    if sort not in SORTS:
        sort = "newest"
    queryset = contribution_list(viewer=None, group=group, sort=sort, **values)
    try:
        page = keyset_page(queryset, ordering=SORTS[sort], cursor=cursor, per_page=page_size)
    except BadRequest as error:
        return Status(400, {"detail": str(error), "code": "bad_cursor"})
    counts = contribution_counts(group=group, filters=values)
    base = _base(request)
    query = request.GET.copy()

    def link(position: str | None) -> str | None:
        if position is None:
            return None
        query["cursor"] = position
        return f"{base}{request.path}?{query.urlencode()}"

    return {
        "count": counts["total"],
        "count_exact": counts["exact"],
        "next": link(page.next_cursor),
        "previous": link(page.previous_cursor),
        "items": [public_record(c, base_url=base) for c in page.object_list],
    }


@contributions.get(
    "/{slug}/contributions/{year}/{sequence}",
    response={200: s.ContributionOut, 404: s.ErrorOut},
    operation_id="contribution_get",
    summary="One published contribution",
)
def contribution_detail(request, slug: str, year: int, sequence: int):
    contribution = contribution_get(viewer=None, group=_group(slug), year=year, sequence=sequence)
    return public_record(contribution, base_url=_base(request))


# The secretariat's writes -----------------------------------------------------------------------------------------

moderation = Router(tags=["moderation"], auth=SecretariatToken())
WRITE_ERRORS = {400: s.ErrorOut, 401: s.ErrorOut, 403: s.ErrorOut, 404: s.ErrorOut}


@moderation.get(
    "/{slug}/moderation",
    response={200: list[s.ModerationItemOut], 401: s.ErrorOut, 403: s.ErrorOut},
    operation_id="moderation_queue",
    summary="The moderation queue (secretariat; holds private fields)",
)
@paginate(PageNumberPagination, page_size=50)
def moderation_index(request, slug: str, status: str = "received"):
    group = _secretariat_group(request, slug)

    def out(c) -> dict:
        return {
            "id": c.pk,
            "reference": c.reference,
            "status": c.status,
            "status_reason": c.status_reason,
            "title": c.title,
            "kind": c.kind,
            "call": c.call.slug,
            "submitter_name": c.submitter_name,
            "submitter_email": c.submitter_email,
            "publish_name": c.publish_name,
            "organisation": c.organisation,
            "country": c.country,
            "language": c.language,
            "submitted_at": c.submitted_at,
            "issues": [i.slug for i in c.issues.all()],
            "suggested_tags": c.suggested_tags or [],
            "campaign": c.campaign,
        }

    # The queue can hold a burst of thousands: only the page asked for is read and mapped.
    return MappedPage(moderation_queue(viewer=request.auth, group=group, status=status), out)


def _moderated(request, slug: str, year: int, sequence: int) -> Contribution:
    group = _secretariat_group(request, slug)
    return get_object_or_404(Contribution, group=group, year=year, sequence=sequence)


@moderation.post(
    "/{slug}/contributions/{year}/{sequence}/publish",
    response={200: s.StatusOut, **WRITE_ERRORS},
    operation_id="contribution_publish",
    summary="Publish a contribution",
)
def contribution_publish(request, slug: str, year: int, sequence: int):
    c = consultation_services.contribution_publish(
        actor=request.auth, contribution=_moderated(request, slug, year, sequence)
    )
    return {"reference": c.reference, "status": c.status}


@moderation.post(
    "/{slug}/contributions/{year}/{sequence}/reject",
    response={200: s.StatusOut, **WRITE_ERRORS},
    operation_id="contribution_reject",
    summary="Reject a contribution with a reason (the submitter is told)",
)
def contribution_reject(request, slug: str, year: int, sequence: int, payload: s.RejectIn):
    c = consultation_services.contribution_reject(
        actor=request.auth, contribution=_moderated(request, slug, year, sequence), reason=payload.reason
    )
    return {"reference": c.reference, "status": c.status}


@moderation.post(
    "/{slug}/contributions/{year}/{sequence}/spam",
    response={200: s.StatusOut, **WRITE_ERRORS},
    operation_id="contribution_mark_spam",
    summary="Mark a contribution as spam",
)
def contribution_spam(request, slug: str, year: int, sequence: int):
    c = consultation_services.contribution_mark_spam(
        actor=request.auth, contribution=_moderated(request, slug, year, sequence)
    )
    return {"reference": c.reference, "status": c.status}


@moderation.put(
    "/{slug}/contributions/{year}/{sequence}/issues",
    response={200: s.StatusOut, **WRITE_ERRORS},
    operation_id="contribution_tags_set",
    summary="Set a contribution's issue tags",
)
def contribution_tags(request, slug: str, year: int, sequence: int, payload: s.TagsIn):
    contribution = _moderated(request, slug, year, sequence)
    issues = list(issue_list(group=contribution.group).filter(slug__in=payload.issues))
    if len(issues) != len(set(payload.issues)):
        return Status(400, {"detail": _("Unknown issue."), "code": "invalid"})
    c = consultation_services.contribution_tags_set(actor=request.auth, contribution=contribution, issues=issues)
    return {"reference": c.reference, "status": c.status}


@moderation.post(
    "/{slug}/calls/{call}/extend",
    response={200: s.CallOut, 409: s.ErrorOut, **WRITE_ERRORS},
    operation_id="call_extend",
    summary="Extend a call's deadline, with a reason",
)
def call_extend(request, slug: str, call: str, payload: s.ExtendIn):
    group = _secretariat_group(request, slug)
    target = consultation_services.call_extend(
        actor=request.auth, call=call_get(group=group, slug=call), closes_at=payload.closes_at, reason=payload.reason
    )
    return _call_out(target, request)


api.add_router("/groups", groups)
api.add_router("/groups", calls)
api.add_router("/groups", contributions)
api.add_router("/groups", drafts.router)
api.add_router("/groups", assessments.router)
api.add_router("/groups", reports.router)
api.add_router("/groups", proceedings.router)
api.add_router("/groups", moderation)
