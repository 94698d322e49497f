"""report.html: the synopsis an analyst writes, self-contained (inline SVG, no script, no network).

One count, many views: every table and chart is drawn from the same tallies (`Analysis.overview`, each
`IssueSynthesis`, each `QuestionSynthesis`), where raw counts count submissions and voices count each campaign
once, at its representative; each view of a count (by stakeholder group, region, country, language, day) adds
up to the same total (tests/insight/test_figures.py checks it).

Charts are drawn by hand in SVG rather than with Altair: a few bars need no Vega runtime, the file stays readable
offline and under a strict CSP. The map is a tile map (one square per country, in rows by UN M49 sub-region),
which needs no geometry file and shows small countries as plainly as large ones.

Fields that other parts of the engine may add (campaign families and why a campaign is one, the boilerplate
table, taxonomy-fit warnings) are shown when they are there.
"""

from __future__ import annotations

import datetime as dt
from gettext import gettext as _
from html import escape
from typing import TYPE_CHECKING

from insight.regions import SUBREGIONS

if TYPE_CHECKING:
    from insight.pipeline import Analysis

UNKNOWN = "unknown"
BLUES = ("#eef3fa", "#c6d7ee", "#8fb0dc", "#4f81c2", "#1f4e8c")
STANCE_COLOURS = {"support": "#2e7d32", "oppose": "#b23c17", "neutral": "#777"}


def _h(s: object) -> str:
    return escape(str(s))


