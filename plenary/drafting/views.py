import time

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from plenary.assessment.selectors import contributions_for_assessment, finding_list
from plenary.consultations.spam import RATE_LIMIT_MESSAGE, rate_limited
from plenary.core.feeds import PlainTextAtomFeed, SiteFeed
from plenary.groups.forms import TranslationForm
from plenary.groups.selectors import group_get
from plenary.groups.views_helpers import confirmation_page, is_confirmed, render_group_page
from plenary.issues.selectors import issue_list

from . import services
from .forms import (
    CommentForm,
    DispositionForm,
    DraftForm,
    MoveForm,
    ParagraphFormSet,
    VersionNoteForm,
)
from .models import TRANSITIONS, Draft, DraftStatus, ParagraphComment
from .permissions import (
    can_comment_on_draft,
    can_create_draft,
    can_dispose_comment,
    can_edit_draft,
    can_moderate_comment,
    can_move_draft,
    can_translate_draft,
)
from .selectors import (
    comment_get_by_token,
    comment_list,
    comments_by_paragraph,
    draft_get,
    draft_list,
    paragraph_change,
    paragraph_history,
    paragraphs_localized,
    translation_table,
    version_diff,
    version_get,
    version_list,
)


@require_GET
def draft_index(request, group_slug: str):
    group = group_get(slug=group_slug)
    context = {
        "drafts": draft_list(viewer=request.user, group=group).prefetch_related("issues"),
        "can_create": can_create_draft(request.user, group),
    }
    return render_group_page(request, group, "drafting/list.html", context, section="drafting")


def _reading_context(request, group, draft, number=None) -> dict:
    version = version_get(viewer=request.user, draft=draft, number=number)
    versions = list(version_list(viewer=request.user, draft=draft))
    comments = comments_by_paragraph(viewer=request.user, version=version)
    latest = versions[-1] if versions else version
    is_latest = version.number == latest.number
    shown = paragraphs_localized(viewer=request.user, version=version)
    paragraphs = [
        {"p": p, "comments": comments.get(p.key, []), "shown": shown.get(p.key)} for p in version.paragraphs.all()
    ]
    return {
        "draft": draft,
        "version": version,
        "versions": versions,
        "previous": next((v for v in reversed(versions) if v.number < version.number), None),
        "paragraphs": paragraphs,
        "is_latest": is_latest,
        "can_comment": is_latest and can_comment_on_draft(request.user, draft),
        "can_edit": can_edit_draft(request.user, draft),
        "moves": [to for to in TRANSITIONS[DraftStatus(draft.status)] if can_move_draft(request.user, draft, to)],
        "statuses": DraftStatus,
        "move_form": MoveForm(),
        "can_dispose": can_dispose_comment(request.user, draft),
        "can_translate": can_translate_draft(request.user, draft),
    }


