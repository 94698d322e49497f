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
Who may see a hit is decided at query time by the source's `visible()`, which asks core.visibility: the entries are
joined to their objects by `object_pk`, so the index holds no copy of any rule. The index keeps no copy of the text
either: the full-text table holds it normalised, and snippets are cut from the source objects of the page shown.
A search ranks the `CANDIDATES` most recent visible matches, so a common word costs what a rare one does.

Backends: SQLite FTS5 (porter + unicode61, bm25 rank) on the embedded default, PostgreSQL full-text search
(tsvector with a GIN index, ts_rank_cd) in production. Chinese has no spaces between words: both sides split it
into overlapping bigrams (`normalise()`), which both databases then index as words. Snippets are cut and
highlighted here, from the text as written, so they look the same on both databases and are HTML-escaped.
`reindex()` rebuilds a source in chunks of a few hundred objects (one upsert and one index write per chunk).
"""

import datetime as dt
import html
import json
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from django.core.paginator import Paginator
from django.db import connection, models
from django.db.models import Exists, OuterRef, Q
from django.db.models.expressions import RawSQL
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
    queryset: Callable[[], models.QuerySet] | None = None  # objects with what `document` reads, for bulk reads
    # The documents of many objects at once (bulk writes), in their order; `document` of each by default.
    documents: Callable[[list[models.Model]], list[IndexDocument | None]] | None = None


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
            parents = _parent_of(instance)
            # One parent, or several (a person's name is in each of their memberships).
            for parent in parents if isinstance(parents, (list, tuple, models.QuerySet)) else [parents]:
                if parent is not None and parent.pk is not None:
                    index_object(_SOURCES[_key], parent)

        post_save.connect(reindex_parent, sender=related_model, weak=False, dispatch_uid=f"search-rel-{source.key}")
        post_delete.connect(
            reindex_parent, sender=related_model, weak=False, dispatch_uid=f"search-reldel-{source.key}"
        )


def sources() -> list[SearchSource]:
    return list(_SOURCES.values())


def narrowed_out(filters: dict, allowed: set[str]) -> bool:
    """Whether a filter names something this source does not have (a call, a stakeholder group...), so that the
    filter excludes the whole source rather than being ignored."""
    return bool(set(filters) - allowed)


@dataclass(frozen=True)
class Facet:
    """A filter of the search page, offered as a choice of names: `choices(viewer)` gives (value, label) pairs of
    what this viewer may see, so no choice names a hidden thing."""

    name: str
    label: Any
    choices: Callable[[Any], list[tuple[str, str]]]
    order: int = 100


_FACETS: dict[str, Facet] = {}


def register_facet(facet: Facet) -> None:
    _FACETS[facet.name] = facet


def facets() -> list[Facet]:
    return sorted(_FACETS.values(), key=lambda f: (f.order, f.name))


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


_MARKS: list[re.Pattern] = []


def _combining_marks() -> re.Pattern:
    """A character class of every code point with a combining class (built once per process, ~0.1 s), so marks
    are dropped by the regex engine rather than a Python loop over each character."""
    if not _MARKS:
        ranges, start, previous = [], None, None
        for point in range(0x110000):
            if unicodedata.combining(chr(point)):
                if start is None:
                    start = point
                previous = point
            elif start is not None:
                ranges.append(f"{re.escape(chr(start))}-{re.escape(chr(previous))}")
                start = None
        _MARKS.append(re.compile(f"[{''.join(ranges)}]+"))
    return _MARKS[0]


def normalise(text: str) -> str:
    """Text as the index sees it: NFKC without accents; runs of Chinese, Japanese, Korean split into bigrams."""
    text = text or ""
    if text.isascii():
        return text  # ASCII is its own NFKC form, holds no mark and no CJK
    # Accents and other combining marks are dropped on both sides (PostgreSQL's 'simple' keeps them, FTS5's
    # remove_diacritics drops them on SQLite only), so "etats" finds "États" on both databases.
    decomposed = unicodedata.normalize("NFKD", text)
    text = unicodedata.normalize("NFKC", _combining_marks().sub("", decomposed))
    return _CJK_RUN.sub(lambda m: f" {_bigrams(m.group(0))} ", text)


def query_terms(query: str) -> list[str]:
    """The words of a query, each CJK run split into bigrams; punctuation and operators are dropped."""
    return [t for t in _WORD.findall(normalise(query).lower()) if t][:20]


# Writing the index -------------------------------------------------------------------------------------------------

WRITE_CHUNK = 500


def _entry_fields(document: IndexDocument) -> dict:
    date = document.date
    if isinstance(date, dt.date) and not isinstance(date, dt.datetime):
        date = dt.datetime.combine(date, dt.time.min, tzinfo=dt.UTC)
    return {
        "group_id": document.group_id,
        "title": document.title[:400],
        "url": document.url[:400],
        "language": document.language or "",
        "date": date,
        "facets": document.facets,
    }


def _write(source: SearchSource, pairs: list[tuple[models.Model, IndexDocument]]) -> None:
    """Upsert the entries of these objects and give their text to the full-text index (set-based)."""
    if not pairs:
        return
    texts = [(normalise(doc.title), normalise((doc.body or "")[:MAX_BODY])) for _obj, doc in pairs]
    _backend().upsert_many(source.key, [(obj.pk, _entry_fields(doc)) for obj, doc in pairs], texts)


def _documents(source: SearchSource, objects: list[models.Model]) -> list[tuple[models.Model, IndexDocument]]:
    made = source.documents(objects) if source.documents is not None else [source.document(o) for o in objects]
    return [(obj, doc) for obj, doc in zip(objects, made, strict=True) if doc is not None]


def index_object(source: SearchSource, obj: models.Model) -> None:
    document = source.document(obj)
    if document is None:
        unindex_object(source, obj.pk)
        return
    _write(source, [(obj, document)])


def index_many(model: type[models.Model], pks: list) -> None:
    """Index many objects of a model at once (a bulk import wrote them without signals)."""
    source = _source_for(model)
    if source is None or "model" not in _INDEX:
        return
    for start in range(0, len(pks), WRITE_CHUNK):
        chunk = list(_source_queryset(source).filter(pk__in=pks[start : start + WRITE_CHUNK]))
        _write(source, _documents(source, chunk))


def index_objects(model: type[models.Model], objects: list[models.Model]) -> None:
    """Index objects a bulk write holds in memory, as they are (with what `document` reads already on them), so
    the import need not read back what it has just written."""
    source = _source_for(model)
    if source is None or "model" not in _INDEX:
        return
    for start in range(0, len(objects), WRITE_CHUNK):
        _write(source, _documents(source, list(objects[start : start + WRITE_CHUNK])))


def unindex_object(source: SearchSource, pk) -> None:
    Entry = index_model()
    entries = Entry.objects.filter(source=source.key, object_pk=pk)
    _backend().remove_many(list(entries.values_list("id", flat=True)))
    entries.delete()


def _source_queryset(source: SearchSource) -> models.QuerySet:
    return source.queryset() if source.queryset is not None else source.model._default_manager.all()


def reindex(keys: list[str] | None = None) -> int:
    """Rebuild the index of the given sources (all by default), set-based. Returns how many objects were read."""
    Entry = index_model()
    count = 0
    for source in _SOURCES.values():
        if keys and source.key not in keys:
            continue
        stale = Entry.objects.filter(source=source.key)
        _backend().remove_source(source.key)
        stale.delete()
        pks = list(source.model._default_manager.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), WRITE_CHUNK):
            chunk = list(_source_queryset(source).filter(pk__in=pks[start : start + WRITE_CHUNK]).order_by("pk"))
            _write(source, _documents(source, chunk))
            count += len(chunk)
    return count


def entry_counts() -> dict[str, int]:
    """How many entries the index holds per source (a record its source keeps out of the index has none)."""
    rows = index_model().objects.values("source").annotate(n=models.Count("id")).order_by()
    return {row["source"]: row["n"] for row in rows}


# Backends ----------------------------------------------------------------------------------------------------------


ENTRY_FIELDS = ["group", "title", "url", "language", "date", "facets", "updated_at"]


class SearchBackend(Protocol):
    def upsert_many(self, key: str, entries: list[tuple[Any, dict]], texts: list[tuple[str, str]]) -> None: ...
    def remove_many(self, entry_ids: list[int]) -> None: ...
    def remove_source(self, key: str) -> None: ...
    def candidates(
        self, queryset, terms: list[str], limit: int, kind: str | None = None, language: str = ""
    ) -> list[tuple[int, float, str]]: ...
    def candidates_by_kind(
        self,
        queryset_for: Callable[[list[str]], Any],
        terms: list[str],
        kinds: list[str],
        each: int,
        language: str = "",
    ) -> dict[str, list[tuple[int, float, str]]]: ...


FTS_TABLE = "consultations_searchentry_fts"
# The stemming configuration of each language where PostgreSQL has one ('simple' otherwise: Chinese is indexed as
# bigrams). Arabic's came with a later PostgreSQL than the others, so each is used only where the server has it.
PG_LANGUAGES = {"en": "english", "fr": "french", "es": "spanish", "ru": "russian", "ar": "arabic"}
_PG_AVAILABLE: dict[str, frozenset] = {}


def pg_config(language: str) -> str:
    """The text search configuration for a language code ("fr", "zh-hans"...) on this PostgreSQL server."""
    if "configs" not in _PG_AVAILABLE:
        with connection.cursor() as cursor:
            cursor.execute("SELECT cfgname FROM pg_ts_config")
            _PG_AVAILABLE["configs"] = frozenset(row[0] for row in cursor.fetchall())
    name = PG_LANGUAGES.get((language or "")[:2], "simple")
    return name if name in _PG_AVAILABLE["configs"] else "simple"


LOAD_TABLE = "search_entry_load"  # PostgreSQL: a temporary table a large chunk of entries is copied into
COPY_FROM = 20  # entries in one write from which PostgreSQL gets them through COPY


class SqliteBackend:
    """FTS5 beside the entries table; the entry's id is the FTS row id. FTS5 keeps the (normalised) text, and the
    entry's kind in a column of its own, which words are never matched against."""

    def upsert_many(self, key, entries, texts) -> None:
        """The entries through the ORM (an upsert), then their text into FTS5, whose old rows go in one DELETE."""
        Entry = index_model()
        Entry.objects.bulk_create(
            [Entry(source=key, object_pk=pk, **fields) for pk, fields in entries],
            update_conflicts=True,
            unique_fields=["source", "object_pk"],
            update_fields=ENTRY_FIELDS,
        )
        ids = dict(
            Entry.objects.filter(source=key, object_pk__in=[pk for pk, _f in entries]).values_list("object_pk", "id")
        )
        rows = [(ids[pk], title, body) for (pk, _f), (title, body) in zip(entries, texts, strict=True)]
        self.remove_many([row[0] for row in rows])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, index_title, index_body, kind) VALUES (%s, %s, %s, %s)",  # noqa: S608
                [[i, title, body, key] for i, title, body in rows],
            )

    def remove_many(self, entry_ids) -> None:
        with connection.cursor() as cursor:
            for start in range(0, len(entry_ids), 500):
                chunk = list(entry_ids[start : start + 500])
                marks = ", ".join(["%s"] * len(chunk))
                cursor.execute(f"DELETE FROM {FTS_TABLE} WHERE rowid IN ({marks})", chunk)  # noqa: S608

    def remove_source(self, key: str) -> None:
        table = index_model()._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute(
                f"DELETE FROM {FTS_TABLE} WHERE rowid IN (SELECT id FROM {table} WHERE source = %s)",  # noqa: S608
                [key],
            )

    def candidates(self, queryset, terms, limit, kind=None, language="", kinds=None):
        """The most recent matches that the viewer may see, with their bm25 rank, in one pass.

        FTS5 walks the match list newest first (ORDER BY rowid DESC is its own order) and the CROSS JOIN keeps it
        the outer loop, so the query stops after `limit` visible matches: no correlated MATCH per row, no sort of
        every match. With `kind` (or several `kinds`), the index itself keeps to those kinds' entries (its
        column), so a few issues are found beside a million contributions without walking the contributions'
        matches. The kind column weighs nothing in bm25, so a rank is the same with or without it.
        """
        words = " ".join('"{}"'.format(t.replace('"', "")) for t in terms)
        expression = f"{{index_title index_body}} : ({words})"
        kinds = [kind] if kind else list(kinds or [])
        if kinds:
            expression += " AND ({})".format(" OR ".join('kind : "{}"'.format(k.replace('"', "")) for k in kinds))
        table = queryset.model._meta.db_table
        compiler = queryset.query.get_compiler(connection=connection)
        where, params = compiler.compile(queryset.query.where)
        # Only constant table names are formatted into the SQL; the words and the conditions travel as parameters.
        sql = (
            f"SELECT {FTS_TABLE}.rowid, -bm25({FTS_TABLE}, 4.0, 1.0, 0.0), {table}.source "  # noqa: S608
            f"FROM {FTS_TABLE} CROSS JOIN {table} ON {table}.id = {FTS_TABLE}.rowid "
            f"WHERE {FTS_TABLE} MATCH %s AND ({where or '1=1'}) ORDER BY {FTS_TABLE}.rowid DESC LIMIT %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [expression, *params, limit])
            return [(row[0], float(row[1]), row[2]) for row in cursor.fetchall()]

    def candidates_by_kind(self, queryset_for, terms, kinds, each, language=""):
        """The `each` most recent visible matches of every one of `kinds`, in one statement in the usual case.

        bm25 counts the rows that hold each word before it ranks the first one (a walk of the word's whole match
        list: ~20 ms for a word in each of 100k entries), so one query per kind paid that walk once per kind.
        Here the kinds are asked together, up to `each` per kind in all; only if that bound is reached (one busy
        kind filled it) is each kind left short asked on its own, so no kind loses a match it would have had.
        """
        if not kinds:
            return {}
        bound = each * len(kinds)
        rows = self.candidates(queryset_for(kinds), terms, bound, kinds=kinds)
        found: dict[str, list] = {}
        for row in rows:
            found.setdefault(row[2], []).append(row)
        if len(rows) >= bound:
            for kind in kinds:
                if len(found.get(kind, [])) < each:
                    found[kind] = self.candidates(queryset_for([kind]), terms, each, kind=kind)
        return {kind: found[kind][:each] for kind in kinds if found.get(kind)}


class PostgresBackend:
    """A tsvector column (title weighted A, body B) with a GIN index; 'simple' words plus the language's stems."""

    def upsert_many(self, key, entries, texts) -> None:
        """One INSERT ... ON CONFLICT per chunk that writes the entries and their vector together, so each row is
        written once (not inserted, then updated with its vector). A large chunk reaches it through COPY into a
        temporary table, which costs less than quoting thousands of values into the statement."""
        import json

        from django.db import transaction

        table = index_model()._meta.db_table
        columns = ("group_id", "title", "url", "language", "date", "facets", "updated_at", "vector")
        rows = [
            (
                pk,
                f["group_id"],
                f["title"],
                f["url"],
                f["language"],
                f["date"],
                json.dumps(f["facets"]),
                title,
                body,
                pg_config(f["language"]),
            )
            for (pk, f), (title, body) in zip(entries, texts, strict=True)
        ]
        load = "(pk bigint, grp bigint, title text, url text, lang text, date timestamptz, facets text, "
        load += "nt text, nb text, cfg text)"
        # Only constant names are formatted into the SQL; every value travels as a parameter or through COPY.
        sql = (
            f"INSERT INTO {table} (source, object_pk, {', '.join(columns)}) "  # noqa: S608
            "SELECT %s, r.pk, r.grp, r.title, r.url, r.lang, r.date, r.facets::jsonb, now(), "
            "setweight(to_tsvector('simple', r.nt), 'A') || setweight(to_tsvector(r.cfg::regconfig, r.nt), 'A') || "
            "setweight(to_tsvector('simple', left(r.nb, 900000)), 'B') || "
            "setweight(to_tsvector(r.cfg::regconfig, left(r.nb, 900000)), 'B') FROM {source} "
            "ON CONFLICT (source, object_pk) DO UPDATE SET " + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns)
        )
        with transaction.atomic(), connection.cursor() as cursor:
            if len(rows) > COPY_FROM:
                cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {LOAD_TABLE} {load} ON COMMIT DELETE ROWS")
                with cursor.cursor.copy(f"COPY {LOAD_TABLE} FROM STDIN") as copy:
                    for row in rows:
                        copy.write_row(row)
                cursor.execute(sql.replace("{source}", f"{LOAD_TABLE} AS r"), [key])
                cursor.execute(f"TRUNCATE {LOAD_TABLE}")
            else:
                arrays = "%s::bigint[], %s::bigint[], %s::text[], %s::text[], %s::text[], %s::timestamptz[], "
                arrays += "%s::text[], %s::text[], %s::text[], %s::text[]"
                names = "r(pk, grp, title, url, lang, date, facets, nt, nb, cfg)"
                cursor.execute(
                    sql.replace("{source}", f"unnest({arrays}) AS {names}"),
                    [key, *(list(c) for c in zip(*rows, strict=True))],
                )

    def remove_many(self, entry_ids) -> None:
        return None  # the vector goes with the entry

    def remove_source(self, key: str) -> None:
        return None

    def candidates(self, queryset, terms, limit, kind=None, language=""):
        """The most recent matches the viewer may see, ranked. The words are also stemmed as the reader's
        `language` stems them, so "consultations" finds "consultation" in French as in English.

        First the GIN index alone says whether the words match fewer than `limit` entries in the whole index
        (visible or not). If they do (a rare word), those entries are all the candidates there can be: only they
        are asked who may see them and ranked, by primary key, so the cost is that of the few rows matched
        whatever the size of the record. Otherwise (a common word) PostgreSQL walks the primary key backwards,
        asks each match who may see it, and stops at `limit`. With `kind` (a few issues beside a million
        contributions), the entries' (source, object) index keeps to that kind, without the first step.
        Without it, the planner sorted a rare word's GIN rows but checked them against a hash of every published
        contribution's id, built for each search (EXPLAIN ANALYZE at 100k: 156 ms, 0.03 of them in the GIN
        index), or walked the whole key backwards when it guessed the word common.
        """
        text = " ".join(terms)
        query = "(plainto_tsquery('simple', %s) || plainto_tsquery('english', %s)"
        params = [text, text]
        config = pg_config(language) if language else "simple"
        if config not in ("simple", "english"):
            query += " || plainto_tsquery(%s::regconfig, %s)"
            params += [config, text]
        query += ")"
        if kind:
            queryset = queryset.filter(source=kind)
        else:
            matched = self._matched_few(query, params, limit)
            if matched is not None:
                if not matched:
                    return []
                queryset = queryset.filter(pk__in=matched)
        rows = (
            queryset.annotate(
                matched=RawSQL(f"vector @@ {query}", params, output_field=models.BooleanField()),  # noqa: S611
                rank=RawSQL(  # noqa: S611
                    f"ts_rank_cd('{{0.05, 0.1, 0.2, 1.0}}', vector, {query}, 32)",
                    params,
                    output_field=models.FloatField(),
                ),
            )
            .filter(matched=True)
            .order_by("-id")
            .values_list("id", "rank", "source")[:limit]
        )
        return [(i, float(rank or 0.0), source) for i, rank, source in rows]

    def candidates_by_kind(self, queryset_for, terms, kinds, each, language=""):
        """Each kind on its own: the (source, object) index keeps each query to that kind's entries."""
        found = {}
        for kind in kinds:
            rows = self.candidates(queryset_for([kind]), terms, each, kind=kind, language=language)
            if rows:
                found[kind] = rows
        return found

    def _matched_few(self, query: str, params: list, limit: int) -> list[int] | None:
        """The ids of every entry the words match, from the GIN index only, if fewer than `limit`;
        None if there are more, or if the planner's statistics say there are far more (a common word, whose
        bitmap of every match would cost more than the walk: 0.2 s for the 285k entries of one word). The
        planner is held to the index (a bitmap scan), which stops reading after `limit` rows; a sequential or
        backward key scan would read the whole table to find a rare word."""
        from django.db import transaction

        table = index_model()._meta.db_table
        # Only constant names are formatted into the SQL; the words travel as parameters.
        sql = f"SELECT id FROM {table} WHERE vector @@ {query}"  # noqa: S608
        arguments = list(params)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", arguments)
            plan = cursor.fetchone()[0]
            plan = json.loads(plan) if isinstance(plan, str) else plan
            if plan[0]["Plan"]["Plan Rows"] > PROBE_ESTIMATE * limit:
                return None
            # A local setting lasts to the end of the transaction, which may be a caller's: both are set back.
            # One statement reads the settings and sets them (select-list items run left to right).
            cursor.execute(
                "SELECT current_setting('enable_seqscan'), current_setting('enable_indexscan'),"
                " set_config('enable_seqscan', 'off', true), set_config('enable_indexscan', 'off', true)"
            )
            before = cursor.fetchone()[:2]
            try:
                cursor.execute(f"{sql} LIMIT %s", [*arguments, limit])
                ids = [row[0] for row in cursor.fetchall()]
            finally:
                cursor.execute(
                    "SELECT set_config('enable_seqscan', %s, true), set_config('enable_indexscan', %s, true)", before
                )
        return ids if len(ids) < limit else None


