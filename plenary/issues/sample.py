"""The WGIG's four clusters of issues (press release of 14 April 2005) and the principles of the WSIS
Declaration of Principles (2003), para 48, against which the group assessed existing arrangements."""

import json
from pathlib import Path

from .models import NatureOfCooperation
from .services import cluster_save, issue_save, organisation_save, principle_save, responsibility_save

TAXONOMY = Path(__file__).resolve().parents[2] / "insight" / "data" / "wgig_taxonomy.json"
SEED = "UN press release of 14 April 2005"
WSIS_DECLARATION = "WSIS Geneva Declaration of Principles (WSIS-03/GENEVA/DOC/4-E, 12 December 2003)"
PARA_48 = (
    "The international management of the Internet should be multilateral, transparent and democratic, with the "
    "full involvement of governments, the private sector, civil society and international organizations. It "
    "should ensure an equitable distribution of resources, facilitate access for all and ensure a stable and "
    "secure functioning of the Internet, taking into account multilingualism."
)

CLUSTERS = {
    "infrastructure": (
        NatureOfCooperation.EXISTING_ORGANISATIONS,
        "Issues relating to infrastructure and the management of critical Internet resources. “These matters "
        "fall within the area of responsibility of existing organizations.”",
    ),
    "internet-use": (
        NatureOfCooperation.NOT_WELL_DEFINED,
        "Issues relating to the use of the Internet, “where the nature of the global cooperation required is not "
        "well defined.”",
    ),
    "wider-impact": (
        NatureOfCooperation.ORGANISATIONS_EXIST,
        "Issues which are relevant to the Internet but have a much wider impact. “In these areas, there are "
        "organizations responsible for these matters, such as intellectual property rights or international trade.”",
    ),
    "development": (
        NatureOfCooperation.UN_SYSTEM,
        "Issues relating to development aspects of Internet governance. “These questions have been addressed by "
        "organizations of the United Nations system.”",
    ),
}

PRINCIPLES = [
    ("multilateral", "Multilateral"),
    ("transparent", "Transparent"),
    ("democratic", "Democratic"),
    ("full-involvement", "Full involvement of all stakeholders"),
    ("equitable-resources", "Equitable distribution of resources"),
    ("access-for-all", "Access for all"),
    ("stable-secure", "Stable and secure functioning"),
    ("multilingualism", "Multilingualism"),
]

# Organisations whose own founding instruments give them responsibility for an issue (source: each organisation's
# published mandate). Not a finding of the group: the assessment records the group's own view.
ORGANISATIONS = {
    "ICANN": ("Internet Corporation for Assigned Names and Numbers", "private non-profit", "https://www.icann.org/"),
    "RIRs": ("Regional Internet Registries (AfriNIC, APNIC, ARIN, LACNIC, RIPE NCC)", "technical community", ""),
    "IETF": ("Internet Engineering Task Force", "technical community", "https://www.ietf.org/"),
    "W3C": ("World Wide Web Consortium", "technical community", "https://www.w3.org/"),
    "ITU": ("International Telecommunication Union", "United Nations specialized agency", "https://www.itu.int/"),
    "WIPO": ("World Intellectual Property Organization", "United Nations specialized agency", "https://www.wipo.int/"),
    "WTO": ("World Trade Organization", "intergovernmental organisation", "https://www.wto.org/"),
    "UNESCO": (
        "United Nations Educational, Scientific and Cultural Organization",
        "United Nations specialized agency",
        "https://www.unesco.org/",
    ),
    "UNCTAD": ("United Nations Conference on Trade and Development", "United Nations system", "https://unctad.org/"),
    "OECD": (
        "Organisation for Economic Co-operation and Development",
        "intergovernmental organisation",
        "https://www.oecd.org/",
    ),
    "Council of Europe": ("Council of Europe", "intergovernmental organisation", "https://www.coe.int/"),
}
RESPONSIBILITIES = {
    "dns": [("ICANN", "coordination of the domain name system")],
    "ip-addresses": [("ICANN", "global allocation to the RIRs (IANA function)"), ("RIRs", "regional allocation")],
    "root-servers": [("ICANN", "root zone management (IANA function)")],
    "technical-standards": [
        ("IETF", "Internet protocols"),
        ("W3C", "Web standards"),
        ("ITU", "telecommunication standards"),
    ],
    "telecom-infrastructure": [("ITU", "telecommunication regulations and standards")],
    "multilingualism": [("UNESCO", "multilingualism and universal access to cyberspace")],
    "intellectual-property": [("WIPO", "intellectual property treaties"), ("WTO", "the TRIPS Agreement")],
    "dispute-resolution": [("WIPO", "domain name dispute resolution (UDRP provider)")],
    "e-commerce": [("WTO", "trade rules"), ("UNCTAD", "e-commerce and development")],
    "cybercrime": [("Council of Europe", "Convention on Cybercrime (Budapest, 2001)")],
    "consumer-protection": [("OECD", "guidelines for consumer protection in electronic commerce")],
    "privacy": [("OECD", "privacy guidelines")],
    "cultural-linguistic-diversity": [("UNESCO", "cultural diversity")],
    "capacity-building": [("ITU", "telecommunication development sector")],
}


def load(*, group, actor, stdout=None) -> None:
    taxonomy = json.loads(TAXONOMY.read_text(encoding="utf-8"))
    organisations = {
        acronym: organisation_save(actor=actor, name=name, group=group, acronym=acronym, kind=kind, website=url)
        for acronym, (name, kind, url) in ORGANISATIONS.items()
    }
    for cluster_spec in taxonomy["clusters"]:
        nature, description = CLUSTERS[cluster_spec["slug"]]
        cluster = cluster_save(
            actor=actor,
            group=group,
            slug=cluster_spec["slug"],
            number=cluster_spec["number"],
            title=cluster_spec["title"],
            description=description,
            nature_of_cooperation=nature,
            source=SEED,
        )
        for order, issue_spec in enumerate(cluster_spec["issues"]):
            issue = issue_save(
                actor=actor,
                cluster=cluster,
                slug=issue_spec["slug"],
                title=issue_spec["title"],
                description=issue_spec.get("description", ""),
                keywords=issue_spec.get("keywords", []),
                order=order,
                source=f"{SEED} (the issue as named there; the description is the secretariat's summary)",
            )
            for acronym, role in RESPONSIBILITIES.get(issue.slug, []):
                responsibility_save(
                    actor=actor,
                    issue=issue,
                    organisation=organisations[acronym],
                    role=role,
                    source=f"{acronym}: published mandate",
                )
    for order, (slug, label) in enumerate(PRINCIPLES):
        principle_save(
            actor=actor,
            group=group,
            slug=slug,
            label=label,
            founding_text=WSIS_DECLARATION,
            paragraph="para 48",
            quote=PARA_48,
            order=order,
            source=WSIS_DECLARATION,
        )
