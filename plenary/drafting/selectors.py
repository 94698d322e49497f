"""Reads of drafts that depend on who is looking: internal drafts and members-only versions are kept from the
public by the rules in core.visibility, which every function here asks."""

from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import get_language

from plenary.core.tokens import token_lookup_hash
from plenary.core.visibility import visible, with_public_flag
from plenary.groups.models import WorkingGroup
from plenary.groups.selectors import LocalizedText, language_code

from .diff import Para, diff_paragraphs
from .models import Draft, DraftVersion, Paragraph, ParagraphComment, ParagraphTranslation


def draft_list(*, viewer, group: WorkingGroup | None = None) -> QuerySet[Draft]:
    """The drafts this viewer may read (of one group or of all), flagged `is_public`."""
    drafts = visible(Draft, viewer)
    if group is not None:
        drafts = drafts.filter(group=group)
    return with_public_flag(Draft, drafts).select_related("group")


def draft_get(*, viewer, group: WorkingGroup, slug: str) -> Draft:
    try:
        return (
            draft_list(viewer=viewer, group=group)
            .prefetch_related("issues__cluster", "findings__assessment__issue")
            .get(slug=slug)
        )
    except Draft.DoesNotExist:
        raise Http404 from None


def version_list(*, viewer, draft: Draft | None = None, group: WorkingGroup | None = None) -> QuerySet[DraftVersion]:
    """The versions this viewer may read, flagged `is_public`: members read them all, the public those from the
    first public one on, of drafts that left the members."""
    versions = visible(DraftVersion, viewer)
    if draft is not None:
        versions = versions.filter(draft=draft)
    if group is not None:
        versions = versions.filter(draft__group=group)
    return with_public_flag(DraftVersion, versions).select_related("draft__group", "created_by")


def version_get(*, viewer, draft: Draft, number: int | None = None) -> DraftVersion:
    """The version asked for, or the latest this viewer may read; 404 when there is none."""
    versions = version_list(viewer=viewer, draft=draft)
    version = versions.filter(number=number).first() if number is not None else versions.order_by("-number").first()
    if version is None:
        raise Http404
    return version


def paragraph_list(*, version: DraftVersion) -> list[Paragraph]:
    return list(version.paragraphs.all())


def version_diff(*, old: DraftVersion, new: DraftVersion):
    def paras(version):
        return [Para(p.key, p.number, p.kind, p.text) for p in version.paragraphs.all()]

    return diff_paragraphs(paras(old), paras(new))


def comment_list(
    *, viewer, draft: Draft | None = None, group: WorkingGroup | None = None
) -> QuerySet[ParagraphComment]:
    """Published comments of readable drafts for everyone; the secretariat also sees those awaiting moderation."""
    comments = visible(ParagraphComment, viewer)
    if draft is not None:
        comments = comments.filter(draft=draft)
    if group is not None:
        comments = comments.filter(draft__group=group)
    return with_public_flag(ParagraphComment, comments).select_related(
        "draft__group", "version", "resulting_version", "stakeholder_group"
    )


def comments_by_paragraph(*, viewer, version: DraftVersion) -> dict[str, list[ParagraphComment]]:
    """Comments beside their paragraph: those made on this version or an earlier one, by stable key."""
    grouped: dict[str, list[ParagraphComment]] = {}
    for comment in comment_list(viewer=viewer, draft=version.draft).filter(version__number__lte=version.number):
        grouped.setdefault(comment.paragraph_key, []).append(comment)
    return grouped


def comment_get_by_token(*, token: str) -> ParagraphComment:
    digest = token_lookup_hash(token)
    if digest is None:
        raise Http404
    try:
        return ParagraphComment.objects.select_related("draft__group", "version", "resulting_version").get(
            private_token_hash=digest
        )
    except ParagraphComment.DoesNotExist:
        raise Http404 from None


def paragraph_change(*, comment: ParagraphComment) -> dict | None:
    """How the commented paragraph changed in the version the disposition points to (None when it did not)."""
    if comment.resulting_version is None:
        return None
    old = comment.version.paragraphs.filter(key=comment.paragraph_key).first()
    new = comment.resulting_version.paragraphs.filter(key=comment.paragraph_key).first()
    old_paras = [Para(old.key, old.number, old.kind, old.text)] if old else []
    new_paras = [Para(new.key, new.number, new.kind, new.text)] if new else []
    rows = diff_paragraphs(old_paras, new_paras)
    return {"row": rows[0] if rows else None, "version": comment.resulting_version}


def draft_home_panel(request, group: WorkingGroup) -> dict | None:
    """Drafts open for comment now, for the group's home."""
    open_drafts = [d for d in draft_list(viewer=request.user, group=group) if d.consultation_is_open()]
    return {"drafts": open_drafts, "group": group} if open_drafts else None


def draft_timeline(group: WorkingGroup) -> list[dict]:
    from django.utils.translation import gettext as _

    return [
        {
            "starts_on": d.consultation_opens_at.date(),
            "ends_on": d.consultation_closes_at.date(),
            "title": d.title,
            "kind": _("Consultation on a draft"),
            "url": d.get_absolute_url(),
        }
        for d in draft_list(viewer=None, group=group).filter(consultation_opens_at__isnull=False)
    ]