# A word the statistics expect in more than this many times the window's entries goes straight to the walk of the
# newest entries; below, the GIN index is asked first (an underestimate costs one bitmap, then the walk).
PROBE_ESTIMATE = 10


def _backend() -> SearchBackend:
    return PostgresBackend() if connection.vendor == "postgresql" else SqliteBackend()


# Querying ----------------------------------------------------------------------------------------------------------

CANDIDATES = 5000  # the most recent visible matches a search ranks; beyond, the total is "more than"


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
class HitGroup:
    """The hits of one kind (issues, meetings, members...), best first, and how many of that kind matched."""

    source: str
    label: str
    count: int
    hits: list[Hit]
    exact: bool = True  # False: at least `count` (a window of the most recent matches was counted)

    @property
    def more(self) -> bool:
        return self.count > len(self.hits)


@dataclass
class Results:
    query: str
    hits: list[Hit]
    total: int
    page: Any
    seconds: float
    counts: dict[str, int]
    exact: bool = True
    groups: list[HitGroup] = field(default_factory=list)


def _visible_sets(viewer, filters: dict, only: list[str] | None) -> dict[str, models.QuerySet]:
    """What this viewer may see of each source (asked of its rule once per search), by key, in registered order;
    a source a filter excludes is left out."""
    sets = {}
    for source in _SOURCES.values():
        if only and source.key not in only:
            continue
        visible = source.visible(viewer, filters)
        if visible is not None:
            sets[source.key] = visible
    return sets


