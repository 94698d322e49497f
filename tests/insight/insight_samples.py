"""Fixed sample texts for the insight tests (a module of its own so test files can import it)."""

from __future__ import annotations

LETTER = (
    "We the undersigned ask the Working Group to keep the domain name system open and accountable. "
    "Country code domains belong to the people of each country and must not be redelegated without consent. "
    "New top-level domains must be affordable for communities in the South. "
    "The registry contracts should be negotiated in public and published in full. "
    "Please act now to protect this shared resource for the next generation."
)

UNIQUES = [
    (
        "u-spam",
        "My inbox receives hundreds of unwanted advertising messages every day and the senders are abroad.",
        "government",
        "FR",
    ),
    (
        "u-priv",
        "Companies collect and sell information about what we read and buy without ever asking us first.",
        "civil-society",
        "KE",
    ),
    (
        "u-oss",
        "Schools in poor countries can adapt open-source programs to local needs and train local programmers.",
        "technical-academic",
        "BR",
    ),
    (
        "u-fr",
        "Les femmes des zones rurales sont bien moins connectées que les hommes ; il faut des programmes pour elles.",
        "civil-society",
        "SN",
    ),
    (
        "u-es",
        "Los delincuentes roban datos bancarios con sitios falsos y lavan el dinero en varios países.",
        "private-sector",
        "MX",
    ),
    ("u-zh", "大部分根服务器都设在一个国家，应在亚洲和非洲设立镜像。", "government", "CN"),
]


def campaign_variants() -> list[str]:
    """The letter with each kind of campaigners' edit, one per variant."""
    sentences = LETTER.split(". ")
    return [
        LETTER,
        "My name is Amina Diallo. " + LETTER,  # name inserted
        ". ".join([sentences[0], sentences[3], sentences[1], sentences[2], sentences[4]]),  # reordered
        ". ".join([sentences[0], sentences[1], sentences[2], sentences[4]]),  # a sentence dropped
        LETTER.replace("undersigned", "undersinged")
        .replace("affordable", "afordable")
        .replace("published", "pubilshed"),
        LETTER + " I run a small provider in Lagos and we pay far too much for our names; it hurts my customers.",
    ]
