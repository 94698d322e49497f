"""Links on a submitter's private page that later apps provide (e.g. "what became of your input"), registered in
their AppConfig.ready so that consultations imports none of them."""

from dataclasses import dataclass

from django.urls import reverse


@dataclass(frozen=True)
class PrivateLink:
    label: str
    url_name: str


_LINKS: list[PrivateLink] = []


def register_private_link(*, label: str, url_name: str) -> None:
    """url_name is reversed with group_slug and token (the submitter's private token)."""
    if not any(link.url_name == url_name for link in _LINKS):
        _LINKS.append(PrivateLink(label=label, url_name=url_name))


def private_links(*, group_slug: str, token: str) -> list[dict]:
    return [
        {"label": link.label, "url": reverse(link.url_name, kwargs={"group_slug": group_slug, "token": token})}
        for link in _LINKS
    ]
