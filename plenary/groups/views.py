from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from plenary.core.feeds import PlainTextAtomFeed, SiteFeed
from plenary.core.visibility import group_of

from .charts import balance_heatmap_svg, gender_bar_svg
from .forms import TranslationForm
from .models import WorkingGroup
from .navigation import home_panels, timeline_entries
from .permissions import is_secretariat
from .selectors import (
    group_get,
    membership_balance,
    membership_by_role,
    milestone_list,
    news_get,
    news_list,
    source_language,
    text_hash,
    translatable_get,
    translation_for,
    translation_overview,
    translations_attach,
)
from .services import translation_save
from .views_helpers import render_group_page


def timeline_for(group: WorkingGroup) -> list[dict]:
    """Meetings and other dated events, in date order."""
    entries = timeline_entries(group)
    entries += [
        {"starts_on": m.starts_on, "ends_on": m.ends_on, "title": m.title, "kind": m.kind, "url": ""}
        for m in milestone_list(group=group)
    ]
    return sorted(entries, key=lambda e: e["starts_on"])


@require_GET
def home(request, group_slug: str):
    group = group_get(slug=group_slug)
    context = {
        "timeline": timeline_for(group),
        "panels": home_panels(request, group),
        "latest_news": translations_attach(list(news_list(group=group)[:3])),
    }
    return render_group_page(request, group, "groups/home.html", context, section="home")


@require_GET
def members(request, group_slug: str):
    group = group_get(slug=group_slug)
    balance = membership_balance(group=group)
    context = {
        "sections": membership_by_role(group=group),
        "balance": balance,
        "balance_chart": balance_heatmap_svg(balance) if balance.total else "",
        "gender_chart": gender_bar_svg(balance) if balance.total else "",
    }
    return render_group_page(request, group, "groups/members.html", context, section="members")


@require_GET
def news(request, group_slug: str):
    group = group_get(slug=group_slug)
    items = translations_attach(list(news_list(group=group)))
    return render_group_page(request, group, "groups/news_list.html", {"items": items}, section="news")


@require_GET
def news_detail(request, group_slug: str, slug: str):
    group = group_get(slug=group_slug)
    item = news_get(group=group, slug=slug, viewer=request.user)
    return render_group_page(request, group, "groups/news_detail.html", {"item": item}, section="news")


@require_GET
def contact(request, group_slug: str):
    group = group_get(slug=group_slug)
    return render_group_page(request, group, "groups/contact.html", section="contact")


class NewsFeed(SiteFeed):
    feed_type = PlainTextAtomFeed

    def get_object(self, request, group_slug: str):
        return get_object_or_404(WorkingGroup, slug=group_slug)

    def title(self, group):
        return _("%(name)s: news") % {"name": group.name}

    def link(self, group):
        return group.get_absolute_url()

    def subtitle(self, group):
        return group.mandate[:300]

    def items(self, group):
        return news_list(group=group)[:50]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary or item.body[:1000]

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at


@require_GET
def translations(request, group_slug: str):
    """For the secretariat: the group's texts by language, out-of-date translations first."""
    group = group_get(slug=group_slug)
    if not is_secretariat(request.user, group):
        raise PermissionDenied
    rows = translation_overview(group=group, user=request.user)
    context = {
        "rows": rows,
        "stale_rows": [row for row in rows if row.stale],
        "language_choices": settings.LANGUAGES,
    }
    return render_group_page(request, group, "groups/translations.html", context, section="home")


@require_http_methods(["GET", "POST"])
def translation_edit(request, group_slug: str, kind: str, pk: int, field: str, language: str):
    group = group_get(slug=group_slug)
    if not is_secretariat(request.user, group):
        raise PermissionDenied
    obj = translatable_get(user=request.user, kind=kind, pk=pk, field=field)
    if group_of(obj) != group or language not in dict(settings.LANGUAGES):
        raise Http404
    existing = translation_for(obj, field, language)
    form = TranslationForm(request.POST or None, initial={"text": existing.text if existing else ""})
    if request.method == "POST" and form.is_valid():
        try:
            translation_save(
                actor=request.user, obj=obj, field=field, language=language, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The translation was saved."))
            return redirect("groups:translations", group_slug=group.slug)
    context = {
        "obj": obj,
        "field": field,
        "field_label": obj._meta.get_field(field).verbose_name,
        "source": getattr(obj, field, ""),
        "source_language": source_language(obj),
        "existing": existing,
        "stale": existing is not None and existing.source_hash != text_hash(getattr(obj, field, "") or ""),
        "form": form,
        "language": language,
        "language_name": dict(settings.LANGUAGES)[language],
        "language_dir": "rtl" if language in settings.LANGUAGES_BIDI else "ltr",
    }
    return render_group_page(request, group, "groups/translation_edit.html", context, section="home")