@require_GET
def draft_detail(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    context = _reading_context(request, group, draft)
    return render_group_page(request, group, "drafting/detail.html", context, section="drafting")


@require_GET
def version_detail(request, group_slug: str, slug: str, number: int):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    context = _reading_context(request, group, draft, number)
    return render_group_page(request, group, "drafting/detail.html", context, section="drafting")


@require_GET
def compare(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    versions = list(version_list(viewer=request.user, draft=draft))
    if len(versions) < 2:
        raise Http404
    by_number = {v.number: v for v in versions}
    try:
        old = by_number[int(request.GET.get("from", versions[-2].number))]
        new = by_number[int(request.GET.get("to", versions[-1].number))]
    except (KeyError, ValueError):
        raise Http404 from None
    started = time.perf_counter()
    rows = version_diff(old=old, new=new)
    elapsed = time.perf_counter() - started
    context = {
        "draft": draft,
        "old": old,
        "new": new,
        "rows": rows,
        "versions": versions,
        "elapsed_ms": round(elapsed * 1000, 1),
        "counts": {state: sum(1 for r in rows if r.state == state) for state in ("changed", "added", "removed")},
    }
    return render_group_page(request, group, "drafting/compare.html", context, section="drafting")


@require_GET
def paragraph_history_view(request, group_slug: str, slug: str, key: str):
    """One paragraph through the versions the viewer may read, with its comments and what the group decided on it."""
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    rows = paragraph_history(viewer=request.user, draft=draft, key=key)
    if not rows:
        raise Http404
    context = {"draft": draft, "rows": rows, "key": key}
    return render_group_page(request, group, "drafting/paragraph_history.html", context, section="drafting")


def _draft_form(request, group, draft=None):
    initial = {}
    if draft is not None:
        initial = {
            "slug": draft.slug,
            "title": draft.title,
            "summary": draft.summary,
            "issues": draft.issues.all(),
            "findings": draft.findings.all(),
            "contributions": draft.contributions.all(),
        }
    return DraftForm(
        request.POST or None,
        initial=initial,
        issues=issue_list(group=group),
        findings=finding_list(viewer=request.user, group=group),
        contributions=contributions_for_assessment(viewer=None, group=group).order_by("reference"),
    )


@require_http_methods(["GET", "POST"])
def draft_new(request, group_slug: str):
    group = group_get(slug=group_slug)
    if not can_create_draft(request.user, group):
        raise Http404
    form = _draft_form(request, group)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if Draft.objects.filter(group=group, slug=data["slug"]).exists():
            form.add_error("slug", _("Another draft already has this short name."))
        else:
            draft = services.draft_save(actor=request.user, group=group, **data)
            messages.success(request, _("The draft was created. Write its first version."))
            return redirect("drafting:edit", group_slug=group.slug, slug=draft.slug)
    return render_group_page(request, group, "drafting/draft_form.html", {"form": form}, section="drafting")


@require_http_methods(["GET", "POST"])
def draft_settings(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    if not can_create_draft(request.user, group):
        raise Http404
    form = _draft_form(request, group, draft)
    form.fields["slug"].disabled = True
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "slug"}
        services.draft_save(actor=request.user, group=group, slug=draft.slug, **data)
        messages.success(request, _("Saved."))
        return redirect(draft.get_absolute_url())
    return render_group_page(
        request, group, "drafting/draft_form.html", {"form": form, "draft": draft}, section="drafting"
    )


@require_http_methods(["GET", "POST"])
def draft_edit(request, group_slug: str, slug: str):
    """Edit the text in the browser; saving makes a new version (the old one is never touched)."""
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    if not can_edit_draft(request.user, draft):
        raise Http404
    latest = draft.versions.order_by("-number").first()
    initial = [{"key": p.key, "kind": p.kind, "text": p.text} for p in latest.paragraphs.all()] if latest else []
    formset = ParagraphFormSet(request.POST or None, initial=initial)
    note_form = VersionNoteForm(request.POST or None)
    if request.method == "POST" and formset.is_valid() and note_form.is_valid():
        blocks = []
        for form in formset.ordered_forms if formset.can_order else formset.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE") or not data.get("text", "").strip():
                continue
            blocks.append(services.ParagraphInput(kind=data["kind"], text=data["text"], key=data.get("key", "")))
        try:
            version = services.draft_version_create(
                actor=request.user, draft=draft, paragraphs=blocks, note=note_form.cleaned_data["note"]
            )
        except ValidationError as error:
            formset._non_form_errors = formset.error_class(error.messages)
        else:
            messages.success(request, _("Version %(n)s was saved.") % {"n": version.number})
            return redirect(version.get_absolute_url())
    context = {"draft": draft, "formset": formset, "note_form": note_form, "latest": latest}
    return render_group_page(request, group, "drafting/edit.html", context, section="drafting")


# Moves that cannot be taken back: what the public has read stays public; a final draft is closed for good.
IRREVERSIBLE_MOVES = {
    DraftStatus.CONSULTATION: gettext_lazy("Its versions from now on are public, and stay public."),
    DraftStatus.FINAL: gettext_lazy("A final draft cannot be edited or moved again."),
}


@require_POST
def draft_move(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    form = MoveForm(request.POST)
    if not form.is_valid():
        raise Http404
    to = form.cleaned_data["to"]
    if to not in DraftStatus.values or not can_move_draft(request.user, draft, to):
        raise PermissionDenied
    if to in IRREVERSIBLE_MOVES and not is_confirmed(request):
        return confirmation_page(
            request,
            group,
            title=_("Move “%(title)s” to: %(status)s?") % {"title": draft.title, "status": DraftStatus(to).label},
            message=IRREVERSIBLE_MOVES[to],
            button=_("Move to: %(status)s") % {"status": DraftStatus(to).label},
            cancel_url=draft.get_absolute_url(),
            section="drafting",
        )
    try:
        services.draft_move(
            actor=request.user,
            draft=draft,
            to=to,
            opens_at=form.cleaned_data["opens_at"],
            closes_at=form.cleaned_data["closes_at"],
            note=form.cleaned_data["note"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The draft is now: %(status)s.") % {"status": DraftStatus(to).label})
    return redirect(draft.get_absolute_url())


@require_http_methods(["GET", "POST"])
def comment_new(request, group_slug: str, slug: str, key: str):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    version = version_get(viewer=request.user, draft=draft)
    paragraph = version.paragraphs.filter(key=key).first()
    if paragraph is None:
        raise Http404
    context = {"draft": draft, "version": version, "paragraph": paragraph}
    if not can_comment_on_draft(request.user, draft):
        context["closed_message"] = services.consultation_closed_message(draft, timezone.now())
        response = render_group_page(request, group, "drafting/comment_form.html", context, section="drafting")
        if request.method == "POST":
            response.status_code = 403
        return response
    form = CommentForm(request.POST or None, initial=CommentForm.initial_from_user(request.user))
    if request.method == "POST":
        if rate_limited(request, scope="drafting.comment"):
            form.add_error(None, RATE_LIMIT_MESSAGE)
            response = render_group_page(
                request, group, "drafting/comment_form.html", {**context, "form": form}, section="drafting"
            )
            response.status_code = 429
            return response
        if form.is_valid():
            try:
                _comment, token = services.comment_submit(
                    draft=draft,
                    paragraph_key=key,
                    text=form.cleaned_data["text"],
                    profile=form.profile(),
                    user=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return redirect("drafting:comment_receipt", group_slug=group.slug, token=token)
    context["form"] = form
    return render_group_page(request, group, "drafting/comment_form.html", context, section="drafting")


@require_GET
def comment_receipt(request, group_slug: str, token: str):
    """The submitter's private page: status, moderation reason and disposition of their comment."""
    group = group_get(slug=group_slug)
    comment = comment_get_by_token(token=token)
    if comment.draft.group_id != group.pk:
        raise Http404
    context = {"comment": comment, "change": paragraph_change(comment=comment), "token": token}
    response = render_group_page(request, group, "drafting/comment_receipt.html", context, section="drafting")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = (
        "same-origin"  # not no-referrer: that makes browsers send "Origin: null" and fail CSRF
    )
    return response


@require_GET
def comment_table(request, group_slug: str, slug: str):
    """The comment-response table, generated from the dispositions."""
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    comments = list(
        comment_list(viewer=request.user, draft=draft).order_by("version__number", "paragraph_number", "id")
    )
    rows = [{"comment": c, "change": paragraph_change(comment=c)} for c in comments]
    context = {
        "draft": draft,
        "rows": rows,
        "can_dispose": can_dispose_comment(request.user, draft),
        "can_moderate": can_moderate_comment(request.user, draft),
    }
    return render_group_page(request, group, "drafting/comment_table.html", context, section="drafting")


def _comment_for_secretariat(request, group_slug, slug, pk):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    if not can_dispose_comment(request.user, draft):
        raise PermissionDenied
    comment = ParagraphComment.objects.filter(draft=draft, pk=pk).select_related("version").first()
    if comment is None:
        raise Http404
    return group, draft, comment


@require_http_methods(["GET", "POST"])
def comment_dispose(request, group_slug: str, slug: str, pk: int):
    group, draft, comment = _comment_for_secretariat(request, group_slug, slug, pk)
    versions = draft.versions.filter(number__gt=comment.version.number)
    form = DispositionForm(
        request.POST or None,
        versions=versions,
        initial={
            "disposition": comment.disposition,
            "reason": comment.disposition_reason,
            "resulting_version": comment.resulting_version,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.comment_dispose(
            actor=request.user,
            comment=comment,
            disposition=form.cleaned_data["disposition"],
            reason=form.cleaned_data["reason"],
            resulting_version=form.cleaned_data["resulting_version"],
        )
        messages.success(request, _("The disposition was recorded."))
        return redirect("drafting:comments", group_slug=group.slug, slug=draft.slug)
    context = {"draft": draft, "comment": comment, "form": form, "trail": _comment_trail(comment)}
    return render_group_page(request, group, "drafting/comment_dispose.html", context, section="drafting")


def _comment_trail(comment: ParagraphComment) -> list:
    """The comment's trail in words (statuses and dispositions by their names), as the queue's pages show it."""
    from plenary.consultations.models import ContributionStatus
    from plenary.core.selectors import event_list_for
    from plenary.core.trail import trail_lines

    from .models import Disposition

    names = {
        "status": {v: str(label) for v, label in ContributionStatus.choices},
        "disposition": {v: str(label) for v, label in Disposition.choices},
    }
    labels = {"disposition": _("Disposition"), "disposition_reason": _("Reason"), "resulting_version": _("Version")}
    return trail_lines(event_list_for(comment)[:50], names=names, labels=labels)


@require_POST
def comment_moderate(request, group_slug: str, slug: str, pk: int):
    group, draft, comment = _comment_for_secretariat(request, group_slug, slug, pk)
    status = request.POST.get("status", "")
    try:
        services.comment_moderate(
            actor=request.user, comment=comment, status=status, reason=request.POST.get("reason", "")
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    if request.POST.get("next") == "dispose":  # from the comment's own page, reached from the moderation queue
        return redirect("drafting:dispose", group_slug=group.slug, slug=draft.slug, pk=comment.pk)
    return redirect("drafting:comments", group_slug=group.slug, slug=draft.slug)


class DraftFeed(SiteFeed):
    """New public versions of the group's drafts (Atom). Internal drafts and members-only versions never appear."""

    feed_type = PlainTextAtomFeed

    def get_object(self, request, group_slug: str):
        return group_get(slug=group_slug)

    def title(self, group):
        return _("%(acronym)s: draft recommendations") % {"acronym": group.acronym}

    def link(self, group):
        return reverse("drafting:list", kwargs={"group_slug": group.slug})

    def items(self, group):
        return version_list(viewer=None, group=group).order_by("-created_at")[:50]

    def item_title(self, item):
        return f"{item.draft.title} (v{item.number})"

    def item_description(self, item):
        return item.note or item.draft.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at


def _draft_for_translators(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    draft = draft_get(viewer=request.user, group=group, slug=slug)
    if not can_translate_draft(request.user, draft):
        raise PermissionDenied
    return group, draft


@require_GET
def translation_table_view(request, group_slug: str, slug: str):
    """For the secretariat: the latest version's paragraphs by language, out-of-date translations first."""
    group, draft = _draft_for_translators(request, group_slug, slug)
    table = translation_table(draft=draft)
    context = {
        "draft": draft,
        "table": table,
        "counts": {state: table.count(state) for state in ("current", "stale", "missing")},
        "language_names": dict(settings.LANGUAGES),
    }
    return render_group_page(request, group, "drafting/translations.html", context, section="drafting")


@require_http_methods(["GET", "POST"])
def translation_edit(request, group_slug: str, slug: str, key: str, language: str):
    group, draft = _draft_for_translators(request, group_slug, slug)
    table = translation_table(draft=draft)
    row = next((r for r in table.rows if r.paragraph.key == key), None)
    cell = next((c for c in row.cells if c.language == language), None) if row else None
    if cell is None:
        raise Http404
    form = TranslationForm(request.POST or None, initial={"text": cell.translation.text if cell.translation else ""})
    if request.method == "POST" and form.is_valid():
        try:
            services.paragraph_translation_save(
                actor=request.user, draft=draft, key=key, language=language, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect("drafting:translations", group_slug=group.slug, slug=draft.slug)
    context = {
        "draft": draft,
        "row": row,
        "cell": cell,
        "form": form,
        "language_name": dict(settings.LANGUAGES)[language],
        "language_dir": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
    }
    return render_group_page(request, group, "drafting/translation_edit.html", context, section="drafting")