def _visible_entries(sets: dict[str, models.QuerySet], group_id: int | None = None):
    """A function of source keys (all by default) to the index entries whose object this viewer may see: each
    source's rule as a semi-join on its key. Each rule is compiled to SQL once per search, so the window of recent
    matches and the query of the other kinds share it rather than building and compiling it twice."""
    Entry = index_model()
    compiled: dict[str, tuple[str, list]] = {}

    def condition(key: str) -> tuple[str, list]:
        if key not in compiled:
            rule = Q(source=key) & Q(Exists(sets[key].order_by().filter(pk=OuterRef("object_pk"))))
            query = Entry.objects.filter(rule).query
            sql, params = query.get_compiler(connection=connection).compile(query.where)
            compiled[key] = (sql, list(params))
        return compiled[key]

    def entries_of(keys: list[str] | None = None) -> models.QuerySet:
        parts = [condition(key) for key in sets if keys is None or key in keys]
        sql = " OR ".join(f"({part})" for part, _params in parts) or "0 = 1"
        params = [param for _part, part_params in parts for param in part_params]
        queryset = Entry.objects.filter(RawSQL(f"({sql})", params, output_field=models.BooleanField()))  # noqa: S611
        return queryset.filter(group_id=group_id) if group_id else queryset

    return entries_of


