"""A self-contained HTML report with inline SVG bar charts.

Charts are drawn by hand in SVG rather than with Altair: a few bars need no Vega runtime, the file stays
readable offline and under a strict CSP, and `insight` keeps to its small set of dependencies.
"""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from insight.pipeline import Analysis


def bar_chart(title: str, series: dict[str, tuple[int, int]], width: int = 520) -> str:
    """Horizontal bars: raw count (light) behind campaign-aware voices (dark) for each label."""
    if not series:
        return ""
    row, label_w = 22, 170
    top = max(max(r, v) for r, v in series.values()) or 1
    h = row * len(series) + 30
    scale = (width - label_w - 60) / top
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{h}" role="img" '
        f'aria-label="{escape(title)}">',
        f'<text x="0" y="14" font-size="13" font-weight="bold">{escape(title)}</text>',
    ]
    for n, (label, (raw, voices)) in enumerate(series.items()):
        y = 24 + n * row
        parts.append(f'<text x="0" y="{y + 14}" font-size="12">{escape(label[:26])}</text>')
        parts.append(f'<rect x="{label_w}" y="{y + 2}" width="{raw * scale:.1f}" height="16" fill="#b7cde8"/>')
        parts.append(f'<rect x="{label_w}" y="{y + 6}" width="{voices * scale:.1f}" height="8" fill="#1f4e8c"/>')
        parts.append(f'<text x="{label_w + raw * scale + 4:.1f}" y="{y + 14}" font-size="11">{raw} / {voices}</text>')
    parts.append("</svg>")
    return "".join(parts)


def render_report(a: Analysis) -> str:
    s = a.stats
    issues = sorted(a.issues, key=lambda i: -i.raw_total)
    by_issue = {i.issue: (i.raw_total, i.voices_total) for i in issues if i.raw_total}
    langs = {k: (v, v) for k, v in s.get("languages", {}).items()}
    out = [
        "<!doctype html><html><head><meta charset='utf-8'><title>Analysis of public input</title>",
        "<style>body{font-family:sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem}"
        "blockquote{border-left:3px solid #1f4e8c;margin:.5rem 0;padding:.2rem .8rem}"
        ".alert{color:#8a1c1c}.ref{color:#555;font-size:.85em}</style></head><body>",
        f"<h1>Analysis of public input: {escape(a.taxonomy.name or a.taxonomy.group)}</h1>",
        f"<p>{s['records']} submissions, {s['campaigns']} campaigns holding {s['records_in_campaigns']} of them, "
        f"so {s['voices']} distinct voices. Bars: light = submissions, dark = voices (a campaign counts once).</p>",
        bar_chart("Submissions / voices per issue", by_issue),
        bar_chart("Languages", langs),
        "<h2>Campaigns</h2><ol>",
    ]
    for c in a.campaigns[:20]:
        out.append(
            f"<li><b>{escape(c.id)}</b>: {c.size} signatories, {c.variants} variants"
            f"<blockquote>{escape(c.representative_text[:400])}</blockquote>"
            f"<span class='ref'>{escape(c.representative_id)}</span></li>"
        )
    out.append("</ol><h2>Issues</h2>")
    for i in issues:
        if not i.raw_total:
            continue
        out.append(f"<h3>{i.cluster}. {escape(i.title)}</h3>")
        for alert in i.alerts:
            out.append(f"<p class='alert'>{escape(alert)}</p>")
        groups = {k: (i.raw_by_group.get(k, 0), i.voices_by_group.get(k, 0)) for k in i.raw_by_group}
        regions = {k: (i.raw_by_region.get(k, 0), i.voices_by_region.get(k, 0)) for k in i.raw_by_region}
        out.append(bar_chart("By stakeholder group", groups) + bar_chart("By region", regions))
        for label, items in (("Most representative", i.representative), ("Most distinct", i.distinct)):
            if items:
                out.append(f"<h4>{label}</h4>")
                for e in items:
                    camp = f", campaign {escape(e.campaign)} ({e.signatories} signatories)" if e.campaign else ""
                    out.append(
                        f"<blockquote>{escape(e.text)}<br><span class='ref'>{escape(e.record_id)}, "
                        f"{escape(e.stakeholder_group or '')}, {escape(e.region or '')}{camp}</span></blockquote>"
                    )
    out.append("</body></html>")
    return "\n".join(out)