def bar_chart(title: str, series: dict[str, tuple[int, int]], width: int = 520, limit: int = 15) -> str:
    """Horizontal bars: raw count (light) behind campaign-aware voices (dark) for each label."""
    if not series:
        return ""
    items = list(series.items())
    rest = items[limit:]
    items = items[:limit]
    if rest:
        items.append(
            (_("%(n)d more") % {"n": len(rest)}, (sum(rv[0] for _k, rv in rest), sum(rv[1] for _k, rv in rest)))
        )
    row, label_w = 22, 170
    top = max(max(rv) for _k, rv in items) or 1
    h = row * len(items) + 30
    scale = (width - label_w - 70) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img" aria-label="{_h(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{_h(title)}</text>',
    ]
    for n, (label, (raw, voices)) in enumerate(items):
        y = 24 + n * row
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{_h(str(label)[:26])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{raw * scale:.1f}" height="16" fill="#b7cde8"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 6}" width="{voices * scale:.1f}" height="8" fill="#1f4e8c"/>')
        parts.append(f'<text x="{label_w + raw * scale + 4:.1f}" y="{y + 14}" font-size="11">{raw} / {voices}</text>')
    parts.append("</svg>")
    return "".join(parts)


def _bins(days: dict[str, int]) -> tuple[str, list[tuple[dt.date, int]]]:
    """Counts per day regrouped by day, month or year (whichever keeps the axis readable), every bin in the
    span included: a gap in time is a gap on the axis, not a straight line from one date to the next."""
    dated = {}
    for k, v in days.items():
        try:
            dated[dt.date.fromisoformat(k)] = v
        except ValueError:
            continue
    if not dated:
        return "day", []
    first, last = min(dated), max(dated)
    span = (last - first).days
    unit = "day" if span <= 92 else "month" if span <= 3 * 366 else "year"

    def key(d: dt.date) -> dt.date:
        return d if unit == "day" else d.replace(day=1) if unit == "month" else d.replace(month=1, day=1)

    counts: dict[dt.date, int] = {}
    for d, v in dated.items():
        counts[key(d)] = counts.get(key(d), 0) + v
    out = []
    d = key(first)
    while d <= key(last):
        out.append((d, counts.get(d, 0)))
        if unit == "day":
            d += dt.timedelta(days=1)
        elif unit == "month":
            d = d.replace(year=d.year + d.month // 12, month=d.month % 12 + 1)
        else:
            d = d.replace(year=d.year + 1)
    return unit, out


def time_chart(title: str, raw_by_day: dict[str, int], voices_by_day: dict[str, int], width: int = 640) -> str:
    """Submissions (light) and voices (dark) per day, month or year on a continuous time axis."""
    unit, raw = _bins(raw_by_day)
    if not raw:
        return ""
    _unit, voices = _bins({**dict.fromkeys(raw_by_day, 0), **voices_by_day})
    vmap = dict(voices)
    left, h, bottom = 40, 170, 30
    n = len(raw)
    step = (width - left - 10) / n
    top = max(v for _d, v in raw) or 1
    scale = (h - bottom - 24) / top
    undated = raw_by_day.get(UNKNOWN, 0)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img" aria-label="{_h(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{_h(title)} ({_h(_("per %s") % unit)})</text>',
        f'<line x1="{left}" y1="{h - bottom}" x2="{width - 10}" y2="{h - bottom}" stroke="#999"/>',
        f'<text x="{left - 4}" y="{h - bottom - top * scale + 4:.1f}" font-size="10" text-anchor="end">{top}</text>',
    ]
    label_every = max(1, n // 8)
    for i, (d, r) in enumerate(raw):
        x = left + i * step
        v = vmap.get(d, 0)
        label = d.isoformat() if unit == "day" else d.strftime("%Y-%m") if unit == "month" else str(d.year)
        if r:
            parts.append(
                f'<rect x="{x:.1f}" y="{h - bottom - r * scale:.1f}" width="{max(step - 1, 1):.1f}" '
                f'height="{r * scale:.1f}" fill="#b7cde8"><title>{_h(label)}: {r} / {v}</title></rect>'
            )
        if v:
            parts.append(
                f'<rect x="{x + step * 0.25:.1f}" y="{h - bottom - v * scale:.1f}" width="{max(step * 0.5, 1):.1f}" '
                f'height="{v * scale:.1f}" fill="#1f4e8c"/>'
            )
        if i % label_every == 0:
            parts.append(f'<text x="{x:.1f}" y="{h - bottom + 14}" font-size="10">{_h(label)}</text>')
    if undated:
        parts.append(
            f'<text x="{left}" y="{h - 2}" font-size="10">{_h(_("%(n)d without a date") % {"n": undated})}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def tile_map(title: str, by_country: dict[str, int], width: int = 720, tile: int = 22) -> str:
    """One square per country, in rows by M49 sub-region, shaded by count (five steps); grey: none."""
    counts = {k: v for k, v in by_country.items() if k != UNKNOWN}
    top = max(counts.values(), default=0)
    label_w = 190
    per_row = max(1, (width - label_w) // (tile + 2))
    rows: list[tuple[str, list[str]]] = []
    for sub, (_region, codes) in SUBREGIONS.items():
        cs = codes.split()
        for k in range(0, len(cs), per_row):
            rows.append((sub if k == 0 else "", cs[k : k + per_row]))
    h = 24 + len(rows) * (tile + 2) + 24
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img" aria-label="{_h(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{_h(title)}</text>',
    ]
    for r, (label, codes) in enumerate(rows):
        y = 24 + r * (tile + 2)
        if label:
            parts.append(f'<text x="0" y="{y + tile - 7}" font-size="11">{_h(label)}</text>')
        for c, code in enumerate(codes):
            x = label_w + c * (tile + 2)
            v = counts.get(code, 0)
            fill = "#e4e4e4" if not v else BLUES[min(4, int(4 * v / top)) if top > 1 else 4]
            ink = "#fff" if v and fill in BLUES[3:] else "#333"
            parts.append(
                f'<g><rect x="{x}" y="{y}" width="{tile}" height="{tile}" fill="{fill}"/>'
                f'<text x="{x + tile / 2}" y="{y + tile - 7}" font-size="8" text-anchor="middle" fill="{ink}">'
                f"{code}</text><title>{code}: {v}</title></g>"
            )
    legend_y = h - 12
    parts.append(f'<text x="0" y="{legend_y}" font-size="10">{_h(_("0"))}</text>')
    for k, colour in enumerate(BLUES):
        parts.append(f'<rect x="{20 + k * 24}" y="{legend_y - 10}" width="22" height="12" fill="{colour}"/>')
    parts.append(f'<text x="{20 + 5 * 24 + 4}" y="{legend_y}" font-size="10">{top}</text>')
    if by_country.get(UNKNOWN):
        parts.append(
            f'<text x="200" y="{legend_y}" font-size="10">'
            f"{_h(_('%(n)d with no known country') % {'n': by_country[UNKNOWN]})}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def counts_table(title: str, raw: dict[str, int], voices: dict[str, int], limit: int = 25) -> str:
    """A table of raw and voice counts with its total row (the same total as every other view of this count)."""
    if not raw:
        return ""
    keys = sorted(raw, key=lambda k: (k == UNKNOWN, -raw[k], k))
    out = [f"<table><caption>{_h(title)}</caption><tr><th></th><th>{_h(_('submissions'))}</th>"]
    out.append(f"<th>{_h(_('voices'))}</th></tr>")
    shown = keys[:limit]
    for k in shown:
        out.append(f"<tr><td>{_h(k)}</td><td>{raw[k]}</td><td>{voices.get(k, 0)}</td></tr>")
    if len(keys) > limit:
        rest = keys[limit:]
        out.append(
            f"<tr><td>{_h(_('%(n)d others') % {'n': len(rest)})}</td><td>{sum(raw[k] for k in rest)}</td>"
            f"<td>{sum(voices.get(k, 0) for k in rest)}</td></tr>"
        )
    out.append(
        f"<tr class='total'><td>{_h(_('total'))}</td><td>{sum(raw.values())}</td><td>{sum(voices.values())}</td></tr>"
    )
    out.append("</table>")
    return "".join(out)


def _pairs(raw: dict[str, int], voices: dict[str, int]) -> dict[str, tuple[int, int]]:
    return {k: (raw[k], voices.get(k, 0)) for k in sorted(raw, key=lambda k: (k == UNKNOWN, -raw[k], k))}


def _quotes(label: str, items: list) -> str:
    if not items:
        return ""
    out = [f"<h4>{_h(label)}</h4>"]
    for e in items:
        camp = _(", campaign %(c)s (%(n)d signatories)") % {"c": e.campaign, "n": e.signatories} if e.campaign else ""
        out.append(
            f"<blockquote>{_h(e.text)}<br><span class='ref'>{_h(e.record_id)}, {_h(e.stakeholder_group or '')}, "
            f"{_h(e.region or '')}{_h(camp)}</span></blockquote>"
        )
    return "".join(out)


def _issue_section(i, level: int = 3) -> str:
    out = [f"<h{level} id='issue-{_h(i.issue)}'>{i.cluster}. {_h(i.title)}</h{level}>"]
    out.append(
        f"<p>{_h(_('%(raw)d submissions, %(voices)d voices.') % {'raw': i.raw_total, 'voices': i.voices_total})}</p>"
    )
    for alert in i.alerts:
        out.append(f"<p class='alert'>{_h(alert)}</p>")
    out.append("<div class='row'>")
    out.append(bar_chart(_("By stakeholder group"), _pairs(i.raw_by_group, i.voices_by_group)))
    out.append(bar_chart(_("By region"), _pairs(i.raw_by_region, i.voices_by_region)))
    out.append("</div>")
    raw_c = getattr(i, "raw_by_country", {}) or {}
    voices_c = getattr(i, "voices_by_country", {}) or {}
    if raw_c:
        out.append(f"<details><summary>{_h(_('By country: table and map'))}</summary>")
        out.append(counts_table(_("By country"), raw_c, voices_c))
        out.append(tile_map(_("Voices by country"), voices_c, tile=16))
        out.append("</details>")
    raw_d = getattr(i, "raw_by_day", {}) or {}
    if raw_d:
        out.append(time_chart(_("Over time"), raw_d, getattr(i, "voices_by_day", {}) or {}))
    out.append(_quotes(_("Most representative"), i.representative))
    out.append(_quotes(_("Most distinct"), i.distinct))
    return "".join(out)


def _question_section(q) -> str:
    qu = q.question
    out = [f"<h3 id='question-{_h(qu.id)}'>{_h(qu.id)}. {_h(qu.label)}</h3>"]
    summary = _(
        "%(kind)s question: answered in %(raw)d submissions (%(voices)d voices); not answered in %(nraw)d "
        "(%(nvoices)d voices)."
    ) % {
        "kind": {"single": _("Single-choice"), "multiple": _("Multiple-choice"), "open": _("Open")}.get(
            qu.kind, qu.kind
        ),
        "raw": q.answered.raw,
        "voices": q.answered.voices,
        "nraw": q.not_answered.raw,
        "nvoices": q.not_answered.voices,
    }
    out.append(f"<p>{_h(summary)}</p>")
    if qu.closed:
        head = f"<tr><th>{_h(_('choice'))}</th><th>{_h(_('submissions'))}</th><th>{_h(_('voices'))}</th>"
        groups = sorted({g for t in q.choices.values() for g in t.raw_by["stakeholder_group"]})
        head += "".join(f"<th>{_h(g)}<br><small>{_h(_('voices'))}</small></th>" for g in groups) + "</tr>"
        rows = []
        for c in qu.choices:
            t = q.choices[c.id]
            cells = "".join(f"<td>{t.voices_by['stakeholder_group'].get(g, 0)}</td>" for g in groups)
            stance = f" <small>({_h(c.stance)})</small>" if c.stance else ""
            rows.append(f"<tr><td>{_h(c.label)}{stance}</td><td>{t.raw}</td><td>{t.voices}</td>{cells}</tr>")
        out.append(f"<table><caption>{_h(_('Answers by choice and stakeholder group'))}</caption>{head}")
        out.append("".join(rows) + "</table>")
        series = {c.label: (q.choices[c.id].raw, q.choices[c.id].voices) for c in qu.choices}
        out.append(bar_chart(_("Answers"), series))
        regions = sorted({g for t in q.choices.values() for g in t.raw_by["region"]})
        if regions:
            head = f"<tr><th>{_h(_('choice'))}</th>" + "".join(f"<th>{_h(r)}</th>" for r in regions) + "</tr>"
            body = "".join(
                f"<tr><td>{_h(c.label)}</td>"
                + "".join(f"<td>{q.choices[c.id].voices_by['region'].get(r, 0)}</td>" for r in regions)
                + "</tr>"
                for c in qu.choices
            )
            out.append(f"<table><caption>{_h(_('Voices by choice and region'))}</caption>{head}{body}</table>")
        if q.stance:
            out.append(f"<h4>{_h(_('Stance'))}</h4><p>")
            total = sum(t.voices for t in q.stance.values()) or 1
            for name, t in q.stance.items():
                colour = STANCE_COLOURS.get(name, "#333")
                out.append(
                    f"<span style='color:{colour}'><b>{_h(name)}</b>: {t.voices} "
                    f"{_h(_('voices'))} ({t.voices / total:.0%}), {t.raw} {_h(_('submissions'))}</span> &nbsp; "
                )
            out.append("</p>")
    else:
        ranked = sorted((i for i in q.issues if i.raw_total), key=lambda i: -i.raw_total)
        if ranked:
            out.append(bar_chart(_("Issues in the answers"), {i.title: (i.raw_total, i.voices_total) for i in ranked}))
            for i in ranked[:8]:
                out.append(_issue_section(i, level=4))
    return "".join(out)


def _methods(a: Analysis) -> str:
    s = a.stats
    n = s.get("records", 0) or 1
    out = [f"<h2 id='methods'>{_h(_('Methods and caveats'))}</h2><ul>"]

    def li(text: str) -> None:
        out.append(f"<li>{text}</li>")

    li(
        _h(
            _(
                "Submissions are counted raw and as voices: a campaign (near-identical letters) counts once, at its "
                "representative's stakeholder group, region and country. A submission counts for its best issue "
                "and for any other issue it scores at least 0.3 on, so issue counts add up to more than the records."
            )
        )
    )
    nf, ao = s.get("no_free_text", 0), s.get("attachment_only", 0)
    li(
        _h(
            _(
                "%(nf)d submissions (%(share).1f%%) have no free text of their own (empty, or only file names, "
                "addresses or numbers); %(ao)d of them point to an attachment only. They are counted, but give no "
                "quotation and their issue scores say little."
            )
            % {"nf": nf, "share": 100 * nf / n, "ao": ao}
        )
    )
    langs = ", ".join(f"{_h(k)} {v}" for k, v in s.get("languages", {}).items())
    li(_h(_("Languages (detected on the respondents' own words, by majority for mixed texts): ")) + langs)
    if s.get("language_contradicted"):
        pairs = ", ".join(f"{_h(k)} ({v})" for k, v in s.get("language_contradictions", {}).items())
        li(
            _h(
                _("%(n)d submissions were given a language their text clearly is not in; the text's is used: ")
                % {"n": s["language_contradicted"]}
            )
            + pairs
        )
    if s.get("countries_unknown"):
        unknown = ", ".join(f"'{_h(k)}' ({v})" for k, v in s.get("unknown_countries", {}).items())
        li(
            _h(
                _(
                    "%(n)d submissions give a country that is not recognised (neither an ISO code nor a name in the "
                    "six UN languages, or one naming two countries); they have no region and count as unknown: "
                )
                % {"n": s["countries_unknown"]}
            )
            + unknown
        )
    for key, value in s.items():  # warnings other stages add (taxonomy fit, boilerplate, free text)
        if any(w in key for w in ("taxonomy", "fit", "warning")) and value:
            if isinstance(value, dict):
                shown = "; ".join(f"{_h(k)}: {_h(v)}" for k, v in value.items() if not isinstance(v, dict | list))
                lists = [v for v in value.values() if isinstance(v, list) and v and isinstance(v[0], str)]
                shown += "".join(f"<br>{_h(w)}" for ws in lists for w in ws)
                li(f"{_h(key)}: {shown}")
            else:
                li(f"{_h(key)}: {_h(value)}")
    free = s.get("free_text")
    if isinstance(free, dict) and free:
        li(_h(_("Free text: ")) + ", ".join(f"{_h(k)} {_h(v)}" for k, v in free.items()))
    bp = getattr(a, "boilerplate", None)
    lines = []
    if bp is not None and hasattr(bp, "as_json"):
        data = bp.as_json()
        lines = data.get("lines") or data.get("boilerplate") or []
    if lines:
        li(_h(_("Stock lines left out of campaigns and classification (most frequent first):")))
        out.append("<ol class='small'>")
        for item in lines[:30]:
            if isinstance(item, dict):
                text = item.get("text") or item.get("line") or item.get("example") or ""
                count = item.get("count") or item.get("records") or item.get("frequency") or ""
            else:
                text, count = str(item), ""
            out.append(f"<li>{_h(str(text)[:160])} <span class='ref'>{_h(count)}</span></li>")
        out.append("</ol>")
    out.append("</ul>")
    return "".join(out)


def render_report(a: Analysis) -> str:
    s = a.stats
    ov = a.overview or {}
    issues = sorted(a.issues, key=lambda i: -i.raw_total)
    out = [
        "<!doctype html><html><head><meta charset='utf-8'>",
        f"<title>{_h(_('Analysis of public input'))}</title>",
        "<style>body{font-family:sans-serif;max-width:62rem;margin:2rem auto;padding:0 1rem}"
        "blockquote{border-left:3px solid #1f4e8c;margin:.5rem 0;padding:.2rem .8rem}"
        "table{border-collapse:collapse;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.15rem .4rem;"
        "text-align:right}td:first-child,caption{text-align:left}tr.total{font-weight:bold}"
        ".alert{color:#8a1c1c}.ref{color:#555;font-size:.85em}.small{font-size:.9em}"
        ".row{display:flex;flex-wrap:wrap;gap:1rem}</style></head><body>",
        f"<h1>{_h(_('Analysis of public input: %s') % (a.taxonomy.name or a.taxonomy.group))}</h1>",
        "<p>"
        + _h(
            _(
                "%(records)d submissions, %(campaigns)d campaigns holding %(inside)d of them, so %(voices)d "
                "distinct voices. Bars: light = submissions, dark = voices (a campaign counts once)."
            )
            % {
                "records": s["records"],
                "campaigns": s["campaigns"],
                "inside": s["records_in_campaigns"],
                "voices": s["voices"],
            }
        )
        + "</p>",
        "<p class='small'><a href='#overview'>"
        + _h(_("Who took part"))
        + "</a> · <a href='#issues'>"
        + _h(_("Issues"))
        + "</a>"
        + (" · <a href='#questions'>" + _h(_("Questions")) + "</a>" if a.questions else "")
        + " · <a href='#campaigns'>"
        + _h(_("Campaigns"))
        + "</a> · <a href='#methods'>"
        + _h(_("Methods and caveats"))
        + "</a> · "
        + _h(_("every record with its results: "))
        + "<a href='records.csv'>records.csv</a>, <a href='records.xlsx'>records.xlsx</a></p>",
    ]
    if ov:
        out.append(f"<h2 id='overview'>{_h(_('Who took part'))}</h2><div class='row'>")
        out.append(
            bar_chart(
                _("By stakeholder group"), _pairs(ov["raw_by_stakeholder_group"], ov["voices_by_stakeholder_group"])
            )
        )
        out.append(bar_chart(_("By region"), _pairs(ov["raw_by_region"], ov["voices_by_region"])))
        out.append(bar_chart(_("By language"), _pairs(ov["raw_by_language"], ov["voices_by_language"])))
        out.append("</div>")
        out.append(tile_map(_("Voices by country"), ov["voices_by_country"]))
        out.append(f"<details><summary>{_h(_('By country: table'))}</summary>")
        out.append(counts_table(_("By country"), ov["raw_by_country"], ov["voices_by_country"], limit=300))
        out.append("</details>")
        out.append(time_chart(_("Submissions over time"), ov["raw_by_day"], ov["voices_by_day"]))
    by_issue = {i.title: (i.raw_total, i.voices_total) for i in issues if i.raw_total}
    out.append(f"<h2 id='issues'>{_h(_('Issues'))}</h2>")
    out.append(bar_chart(_("Submissions / voices per issue"), by_issue, limit=40))
    for i in issues:
        if i.raw_total:
            out.append(_issue_section(i))
    if a.questions:
        out.append(f"<h2 id='questions'>{_h(_('Questions'))}</h2>")
        for q in a.questions:
            out.append(_question_section(q))
    out.append(f"<h2 id='campaigns'>{_h(_('Campaigns'))}</h2>")
    families = getattr(a, "families", None) or []
    if families:
        out.append("<p>" + _h(_("Families (letters of one organiser sharing a core):")) + "</p><ul>")
        for fam in families[:20]:
            f = fam.as_json() if hasattr(fam, "as_json") else dict(fam)
            out.append(
                f"<li><b>{_h(f.get('id', ''))}</b>: {_h(', '.join(f.get('campaign_ids', [])))} "
                f"({_h(f.get('signatories', ''))} {_h(_('signatories'))})</li>"
            )
        out.append("</ul>")
    out.append("<ol>")
    for c in a.campaigns[:20]:
        why = ""
        shared = getattr(c, "shared_passage", "")
        sim = getattr(c, "similarity", None)
        if shared:
            why += f"<br><span class='ref'>{_h(_('shared passage'))}: “{_h(shared[:300])}”</span>"
        if sim and len(sim) == 3 and sim != (1.0, 1.0, 1.0):
            why += (
                f"<br><span class='ref'>{_h(_('similarity to the representative'))}: {sim[0]:.2f}–{sim[2]:.2f}</span>"
            )
        fam = getattr(c, "family", None)
        fam_s = f", {_h(_('family'))} {_h(fam)}" if fam else ""
        out.append(
            f"<li><b>{_h(c.id)}</b>: {c.size} {_h(_('signatories'))}, {c.variants} {_h(_('variants'))}{fam_s}"
            f"<blockquote>{_h(c.representative_text[:400])}</blockquote>"
            f"<span class='ref'>{_h(c.representative_id)}</span>{why}</li>"
        )
    out.append("</ol>")
    out.append(_methods(a))
    out.append("</body></html>")
    return "\n".join(out)