def search(
    *,
    viewer,
    query: str,
    filters: dict | None = None,
    sources: list[str] | None = None,
    group_id: int | None = None,
    page: int = 1,
    per_page: int = 20,
    grouped: bool = False,
    language: str = "",
) -> Results:
    """Ranked hits that this viewer may see, with highlighted snippets. Filters go to each source's `visible()`.

    With `grouped`, the results also hold the best `PER_GROUP` hits of each kind, so that a person, a meeting
    and an issue are each in view beside a hundred contributions that use the same word.

    Only the `CANDIDATES` most recent visible matches are ranked, so a common word costs what a rare one does;
    snippets are cut for the hits of the page only, from their source objects.

    With the reader's `language`, the words are stemmed in that language too (PostgreSQL), and hits written in
    it (a translation, a contribution in French) rank above equal hits in other languages.
    """
    started = time.monotonic()
    filters = {k: v for k, v in (filters or {}).items() if v}
    terms = query_terms(query)
    sets = _visible_sets(viewer, filters, sources) if terms else {}
    if not sets:
        return Results(query, [], 0, None, time.monotonic() - started, {})
    entries_of = _visible_entries(sets, group_id)
    found = _backend().candidates(entries_of(), terms, CANDIDATES + 1, language=language)
    exact = len(found) <= CANDIDATES
    found = found[:CANDIDATES]
    counts: dict[str, int] = {}
    for _id, _rank, key in found:
        counts[key] = counts.get(key, 0) + 1
    # The kinds whose count is only a lower bound: those of an overflowing window, and any kind asked on its own
    # that overflowed its own.
    inexact: set[str] = set() if exact else set(counts)
    if grouped and not exact:
        # The most recent matches were all of a few busy kinds: ask the other kinds, from the index (together,
        # the backend decides how), so that the Spam issue still shows beside the thousands of contributions
        # that name it.
        others = [key for key in sets if key not in counts]
        by_kind = _backend().candidates_by_kind(entries_of, terms, others, KIND_CANDIDATES + 1, language=language)
        for key in others:
            rows = by_kind.get(key)
            if rows:
                if len(rows) > KIND_CANDIDATES:
                    inexact.add(key)
                rows = rows[:KIND_CANDIDATES]
                counts[key] = len(rows)
                found += rows
    found = _prefer_language(found, language)
    ranked = sorted(found, key=lambda row: (-row[1], -row[0]))
    paginator = Paginator(ranked, per_page)
    current = paginator.get_page(page)
    shown = list(current.object_list)
    best: dict[str, list] = {}
    if grouped:
        for row in ranked:
            kind = best.setdefault(row[2], [])
            if len(kind) < PER_GROUP:
                kind.append(row)
        shown = [row for rows in best.values() for row in rows]
    made = _hits(shown, terms)
    hits = [made[row[0]] for row in current.object_list if row[0] in made]
    groups = [
        HitGroup(
            source=key,
            label=str(_SOURCES[key].label) if key in _SOURCES else key,
            count=counts[key],
            hits=[made[row[0]] for row in rows if row[0] in made],
            exact=key not in inexact,
        )
        for key, rows in best.items()  # in the order of each kind's best hit
    ]
    return Results(query, hits, len(found), current, time.monotonic() - started, counts, exact, groups)


