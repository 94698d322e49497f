"""The group's clusters and issues, read from the JSON that the web app's `export_taxonomy` writes."""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Issue:
    slug: str
    title: str
    description: str
    keywords: tuple[str, ...]
    cluster: int


@dataclass(frozen=True, slots=True)
class Cluster:
    number: int
    slug: str
    title: str
    description: str


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """Issues in the group's order; `issues[i].cluster` is the number of the cluster that holds it."""

    group: str
    name: str
    clusters: tuple[Cluster, ...]
    issues: tuple[Issue, ...]
    # Lines of the consultation's form the secretariat marks as stock (or takes back): see insight.boilerplate.
    stock_lines_add: tuple[str, ...] = ()
    stock_lines_remove: tuple[str, ...] = ()

    @property
    def slugs(self) -> list[str]:
        return [i.slug for i in self.issues]

    def issue(self, slug: str) -> Issue:
        for i in self.issues:
            if i.slug == slug:
                return i
        raise KeyError(slug)

    def fingerprint(self) -> str:
        """A short key that changes when the taxonomy does, for caches of prototype embeddings."""
        import hashlib

        blob = json.dumps(
            [(i.slug, i.title, i.description, i.keywords, i.cluster) for i in self.issues], ensure_ascii=False
        )
        return hashlib.sha256(blob.encode()).hexdigest()[:12]


def taxonomy_from_dict(data: dict) -> Taxonomy:
    """Build a Taxonomy from the export shape; raises ValueError when it holds no issue."""
    clusters: list[Cluster] = []
    issues: list[Issue] = []
    for c in sorted(data.get("clusters", []), key=lambda c: c.get("number", 0)):
        number = int(c["number"])
        clusters.append(Cluster(number, c.get("slug", str(number)), c.get("title", ""), c.get("description", "")))
        for i in c.get("issues", []):
            issues.append(
                Issue(
                    slug=i["slug"],
                    title=i.get("title") or i["slug"],
                    description=i.get("description") or "",
                    keywords=tuple(k for k in i.get("keywords", []) if k),
                    cluster=number,
                )
            )
    if not issues:
        raise ValueError("taxonomy has no issues")
    stock = data.get("stock_lines") or {}
    return Taxonomy(
        data.get("group", ""),
        data.get("name", ""),
        tuple(clusters),
        tuple(issues),
        tuple(str(x) for x in stock.get("add", []) if str(x).strip()),
        tuple(str(x) for x in stock.get("remove", []) if str(x).strip()),
    )


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read a taxonomy file; None gives the sample group's (the WGIG's four clusters of 2005)."""
    if path is None:
        text = resources.files("insight").joinpath("data/wgig_taxonomy.json").read_text(encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    return taxonomy_from_dict(json.loads(text))
