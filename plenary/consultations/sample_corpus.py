"""Illustrative public input for the sample group, so that its lists, statistics, search and analysis show what
they do with real volume: comments in the six UN languages on the seed's issues, and two form-letter campaigns
with the edits campaigners make. Written for the demonstration, attributed to nobody, marked illustrative."""

# (issue slug, stakeholder group, country, language, title, text)
UNIQUE = [
    (
        "dns",
        "civil-society",
        "KE",
        "en",
        "Domain names should serve local communities",
        "The administration of the domain name system should give country code registries room to serve local "
        "communities. Registration policies decided far away raise costs for small organisations in Africa.",
    ),
    (
        "root-servers",
        "technical-academic",
        "JP",
        "en",
        "More root server instances in developing regions",
        "Anycast instances of the root servers in more regions would make the DNS more resilient. Operators and "
        "regional registries can cooperate to place them where users are underserved.",
    ),
    (
        "ip-addresses",
        "technical-academic",
        "UY",
        "es",
        "Direcciones IP y registros regionales",
        "La asignación de direcciones IP por los registros regionales funciona bien y debe seguir siendo abierta. "
        "La transición a IPv6 necesita formación y apoyo para los operadores de América Latina.",
    ),
    (
        "technical-standards",
        "private-sector",
        "US",
        "en",
        "Open standards keep the Internet interoperable",
        "Technical standards developed openly by bodies such as the IETF keep the Internet interoperable. "
        "Governments should reference these standards rather than create competing ones.",
    ),
    (
        "multilingualism",
        "government",
        "EG",
        "ar",
        "أسماء النطاقات الدولية باللغة العربية",
        "نطالب بتسريع اعتماد أسماء النطاقات الدولية بالحروف العربية حتى يتمكن المستخدمون من استخدام الإنترنت "
        "بلغتهم. التعددية اللغوية شرط أساسي لمشاركة الجميع.",
    ),
    (
        "multilingualism",
        "civil-society",
        "CN",
        "zh",
        "互联网多语言化",
        "互联网应当支持所有语言。国际化域名和本地语言内容可以让更多用户上网，我们建议各方加强合作推动多语言化。",
    ),
    (
        "spam",
        "government",
        "FR",
        "fr",
        "Le pourriel exige une coopération internationale",
        "Le courrier électronique non sollicité ne connaît pas de frontières. Les autorités nationales doivent "
        "coopérer pour poursuivre les expéditeurs de pourriel et partager leurs informations.",
    ),
    (
        "network-security",
        "private-sector",
        "IN",
        "en",
        "Network security needs shared incident response",
        "Attacks on networks spread in minutes. Computer emergency response teams in every country, sharing "
        "information about incidents, would improve the security and stability of networks for everyone.",
    ),
    (
        "cybercrime",
        "government",
        "RU",
        "ru",
        "Борьба с киберпреступностью",
        "Киберпреступность требует международного сотрудничества правоохранительных органов. Необходимо "
        "согласовать законодательство и ускорить обмен доказательствами между странами.",
    ),
    (
        "privacy",
        "civil-society",
        "DE",
        "en",
        "Privacy and the WHOIS database",
        "Personal data of domain name holders should not be published by default in the WHOIS database. "
        "Privacy protection must be part of every governance arrangement.",
    ),
    (
        "intellectual-property",
        "private-sector",
        "CH",
        "fr",
        "La propriété intellectuelle en ligne",
        "Le droit d'auteur et les marques doivent être protégés en ligne, avec des exceptions claires pour "
        "l'enseignement et les bibliothèques. L'OMPI est le cadre approprié pour ces questions.",
    ),
    (
        "freedom-of-information",
        "civil-society",
        "AR",
        "es",
        "Libertad de expresión en Internet",
        "La libertad de expresión y el derecho a buscar y recibir información deben protegerse en Internet como "
        "fuera de ella. Ningún mecanismo de gobernanza debe servir para la censura.",
    ),
    (
        "consumer-protection",
        "government",
        "MX",
        "es",
        "Protección del consumidor en el comercio en línea",
        "Los consumidores que compran en línea necesitan vías de reclamación eficaces, también cuando el "
        "vendedor está en otro país. Las autoridades deben cooperar en la protección del consumidor.",
    ),
    (
        "universal-access",
        "government",
        "SN",
        "fr",
        "L'accès universel et abordable",
        "L'accès abordable à l'internet reste hors de portée pour la majorité des populations rurales. "
        "Des fonds d'accès universel et des points d'accès communautaires sont nécessaires.",
    ),
    (
        "leased-line-costs",
        "government",
        "ZA",
        "en",
        "The cost of international leased lines",
        "Developing countries pay the full cost of international leased lines to connect to the backbone. "
        "Interconnection costs should be shared fairly between the networks that benefit.",
    ),
    (
        "capacity-building",
        "technical-academic",
        "GH",
        "en",
        "Training for regulators and engineers",
        "Capacity-building in developing countries should train regulators, engineers and policy makers, so that "
        "they can take part in the forums where Internet governance is decided.",
    ),
    (
        "open-source",
        "civil-society",
        "BR",
        "es",
        "Software libre para el desarrollo",
        "El software libre y de código abierto reduce costos y crea capacidades locales. Las administraciones "
        "públicas deberían preferirlo y adoptar formatos abiertos.",
    ),
    (
        "gender",
        "civil-society",
        "PH",
        "en",
        "Women's participation in Internet governance",
        "Women remain underrepresented among Internet users and in governance bodies. Gender should be addressed "
        "in access programmes, in training and in the composition of forums.",
    ),
    (
        "national-infrastructure",
        "government",
        "CN",
        "zh",
        "国家基础设施建设",
        "发展中国家需要建设国家骨干网和互联网交换中心，以降低成本并提高网络质量。国际组织应提供技术和资金支持。",
    ),
    (
        "e-commerce-taxation",
        "private-sector",
        "GB",
        "en",
        "Taxing electronic commerce",
        "Taxation of electronic commerce should follow the same principles as other trade and avoid new taxes "
        "that apply only online. Cooperation between tax administrations prevents double taxation.",
    ),
    (
        "competition-policy",
        "government",
        "KR",
        "en",
        "Competition and liberalization of telecom markets",
        "Liberalization and competition among operators lowered prices wherever they were introduced. "
        "Independent regulators are needed so that privatized markets stay competitive.",
    ),
    (
        "content-accessibility",
        "civil-society",
        "CA",
        "en",
        "Accessible content for persons with disabilities",
        "Web content must be accessible to persons with disabilities. Public bodies should apply the accessibility "
        "guidelines and require them from their suppliers.",
    ),
]