LANGUAGE_BOOST = 2.0  # how much a hit in the reader's language outranks an equal one in another


def _prefer_language(rows: list[tuple[int, float, str]], language: str) -> list[tuple[int, float, str]]:
    """The candidates with those written in the reader's language ranked up (one read of their languages)."""
    if not language or language == "en" or not rows:
        return rows
    base = language.split("-")[0]
    mine = set(
        index_model()
        .objects.filter(pk__in=[row[0] for row in rows], language__startswith=base)
        .values_list("pk", flat=True)
    )
    if not mine:
        return rows
    # bm25 on SQLite is negated (higher is better, may be negative): move by the magnitude either way
    return [(i, rank + abs(rank) * (LANGUAGE_BOOST - 1) + 1e-6 if i in mine else rank, k) for i, rank, k in rows]


PER_GROUP = 5  # the best hits of each kind shown when a search is grouped by kind
KIND_CANDIDATES = 200  # the most recent matches of a kind ranked when the common window held none of that kind


def _hits(rows: list[tuple[int, float, str]], terms: list[str]) -> dict[int, Hit]:
    """The hits of these candidate rows, with snippets cut from their source objects (one read per kind)."""
    entries = index_model().objects.in_bulk([row[0] for row in rows])
    rank_of = {row[0]: row[1] for row in rows}
    bodies = _page_bodies([entries[row[0]] for row in rows if row[0] in entries])
    return {
        entry.pk: Hit(
            source=entry.source,
            source_label=str(_SOURCES[entry.source].label) if entry.source in _SOURCES else entry.source,
            title=entry.title,
            url=entry.url,
            snippet=snippet(bodies.get(entry.pk) or entry.title, terms),
            date=entry.date,
            group_id=entry.group_id,
            language=entry.language,
            rank=rank_of[entry.pk],
        )
        for entry in (entries[row[0]] for row in rows if row[0] in entries)
    }


