"""Site-wide search: a registry of searchable sources and one full-text index behind one interface.

core imports no other plenary app. Each app registers its sources in its AppConfig.ready:

    register_source(SearchSource(
        key="drafts", label=_("Drafts"), model=Draft,
        document=lambda draft: IndexDocument(...) or None,   # None: keep it out of the index
        visible=lambda viewer, filters: Draft.objects...,    # what this viewer may see; None if a filter excludes
        related={DraftVersion: lambda version: version.draft},  # saving these re-indexes their parent
    ))

and one app provides the table of the index with `register_index_model()` (consultations does). The index is
written in the same transaction as the object (a post_save signal), so it can never show what was rolled back.
Who may see a hit is decided at query time by the source's `visible()`, which calls the app's selectors.

Backends: SQLite FTS5 (porter + unicode61, bm25 rank) on the embedded default, PostgreSQL full-text search
(tsvector with a GIN index, ts_rank_cd) in production. Chinese has no spaces between words: both sides split it
into overlapping bigrams (`normalise()`), which both databases then index as words. Snippets are cut and
highlighted here, from the text as written, so they look the same on both databases and are HTML-escaped.
"""

import datetime as dt
import html
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import CharField, Q
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.db.models.signals import post_delete, post_save
from django.utils.safestring import SafeString, mark_safe

MAX_BODY = 1_000_000
SNIPPET_CHARS = 240


@dataclass
class IndexDocument:
    title: str
    body: str
    url: str
    group_id: int | None = None
    language: str = ""
    date: Any = None
    facets: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SearchSource:
    key: str
    label: Any
    model: type[models.Model]
    document: Callable[[models.Model], IndexDocument | None]
    visible: Callable[[Any, dict], models.QuerySet | None]
    related: dict = field(default_factory=dict)


_SOURCES: dict[str, SearchSource] = {}
_INDEX: dict[str, Any] = {}


def register_index_model(model: type[models.Model]) -> None:
    _INDEX["model"] = model


def index_model():
    return _INDEX["model"]


def register_source(source: SearchSource) -> None:
    """Add a searchable source and keep its index entries in step with its saves and deletes."""
    _SOURCES[source.key] = source
    post_save.connect(_saved, sender=source.model, weak=False, dispatch_uid=f"search-save-{source.key}")
    post_delete.connect(_deleted, sender=source.model, weak=False, dispatch_uid=f"search-delete-{source.key}")
    for related_model, parent_of in source.related.items():

        def reindex_parent(sender, instance, _parent_of=parent_of, _key=source.key, **kwargs):
            if kwargs.get("raw"):
                return
            parent = _parent_of(instance)
            if parent is not None and parent.pk is not None:
                index_object(_SOURCES[_key], parent)

        post_save.connect(reindex_parent, sender=related_model, weak=False, dispatch_uid=f"search-rel-{source.key}")
        post_delete.connect(
            reindex_parent, sender=related_model, weak=False, dispatch_uid=f"search-reldel-{source.key}"
        )


def sources() -> list[SearchSource]:
    return list(_SOURCES.values())


def _source_for(model) -> SearchSource | None:
    return next((s for s in _SOURCES.values() if s.model is model), None)


def _saved(sender, instance, raw=False, **kwargs):
    if raw or "model" not in _INDEX:
        return
    source = _source_for(sender)
    if source is not None:
        index_object(source, instance)


def _deleted(sender, instance, **kwargs):
    if "model" not in _INDEX:
        return
    source = _source_for(sender)
    if source is not None:
        unindex_object(source, instance.pk)


# Normalising text -------------------------------------------------------------------------------------------------

_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3040-\u30ff\uac00-\ud7af"
_CJK_RUN = re.compile(f"[{_CJK}]+")
_WORD = re.compile(rf"[{_CJK}]+|\w+", re.UNICODE)


def _bigrams(run: str) -> str:
    if len(run) == 1:
        return run
    return " ".join(run[i : i + 2] for i in range(len(run) - 1))


def normalise(text: str) -> str:
    """Text as the index sees it: NFKC without accents; runs of Chinese, Japanese, Korean split into bigrams."""
    # Accents and other combining marks are dropped on both sides (PostgreSQL's 'simple' keeps them, FTS5's
    # remove_diacritics drops them on SQLite only), so "etats" finds "États" on both databases.
    decomposed = unicodedata.normalize("NFKD", text or "")
    text = unicodedata.normalize("NFKC", "".join(c for c in decomposed if not unicodedata.combining(c)))
    return _CJK_RUN.sub(lambda m: f" {_bigrams(m.group(0))} ", text)


