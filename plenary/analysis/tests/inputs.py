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
