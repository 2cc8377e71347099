"""Jilin's plan prints only its 文号's year: on the store its lags are a range from that
year, never a day (issue 9, part 4). Needs the real batch-2 national list."""

from __future__ import annotations

from pathlib import Path

import pytest

from base.config import SAMPLES_DIR
from policygraph import analysis
from policygraph.core import PolicyGraph
from policygraph.questions import diffusion

pytestmark = pytest.mark.store
# shared/real's batch-2 list, as copied into the corpus
BATCH2 = Path(__file__).resolve().parents[1] / "corpus" / "national-2018-126-second-batch" / "source.txt"
JL = "吉政办发〔2019〕19号"


def test_year_only_plan_gets_a_lag_range(fresh_store) -> None:
    report = PolicyGraph(fresh_store).load([BATCH2, SAMPLES_DIR / "jilin-second-batch-plan.txt"])
    assert report.failed == 0
    jl = next(d for d in report.link.documents if d.document_id == JL)
    assert jl.linked > 0
    doc = fresh_store.read("document_get", {"id": JL})[0]["document"]
    assert doc["date"] is None and doc["year"] == 2019 and doc["date_precision"] == "year"
    assert doc["date_method"] == "document-number-year"
    # A national measure Jilin localises: 知识产权民事、刑事、行政案件“三合一”审判 (batch 2, item 1).
    trace = diffusion.trace(fresh_store, "国办发〔2018〕126号/1", with_diff=False)
    loc = next(x for x in trace["localisations"] if (x["document"] or {}).get("id") == JL)
    assert loc["date"] is None and loc["lag_days"] is None
    assert (loc["date_precision"], loc["year"], loc["lag_days_range"]) == ("year", 2019, [9, 373])
    tl = analysis.timeline(fresh_store, "国办发〔2018〕126号/1")
    a = next(x for x in tl["adoptions"] if (x["document"] or {}).get("id") == JL)
    assert a["lag_days"] is None and a["lag_days_range"] == [9, 373]
    assert tl["summary"]["dated"] == 0 and tl["summary"]["year_only"] == 1
    tree = diffusion.path(fresh_store, "国办发〔2018〕126号/1")
    jilin = next(c for c in tree["tree"]["children"] if c["region"]["id"] == "220000")
    m = next(x for x in jilin["measures"] if x["id"].startswith(JL))
    assert (m["date_precision"], m["lag_days"], m["lag_days_range"]) == ("year", None, [9, 373])