# Two form letters: each signatory sends the same letter with a campaigner's edits (a sentence dropped, the
# sentences reordered, a typo, a personal sentence added).
CAMPAIGNS = [
    (
        "spam",
        "en",
        "Stop spam now",
        [
            "We ask the Working Group to make the fight against spam a priority.",
            "Unsolicited bulk e-mail floods our inboxes every day and costs small businesses time and money.",
            "Governments, operators and existing organisations must cooperate across borders against spammers.",
            "Anti-spam laws must be adopted and enforced everywhere.",
        ],
        [
            ("private-sector", "US"),
            ("private-sector", "GB"),
            ("civil-society", "AU"),
            ("private-sector", "CA"),
            ("civil-society", "US"),
            ("private-sector", "IE"),
            ("private-sector", "US"),
            ("civil-society", "NZ"),
            ("private-sector", "GB"),
            ("private-sector", "US"),
        ],
        [
            "I run a small shop and lose customers' orders to spam filters.",
            "",
            "My school's mail server was blocked twice.",
        ],
    ),
    (
        "universal-access",
        "fr",
        "Pour un accès abordable pour tous",
        [
            "Nous demandons au Groupe de travail de placer l'accès abordable au cœur de ses recommandations.",
            "Dans nos villages, une heure de connexion coûte plus qu'une journée de travail.",
            "Les organisations internationales doivent soutenir les réseaux communautaires "
            "et les fonds d'accès universel.",
        ],
        [
            ("civil-society", "SN"),
            ("civil-society", "ML"),
            ("civil-society", "CI"),
            ("civil-society", "BF"),
            ("civil-society", "CM"),
            ("civil-society", "SN"),
        ],
        ["Notre radio communautaire attend une connexion depuis deux ans.", ""],
    ),
]


def campaign_letters(sentences: list[str], count: int, personal: list[str]) -> list[str]:
    """Deterministic variants of one letter, with the edits real campaigners make."""
    letters = []
    for i in range(count):
        body = list(sentences)
        if i % 4 == 1:
            body.reverse()
        if i % 4 == 2 and len(body) > 3:
            body.pop(2)
        text = " ".join(body)
        if i % 3 == 2:
            text = text.replace("every", "evry").replace("coûte", "coute")
        extra = personal[i % len(personal)]
        if extra:
            text = f"{text} {extra}"
        letters.append(text)
    return letters


# Left in the moderation queue, so that the secretariat's demo account finds work waiting, with suggested tags.
AWAITING_MODERATION = [
    (
        "civil-society",
        "NG",
        "Illustrative sample: community networks and spectrum",
        "Community networks in rural Nigeria need access to spectrum at low cost. Regulators should set aside "
        "licence-exempt bands and simplify licensing for small operators, so that affordable access reaches villages.",
    ),
    (
        "private-sector",
        "FR",
        "Exemple illustratif : le règlement des litiges sur les noms de domaine",
        "La procédure de règlement des litiges relatifs aux noms de domaine doit rester rapide et peu coûteuse. "
        "Les titulaires de marques et les particuliers doivent pouvoir défendre leurs droits devant des experts "
        "indépendants.",
    ),
]