def _page_bodies(entries: list) -> dict[int, str]:
    """The text of each hit on the page, read from its source object (the index keeps none)."""
    by_source: dict[str, list] = {}
    for entry in entries:
        by_source.setdefault(entry.source, []).append(entry)
    bodies = {}
    for key, items in by_source.items():
        source = _SOURCES.get(key)
        if source is None:
            continue
        objects = _source_queryset(source).in_bulk([e.object_pk for e in items])
        for entry in items:
            obj = objects.get(entry.object_pk)
            document = source.document(obj) if obj is not None else None
            if document is not None:
                bodies[entry.pk] = document.body
    return bodies


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


def search_form_class(viewer):
    """The search form: the words, the kind, and each registered facet as a choice of names this viewer may see."""
    from django import forms
    from django.utils.translation import gettext_lazy as _

    from plenary.core.widgets import QuickSelect

    fields: dict[str, Any] = {
        "q": forms.CharField(label=_("Search"), required=False, max_length=200),
        "source": forms.ChoiceField(
            label=_("In"),
            required=False,
            choices=[("", _("Everything")), *((s.key, s.label) for s in _SOURCES.values())],
            widget=QuickSelect,
        ),
    }
    for facet in facets():
        fields[facet.name] = forms.ChoiceField(
            label=facet.label, required=False, choices=[("", _("All")), *facet.choices(viewer)], widget=QuickSelect
        )
    fields["page"] = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    return type("SearchForm", (forms.Form,), fields)


