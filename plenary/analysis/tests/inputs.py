"""Input the analysis tests submit: one campaign letter with its edits, and unique comments in three languages."""

from plenary.consultations.services import contribution_submit

CAMPAIGN = (
    "We the undersigned ask the Working Group to protect users from spam. Unsolicited bulk e-mail floods our "
    "inboxes every day and costs small businesses time and money. Governments and operators must cooperate "
    "across borders against spammers, and anti-spam laws must be enforced."
)
EDITS = [
    lambda t: t,
    lambda t: "My name is Ana and I run a shop. " + t,
    lambda t: t.replace("every day", "evry day"),
    lambda t: ". ".join(reversed(t.split(". "))),
    lambda t: t + " Personally, I lost a client last month because of spam filters.",
]
UNIQUE = [
    ("Le coût des lignes louées internationales reste trop élevé pour les pays en développement.", "FR"),
    ("La protección de la privacidad y de los datos personales en línea debe ser una prioridad.", "AR"),
    ("Capacity-building for developing countries should include training of regulators and engineers.", "KE"),
]


def submit(call, text, country="GB", title="Input"):
    contribution, _token = contribution_submit(
        actor=None,
        call=call,
        profile={"submitter_name": "A new user", "submitter_email": "x@example.org", "country": country},
        kind="comment",
        title=title,
        text=text,
    )
    return contribution


# A questionnaire export, as consultations publish them: the respondent's words joined with the labels of the
# closed answers, a consent sentence and an attachment's name. One letter with its edits, a sister letter of the
# same organiser, people's own comments, and records with nothing but the form.
FORM = [
    "Contribution to the public consultation on Internet governance",
    "Q1. Do you support a multi-stakeholder model? Yes",
    "Q2. Should root zone oversight be internationalised? No opinion",
    "Q3. Is spam a serious problem in your country? Yes",
    "I agree to the publication of my contribution.",
    "Attachment: position_paper.pdf",
]
LETTER = (
    "We the undersigned ask the Working Group to keep the domain name system open and accountable. "
    "Country code domains belong to the people of each country and must not be redelegated without consent. "
    "New top-level domains must be affordable for communities in the South. "
    "The registry contracts should be negotiated in public and published in full. "
    "Please act now to protect this shared resource for the next generation."
)
SISTER = (
    "We the undersigned ask the Working Group to keep the domain name system open and accountable. "
    "Country code domains belong to the people of each country and must not be redelegated without consent. "
    "Registrars must publish their prices and stop hiding renewal fees from the small businesses that depend on them. "
    "Disputes over names should be settled by a cheap and fast procedure that individuals can use without a lawyer. "
    "Please act now to protect this shared resource for the next generation."
)
OWN = [
    "Our village library has one slow connection for forty families and it fails whenever it rains.",
    "The registrar we used doubled its renewal price without warning and our association lost its name.",
    "Hospitals here receive phishing mails that pretend to come from the ministry of health.",
    "I teach programming with free software because the licences of the others cost a teacher's yearly pay.",
    "Cross-border sales taxes are so confusing that my small pottery business stopped selling abroad.",
    "Young women in my district are rarely online because the only cafe with computers is unsafe at night.",
    "Our telecom regulator has not published a single decision on interconnection prices in five years.",
    "The courts in our country still do not accept an electronic signature on a simple rental contract.",
    "Journalists who write about the mining company find their sites blocked within a day.",
    "We need mirrors of the root servers on our continent so that a cut cable does not cut us off.",
]
STOCK_ONLY = 4


def letter_variants() -> list[str]:
    """The letter with each kind of campaigners' edit, one per variant."""
    s = LETTER.split(". ")
    return [
        LETTER,
        "My name is Amina. " + LETTER,
        ". ".join([s[0], s[3], s[1], s[2], s[4]]),
        ". ".join([s[0], s[1], s[2], s[4]]),
        LETTER.replace("undersigned", "undersinged").replace("affordable", "afordable"),
        LETTER + " I run a small provider and we pay far too much for our names; it hurts my customers.",
    ]


def sister_variants() -> list[str]:
    s = SISTER.split(". ")
    return [
        SISTER,
        "My name is Tomas. " + SISTER,
        SISTER.replace("Registrars", "Registars"),
        ". ".join([s[0], s[1], s[2], s[3], s[4]]).replace("cheap", "cheap, simple"),
        SISTER + " We are a small hosting cooperative and these fees eat most of our margin every single year.",
    ]


def questionnaire_texts() -> list[str]:
    """Every response as the export joins it: 6 letters, 5 sister letters, 10 own comments, 4 forms alone."""
    texts = ["\n".join([t, *FORM]) for t in letter_variants()]
    texts += ["\n".join([*FORM, t]) for t in sister_variants()]
    texts += ["\n".join([t, *FORM]) for t in OWN]
    texts += ["\n".join(FORM)] * STOCK_ONLY
    return texts
