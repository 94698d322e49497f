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


class ChoiceOut(Schema):
    id: str
    label: str
    stance: str | None = None


class QuestionOut(Schema):
    key: str
    kind: str = Field(description="single, multiple or open")
    label: str
    help_text: str
    required: bool
    choices: list[ChoiceOut]


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
    questions: list[QuestionOut] = Field(default_factory=list, description="The call's questionnaire, in order.")


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
    answers: dict = Field(
        default_factory=dict, description="Answers to the call's questions: {key: choice id, [choice ids] or text}."
    )


class ContributionPageOut(Schema):
    count: int
    count_exact: bool = Field(description="False when `count` is a lower bound (a combination of filters not counted)")
    next: str | None = Field(None, description="The next page's URL, or null on the last page")
    previous: str | None = Field(None, description="The previous page's URL, or null on the first page")
    items: list[ContributionOut]


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


# Drafting -----------------------------------------------------------------------------------------------------------


class ParagraphOut(Schema):
    key: str = Field(description="Stays the same across versions: comments anchor to it.")
    number: str
    kind: str
    text: str


class VersionOut(Schema):
    number: int
    note: str
    saved_at: dt.datetime
    status_at_save: str
    paragraph_count: int
    url: str


class VersionDetailOut(VersionOut):
    paragraphs: list[ParagraphOut]


class DraftOut(Schema):
    slug: str
    title: str
    summary: str
    status: str
    consultation_opens_at: dt.datetime | None
    consultation_closes_at: dt.datetime | None
    consultation_open: bool
    first_public_version: int
    latest_version: int = Field(description="The number of the latest public version.")
    issues: list[str]
    url: str
    illustrative: bool


class DraftDetailOut(DraftOut):
    findings: list[str] = Field(description="Labels of the released findings the draft answers.")
    contributions: list[str] = Field(description="References of the published contributions it cites.")
    version: VersionDetailOut = Field(description="The latest public version, with its paragraphs.")


class CommentOut(Schema):
    reference: str
    version: int
    paragraph_key: str
    paragraph_number: str
    text: str
    author: str = Field(description="The byline as its author consented to it: name, organisation, or neither.")
    stakeholder_group: str
    country: str
    region: str
    submitted_at: dt.datetime
    published_at: dt.datetime | None
    disposition: str = Field(description="Empty until the secretariat decides.")
    disposition_reason: str
    resulting_version: int | None = Field(description="The version whose text changed because of the comment.")
    disposed_at: dt.datetime | None
    illustrative: bool


# Assessment ---------------------------------------------------------------------------------------------------------


class RatingOut(Schema):
    principle: str
    principle_label: str
    rating: str
    rationale: str
    minority_views: str


class RoleOut(Schema):
    actor: str
    statement: str


class ContributionRefOut(Schema):
    reference: str
    url: str


class DocumentRefOut(Schema):
    id: int
    symbol: str
    title: str
    url: str


class MeetingRefOut(Schema):
    number: int
    title: str
    url: str


class FindingOut(Schema):
    label: str
    number: int
    issue: str
    title: str
    text: str
    url: str
    contributions: list[ContributionRefOut] = Field(description="Published contributions only.")
    documents: list[DocumentRefOut] = Field(description="Public documents only.")
    meetings: list[MeetingRefOut]


class AssessmentOut(Schema):
    issue: str
    issue_title: str
    cluster: str
    arrangements: str
    instruments: str
    summary: str
    released_at: dt.datetime | None
    url: str
    illustrative: bool
    ratings: list[RatingOut]
    roles: list[RoleOut]
    findings: list[FindingOut]


# Reports ------------------------------------------------------------------------------------------------------------


class ReportFileOut(Schema):
    format: str
    filename: str
    content_type: str
    size: int
    sha256: str
    download_url: str


class SubmissionOut(Schema):
    build: int
    submitted_to: str
    submitted_on: dt.date
    note: str
    illustrative: bool


class ReportBuildOut(Schema):
    number: int
    title: str
    symbol: str = Field(description="The document symbol of the adopted edition the build carries; empty if none.")
    adopted_on: dt.date | None = Field(description="The day the group adopted that edition (not the build date).")
    language: str = Field(description="The language of the build (one of the site's: en, fr, es, ru, zh-hans, ar).")
    status: str
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    page_count: int | None
    illustrative: bool
    url: str
    files: list[ReportFileOut]
    submissions: list[SubmissionOut]