def search_view(request):
    """/search/?q=...: every registered source, filtered by what the viewer may see. Works without JavaScript.

    Without a kind chosen, the results come grouped by kind (the best few of each, with a link to all of them);
    with one, they are paged.
    """
    from django.shortcuts import render
    from django.utils.translation import get_language

    form = search_form_class(request.user)(request.GET or None)
    results = None
    filters: dict[str, str] = {}
    if form.is_valid() and form.cleaned_data["q"]:
        data = form.cleaned_data
        filters = {facet.name: data.get(facet.name) or "" for facet in facets()}
        results = search(
            viewer=request.user,
            query=data["q"],
            filters=filters,
            sources=[data["source"]] if data["source"] else None,
            page=data.get("page") or 1,
            grouped=not data["source"],
            language=get_language() or "",
        )
    query_string = request.GET.copy()
    query_string.pop("page", None)
    base_query = query_string.copy()
    base_query.pop("source", None)
    return render(
        request,
        "core/search.html",
        {
            "form": form,
            "results": results,
            "filters": filters,
            "facet_fields": [form[facet.name] for facet in facets()],
            "filtered": any(filters.values()),
            "query_string": query_string.urlencode(),
            "base_query": base_query.urlencode(),
            "source": form.cleaned_data.get("source", "") if form.is_bound and form.is_valid() else "",
        },
    )
