"""What the API says. Public schemas hold only public fields: no e-mail, no name without consent."""

import datetime as dt

from ninja import Field, Schema


class GroupOut(Schema):
    slug: str
    name: str
    acronym: str
    mandate: str
    established_by: str
    established_on: dt.date
    parent_body: str
    report_to: str
    final_report_due: dt.date | None
    url: str


class MemberOut(Schema):
    name: str
    role: str
    title: str
    affiliation: str
    country: str
    region: str
    stakeholder_group: str | None


class SessionOut(Schema):
    date: dt.date
    title: str
    kind: str
    venue: str


class MeetingOut(Schema):
    number: int
    title: str
    venue: str
    starts_on: dt.date
    ends_on: dt.date
    url: str
    sessions: list[SessionOut]


class IssueOut(Schema):
    slug: str
    title: str
    cluster: str
    description: str
    nature_of_cooperation: str


class DocumentOut(Schema):
    id: int
    symbol: str
    title: str
    kind: str
    language: str
    published_on: dt.date | None
    meeting: int | None
    url: str
    download_url: str | None


class CallOut(Schema):
    slug: str
    title: str
    instructions: str
    state: str
    kinds: list[str]
    scope: list[str]
    opens_at: dt.datetime
    closes_at: dt.datetime
    original_closes_at: dt.datetime | None
    max_upload_mb: int
    max_attachments: int
    url: str


class AttachmentOut(Schema):
    name: str
    url: str
    content_type: str
    size: int
    sha256: str
    pages: int | None


class ContributionOut(Schema):
    reference: str
    url: str
    group: str
    call: str
    kind: str
    title: str
    text: str
    language: str
    author: str = Field(description="The name, only where its author consented; else empty.")
    organisation: str
    on_behalf_of: str
    stakeholder_group: str
    country: str
    region: str
    issues: list[str]
    submitted_at: str
    published_at: str | None
    attachments: list[AttachmentOut]
    illustrative: bool


class ModerationItemOut(Schema):
    id: int
    reference: str
    status: str
    status_reason: str
    title: str
    kind: str
    call: str
    submitter_name: str
    submitter_email: str
    publish_name: bool
    organisation: str
    country: str
    language: str
    submitted_at: dt.datetime
    issues: list[str]
    suggested_tags: list[dict]
    campaign: str


class ReceiptOut(Schema):
    reference: str
    status: str
    private_url: str = Field(description="The submitter's private link: view, and withdraw while the call is open.")


class ErrorOut(Schema):
    detail: str
    code: str = ""


class RejectIn(Schema):
    reason: str


class TagsIn(Schema):
    issues: list[str]


class ExtendIn(Schema):
    closes_at: dt.datetime
    reason: str


class StatusOut(Schema):
    reference: str
    status: str
