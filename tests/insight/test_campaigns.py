import numpy as np
from insight_samples import UNIQUES, campaign_variants

from insight.campaigns import cluster, fingerprint, group


def _groups(texts):
    fp = fingerprint(texts, [None] * len(texts))
    return group(fp, cluster(fp))


def test_each_kind_of_edit_stays_in_the_campaign():
    variants = campaign_variants()
    texts = variants + [t for _, t, _, _ in UNIQUES]
    g = _groups(texts)
    assert set(g.index[: len(variants)].tolist()) == {0}
    assert (g.index[len(variants) :] == -1).all()
    assert g.sizes.tolist() == [len(variants)]
    assert g.variants.tolist() == [len(variants)]


def test_chinese_campaign_is_shingled_by_characters():
    base = (
        "我们要求工作组保持域名系统的开放。国家顶级域名属于各国人民。"
        "新的顶级域名必须让南方的社区负担得起。请立即采取行动保护这一共享资源。"
    )
    texts = [
        base,
        "我叫王伟。" + base,
        base.replace("开放", "开方"),
        base + "我在成都经营一家小网络公司，费用太高了。",
        "垃圾邮件每天塞满我的邮箱，发送者都在国外。",
    ]
    g = _groups(texts)
    assert g.index[:4].tolist() == [0, 0, 0, 0]
    assert g.index[4] == -1


def test_numbering_is_by_size_and_deterministic():
    a = campaign_variants()
    b = [
        f"Second letter about spam, copy {i}: unsolicited bulk mail floods our inboxes "
        "and costs us money every day, stop it."
        for i in range(3)
    ]
    texts = b + a
    g1, g2 = _groups(texts), _groups(texts)
    assert np.array_equal(g1.index, g2.index)
    assert g1.index[3] == 0 and g1.index[0] == 1  # the larger campaign is numbered first
    assert g1.representatives[0] >= 3
