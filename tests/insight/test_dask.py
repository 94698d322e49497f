import numpy as np
import pytest
from insight_samples import UNIQUES, campaign_variants

from insight import DaskExecutor, SerialExecutor, analyze
from insight.pipeline import Options


@pytest.fixture(scope="module")
def records():
    from insight import Record

    recs = [
        Record(f"c{i}", t, stakeholder_group="civil-society", country="NG") for i, t in enumerate(campaign_variants())
    ]
    recs += [Record(i, t, stakeholder_group=g, country=c) for i, t, g, c in UNIQUES]
    # More records than one chunk and than the teacher's sample, so that the student and several tasks run.
    recs += [
        Record(f"x{i}", f"Comment {i}: {t}", country=c) for i in range(40) for _, t, _, c in UNIQUES[i % 6 : i % 6 + 1]
    ]
    return recs


def test_dask_local_cluster_matches_local_run(records, taxonomy):
    from distributed import Client, LocalCluster

    opts = Options(sample_size=20, max_embedded_representatives=2)
    local = analyze(records, taxonomy, executor=SerialExecutor(), options=opts)
    with (
        LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        dist = analyze(records, taxonomy, executor=DaskExecutor(client=client), options=opts)
    assert [c.member_ids for c in dist.campaigns] == [c.member_ids for c in local.campaigns]
    assert [r.campaign for r in dist.records] == [r.campaign for r in local.records]
    for a, b in zip(local.records, dist.records, strict=False):
        assert [s for s, _, _ in a.issues] == [s for s, _, _ in b.issues]
        assert np.allclose([v for _, _, v in a.issues], [v for _, _, v in b.issues], atol=1e-5)