def query_terms(query: str) -> list[str]:
    """The words of a query, each CJK run split into bigrams; punctuation and operators are dropped."""
    return [t for t in _WORD.findall(normalise(query).lower()) if t][:20]


# Writing the index -------------------------------------------------------------------------------------------------


def index_object(source: SearchSource, obj: models.Model) -> None:
    Entry = index_model()
    document = source.document(obj)
    if document is None:
        unindex_object(source, obj.pk)
        return
    body = (document.body or "")[:MAX_BODY]
    date = document.date
    if isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        date = dt.datetime.combine(date, dt.time.min, tzinfo=dt.UTC)
    entry, _created = Entry.objects.update_or_create(
        source=source.key,
        object_id=str(obj.pk),
        defaults={
            "group_id": document.group_id,
            "title": document.title[:400],
            "body": body,
            "index_title": normalise(document.title),
            "index_body": normalise(body),
            "url": document.url[:400],
            "language": document.language or "",
            "date": date,
            "facets": document.facets,
        },
    )
    _backend().write(entry)


def unindex_object(source: SearchSource, pk) -> None:
    Entry = index_model()
    for entry in Entry.objects.filter(source=source.key, object_id=str(pk)):
        _backend().remove(entry.pk)
        entry.delete()


def reindex(keys: list[str] | None = None) -> int:
    """Rebuild the index of the given sources (all by default). Returns how many objects were indexed."""
    count = 0
    for source in _SOURCES.values():
        if keys and source.key not in keys:
            continue
        for obj in source.model._default_manager.all().iterator():
            index_object(source, obj)
            count += 1
    return count


def entry_counts() -> dict[str, int]:
    """How many entries the index holds per source (a record its source keeps out of the index has none)."""
    rows = index_model().objects.values("source").annotate(n=models.Count("id")).order_by()
    return {row["source"]: row["n"] for row in rows}


# Backends ----------------------------------------------------------------------------------------------------------


class SearchBackend(Protocol):
    def write(self, entry) -> None: ...
    def remove(self, entry_id: int) -> None: ...
    def matching(self, queryset, terms: list[str]) -> models.QuerySet: ...


FTS_TABLE = "consultations_searchentry_fts"
PG_CONFIGS = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian"}


class SqliteBackend:
    """FTS5 beside the entries table; the entry's id is the FTS row id."""

    def write(self, entry) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry.pk])  # noqa: S608 (constant name)
            cursor.execute(
                f"INSERT INTO {FTS_TABLE} (rowid, index_title, index_body) VALUES (%s, %s, %s)",  # noqa: S608
                [entry.pk, entry.index_title, entry.index_body],
            )

    def remove(self, entry_id: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [entry_id])  # noqa: S608

    def matching(self, queryset, terms):
        expression = " ".join('"{}"'.format(t.replace('"', "")) for t in terms)
        table = queryset.model._meta.db_table
        # Only constant table names are formatted into the SQL; the user's words travel as parameters.
        return queryset.filter(
            id__in=RawSQL(  # noqa: S611
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s",  # noqa: S608
                [expression],
            )
        ).annotate(
            rank=RawSQL(  # noqa: S611
                f"(SELECT -bm25({FTS_TABLE}, 4.0, 1.0) FROM {FTS_TABLE} "  # noqa: S608
                f"WHERE {FTS_TABLE} MATCH %s AND {FTS_TABLE}.rowid = {table}.id)",
                [expression],
                output_field=models.FloatField(),
            )
        )


class PostgresBackend:
    """A tsvector column (title weighted A, body B) with a GIN index; 'simple' words plus the language's stems."""

    def write(self, entry) -> None:
        config = PG_CONFIGS.get(entry.language[:2], "simple")
        table = type(entry)._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET vector = "  # noqa: S608 (constant names)
                "setweight(to_tsvector('simple', index_title), 'A') || "
                "setweight(to_tsvector(%s::regconfig, index_title), 'A') || "
                "setweight(to_tsvector('simple', left(index_body, 900000)), 'B') || "
                "setweight(to_tsvector(%s::regconfig, left(index_body, 900000)), 'B') WHERE id = %s",
                [config, config, entry.pk],
            )

    def remove(self, entry_id: int) -> None:
        return None  # the row goes with the entry

    def matching(self, queryset, terms):
        text = " ".join(terms)
        # Constant SQL; the user's words travel as parameters.
        query = "(plainto_tsquery('simple', %s) || plainto_tsquery('english', %s))"
        return queryset.annotate(
            matched=RawSQL(f"vector @@ {query}", [text, text], output_field=models.BooleanField()),  # noqa: S611
            rank=RawSQL(  # noqa: S611
                f"ts_rank_cd('{{0.05, 0.1, 0.2, 1.0}}', vector, {query}, 32)",
                [text, text],
                output_field=models.FloatField(),
            ),
        ).filter(matched=True)


