import numpy as np
import pytest

from insight import suggest_issues
from insight.classify import features, train_student

EXAMPLES = [
    # (text, cluster) — one per cluster in English, French and Spanish
    ("Most root name servers sit in one country; anycast copies should be placed in Africa.", 1),
    ("Les adresses web devraient pouvoir s'écrire en caractères arabes ou chinois.", 1),
    ("Los registros regionales deben asignar bloques de direcciones IP según la necesidad.", 1),
    ("Botnets of hijacked home computers launch denial-of-service attacks against banks.", 2),
    ("Les escrocs volent les coordonnées bancaires au moyen de faux sites web.", 2),
    ("Mi buzón recibe cientos de mensajes publicitarios que nunca solicité.", 2),
    ("Copyright terms keep getting longer while libraries lose access to knowledge.", 3),
    ("Des journalistes et des blogueurs sont emprisonnés pour ce qu'ils publient en ligne.", 3),
    ("Las empresas recopilan y venden información sobre lo que compramos sin permiso.", 3),
    ("Public administrations should use free software to avoid licence fees.", 4),
    ("Les femmes des zones rurales sont bien moins connectées que les hommes.", 4),
    ("Una suscripción mensual cuesta más que una semana de salario en muchos pueblos.", 4),
]


@pytest.mark.parametrize("text,cluster", EXAMPLES)
def test_zero_shot_cluster_per_language(taxonomy, text, cluster):
    best = suggest_issues([text], taxonomy, k=1)[0][0][0]
    assert taxonomy.issue(best).cluster == cluster


def test_tags_teach_the_suggestions(taxonomy):
    text = "The tariff our island pays for the undersea link is outrageous."
    tagged = [
        (
            "What we pay for the international circuit to Europe is ten times the price in the North.",
            ["leased-line-costs"],
        ),
        ("Our providers carry the whole cost of the cable link abroad.", ["leased-line-costs"]),
    ]
    plain = dict(suggest_issues([text], taxonomy, k=27)[0])
    taught = dict(suggest_issues([text], taxonomy, labelled=tagged, k=27)[0])
    assert taught["leased-line-costs"] > plain["leased-line-costs"]


def test_student_learns_and_is_deterministic():
    texts = [
        "spam mail floods the inbox",
        "junk mail and spam again",
        "open source software in schools",
        "free software for schools",
    ]
    y = np.array([[1, 0], [1, 0], [0, 1], [0, 1]], np.float32)
    idx, off = features(texts)
    s1 = train_student(idx, off, y, np.ones(4, np.float32))
    s2 = train_student(idx, off, y, np.ones(4, np.float32))
    q_idx, q_off = features(["spam in my mail", "software for schools"])
    p1, p2 = s1.scores(q_idx, q_off), s2.scores(q_idx, q_off)
    assert np.array_equal(p1, p2)
    assert p1[0].argmax() == 0 and p1[1].argmax() == 1