def issue_panel(request, issue) -> dict:
    """The drafts that answer an issue, as this viewer may see them, for the issue's page."""
    return {"drafts": list(draft_list(viewer=request.user, group=issue.cluster.group).filter(issues=issue))}


def paragraph_history(*, viewer, draft: Draft, key: str) -> list[dict]:
    """One paragraph through the versions this viewer may read: its text in each, what changed from the one
    before (word diff), and the comments made on it. Empty when no readable version has this key."""
    from .history import paragraph_history_notes

    versions = list(version_list(viewer=viewer, draft=draft).order_by("number"))
    texts = {p.version_id: p for p in Paragraph.objects.filter(version__in=versions, key=key).select_related("version")}
    if not texts:
        return []
    comments = comment_list(viewer=viewer, draft=draft).filter(paragraph_key=key)
    by_version: dict[int, list[ParagraphComment]] = {}
    for comment in comments:
        by_version.setdefault(comment.version_id, []).append(comment)
    rows, previous = [], None
    for version in versions:
        paragraph = texts.get(version.pk)
        if paragraph is None and previous is None:
            continue
        old = [Para(previous.key, previous.number, previous.kind, previous.text)] if previous else []
        new = [Para(paragraph.key, paragraph.number, paragraph.kind, paragraph.text)] if paragraph else []
        diff = diff_paragraphs(old, new)
        rows.append(
            {
                "version": version,
                "paragraph": paragraph,
                "diff": diff[0] if diff else None,
                "comments": by_version.get(version.pk, []),
            }
        )
        if paragraph is None:
            break  # the paragraph was removed in this version
        previous = paragraph
    notes = paragraph_history_notes(viewer=viewer, draft=draft, key=key)
    for row in rows:
        row["notes"] = [n for n in notes if n.get("version_id") == row["version"].pk]
    unplaced = [n for n in notes if n.get("version_id") not in {r["version"].pk for r in rows}]
    if unplaced and rows:
        rows[-1]["notes"] += unplaced
    return rows


# Paragraphs in several languages -----------------------------------------------------------------------------------

TRANSLATION_STATES = ("current", "stale", "missing")


def translation_languages(draft: Draft) -> list[str]:
    """The languages a draft may be translated into: the site's others (drafts are written in English)."""
    return [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def paragraphs_localized(*, viewer, version: DraftVersion, language: str | None = None) -> dict[str, LocalizedText]:
    """Each paragraph of a version in the reader's language where a translation of exactly its text exists and
    the reader may see it; otherwise its English text, marked as a fallback (and as out of date when a translation
    of an earlier text exists). Empty for a reader in English."""
    requested = language_code(language or get_language())
    if requested == settings.LANGUAGE_CODE:
        return {}
    translations = {
        t.paragraph_key: t
        for t in visible(ParagraphTranslation, viewer)
        .filter(draft_id=version.draft_id, language=requested)
        .select_related("source")
    }
    shown = {}
    for paragraph in version.paragraphs.all():
        translation = translations.get(paragraph.key)
        if translation is not None and translation.source.text == paragraph.text:
            shown[paragraph.key] = LocalizedText(translation.text, requested, requested)
        else:
            shown[paragraph.key] = LocalizedText(
                paragraph.text,
                settings.LANGUAGE_CODE,
                requested,
                is_fallback=True,
                is_stale=translation is not None,
            )
    return shown


@dataclass
class TranslationCell:
    language: str
    state: str  # "current", "stale" or "missing"
    translation: ParagraphTranslation | None = None


@dataclass
class TranslationRow:
    paragraph: Paragraph
    cells: list[TranslationCell]

    @property
    def stale(self) -> bool:
        return any(cell.state == "stale" for cell in self.cells)


@dataclass
class TranslationTable:
    """The latest version's paragraphs by language: what is current, out of date, or not translated yet."""

    version: DraftVersion | None
    languages: list[str]
    rows: list[TranslationRow] = field(default_factory=list)

    @property
    def stale_rows(self) -> list[TranslationRow]:
        return [row for row in self.rows if row.stale]

    def count(self, state: str) -> int:
        return sum(1 for row in self.rows for cell in row.cells if cell.state == state)


def translation_table(*, draft: Draft) -> TranslationTable:
    """For the secretariat: every paragraph of the latest version by every other language, with its state.

    A translation is current when the paragraph it was made from has the text of the latest version's paragraph
    with the same key, out of date when that text has changed since.
    """
    languages = translation_languages(draft)
    version = draft.versions.order_by("-number").first()
    if version is None:
        return TranslationTable(None, languages)
    stored = {
        (t.paragraph_key, t.language): t
        for t in ParagraphTranslation.objects.filter(draft=draft).select_related("source", "translated_by")
    }
    rows = []
    for paragraph in version.paragraphs.all():
        cells = []
        for code in languages:
            translation = stored.get((paragraph.key, code))
            if translation is None:
                state = "missing"
            elif translation.source.text == paragraph.text:
                state = "current"
            else:
                state = "stale"
            cells.append(TranslationCell(code, state, translation))
        rows.append(TranslationRow(paragraph, cells))
    return TranslationTable(version, languages, rows)