def _backend() -> SearchBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


# Querying ----------------------------------------------------------------------------------------------------------


@dataclass
class Hit:
    source: str
    source_label: str
    title: str
    url: str
    snippet: SafeString
    date: Any
    group_id: int | None
    language: str
    rank: float


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: Any
    seconds: float
    counts: dict[str, int]


def _visible_q(viewer, filters: dict, only: list[str] | None) -> Q | None:
    q = None
    for source in _SOURCES.values():
        if only and source.key not in only:
            continue
        visible = source.visible(viewer, filters)
        if visible is None:
            continue
        ids = visible.order_by().annotate(_search_id=Cast("pk", CharField())).values("_search_id")
        part = Q(source=source.key, object_id__in=ids)
        q = part if q is None else q | part
    return q


def search(
    *,
    viewer,
    query: str,
    filters: dict | None = None,
    sources: list[str] | None = None,
    group_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
) -> Results:
    """Ranked hits that this viewer may see, with highlighted snippets. Filters go to each source's `visible()`."""
    started = time.monotonic()
    filters = {k: v for k, v in (filters or {}).items() if v}
    terms = query_terms(query)
    Entry = index_model()
    visible = _visible_q(viewer, filters, sources)
    if not terms or visible is None:
        return Results(query, [], 0, None, time.monotonic() - started, {})
    queryset = Entry.objects.filter(visible)
    if group_id:
        queryset = queryset.filter(group_id=group_id)
    queryset = _backend().matching(queryset, terms)
    counts = {row["source"]: row["n"] for row in queryset.values("source").annotate(n=models.Count("id"))}
    paginator = Paginator(queryset.order_by("-rank", "-date", "id"), per_page)
    current = paginator.get_page(page)
    hits = [
        Hit(
            source=entry.source,
            source_label=str(_SOURCES[entry.source].label) if entry.source in _SOURCES else entry.source,
            title=entry.title,
            url=entry.url,
            snippet=snippet(entry.body or entry.title, terms),
            date=entry.date,
            group_id=entry.group_id,
            language=entry.language,
            rank=entry.rank or 0.0,
        )
        for entry in current.object_list
    ]
    return Results(query, hits, paginator.count, current, time.monotonic() - started, counts)


def snippet(text: str, terms: list[str], width: int = SNIPPET_CHARS) -> SafeString:
    """A window of the text around the first match, HTML-escaped, with every query word in <mark>."""
    text = " ".join((text or "").split())
    if not terms:
        return mark_safe(html.escape(text[:width]))  # noqa: S308 (escaped)
    # A word matches with any ending ("consultation" finds "consultations"); CJK bigrams match as written.
    stems = sorted({t[: max(4, len(t) - 2)] if len(t) > 5 else t for t in terms}, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(s) + (r"\w*" if s.isascii() else "") for s in stems), re.IGNORECASE)
    match = pattern.search(text)
    start = 0 if match is None else max(0, match.start() - width // 3)
    window = text[start : start + width]
    pieces, last = [], 0
    for m in pattern.finditer(window):
        pieces.append(html.escape(window[last : m.start()]))
        pieces.append(f"<mark>{html.escape(m.group(0))}</mark>")
        last = m.end()
    pieces.append(html.escape(window[last:]))
    prefix = "… " if start > 0 else ""
    suffix = " …" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(pieces) + suffix)  # noqa: S308 (every piece is escaped)


# The page ----------------------------------------------------------------------------------------------------------


def search_view(request):
    """/search/?q=...: every registered source, filtered by what the viewer may see. Works without JavaScript."""
    from django import forms
    from django.shortcuts import render
    from django.utils.translation import gettext_lazy as _

    class SearchForm(forms.Form):
        q = forms.CharField(label=_("Search"), required=False, max_length=200)
        source = forms.ChoiceField(
            label=_("In"),
            required=False,
            choices=[("", _("Everything")), *((s.key, s.label) for s in _SOURCES.values())],
        )
        page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    form = SearchForm(request.GET or None)
    filters = {
        name: request.GET.get(name, "").strip()[:64]
        for name in ("group", "call", "issue", "kind", "stakeholder_group", "region", "country", "language")
    }
    results = None
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        results = search(
            viewer=request.user,
            query=data["q"],
            filters=filters,
            sources=[data["source"]] if data["source"] else None,
            page=data.get("page") or 1,
        )
    query_string = request.GET.copy()
    query_string.pop("page", None)
    return render(
        request,
        "core/search.html",
        {"form": form, "results": results, "filters": filters, "query_string": query_string.urlencode()},
    )
