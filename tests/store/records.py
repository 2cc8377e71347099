"""Hand-built extractions for writer tests (independent of the loaders' parsing).

A small national notice announcing batch 3 with three measures, and a provincial plan
implementing it that cites the notice by number and another document by title only.
"""

from __future__ import annotations

import hashlib

from loaders.records import (
    BatchRecord,
    Citation,
    DepartmentRecord,
    DocumentRecord,
    Evidence,
    Extraction,
    LeadRecord,
    MeasureRecord,
    RegionRecord,
    Span,
)

NATIONAL_ID = "国办发〔2020〕3号"
LOCAL_ID = "file:guangdong-test-plan"

CHINA = RegionRecord(id="100000", name="中国", short="中国", level="country")
GUANGDONG = RegionRecord(id="440000", name="广东省", short="广东", level="province", parent_id="100000")

NATIONAL_TITLES = [
    "银行与专业投资机构建立市场化长期性合作机制支持科技创新型企业",
    "科技创新券跨区域通用通兑政策协同机制",
    "以事前产权激励为核心的职务科技成果权属改革",
]


def _measure(doc_id: str, key: str, seq: int, title: str, level: str, region_id: str, date: str,
             source: str) -> MeasureRecord:
    return MeasureRecord(
        id=f"{doc_id}/{key}", document_id=doc_id, key=key, seq=seq, title=title,
        content=f"{title}。", text=f"{seq}. {title}", level=level, region_id=region_id, date=date,
        span=Span(source_file=source, line_start=10 + seq, line_end=10 + seq, char_start=100 * seq,
                  char_end=100 * seq + len(title)),
        category="科技金融创新",
    )


def national(titles: list[str] | None = None, sha: str | None = None) -> Extraction:
    titles = NATIONAL_TITLES if titles is None else titles
    src = "national-test.txt"
    measures = [_measure(NATIONAL_ID, str(i), i, t, "national", "100000", "2020-02-07", src)
                for i, t in enumerate(titles, 1)]
    deps = [
        DepartmentRecord(id="100000/中国人民银行", name="中国人民银行", region_id="100000", level="national",
                         line="人民银行", printed_names=["人民银行"],
                         canonical=Evidence(method="alias-table", score=1.0, evidence="人民银行")),
        DepartmentRecord(id="100000/科学技术部", name="科学技术部", region_id="100000", level="national",
                         line="科技", printed_names=["科技部"],
                         canonical=Evidence(method="alias-table", score=1.0, evidence="科技部")),
    ]
    leads = [LeadRecord(department_id=deps[i % 2].id, measure_id=m.id, role="guide", rank=1,
                        as_printed=deps[i % 2].printed_names[0], rule="guiding-department")
             for i, m in enumerate(measures)]
    doc = DocumentRecord(
        id=NATIONAL_ID, source_file=src, sha256=sha or hashlib.sha256("|".join(titles).encode()).hexdigest(),
        encoding="utf-8", layout="prose", title="国务院办公厅关于推广第三批支持创新相关改革举措的通知",
        number=NATIONAL_ID, issuer="国务院办公厅", date="2020-02-07", level="national", region_id="100000",
        region_name="中国", batch=3, batch_role="announces",
        provenance={"date": Evidence(method="signature-date", score=0.9, evidence="2020年2月7日")},
    )
    batch = BatchRecord(id="batch-3", number=3, year=2020, notice_number=NATIONAL_ID, date="2020-02-07",
                        measure_count=len(titles),
                        evidence=Evidence(method="title", score=1.0, evidence="第三批"))
    return Extraction(document=doc, measures=measures, departments=deps, leads=leads,
                      regions=[CHINA], batch=batch)


def local(titles: list[str] | None = None, sha: str | None = None) -> Extraction:
    titles = titles or ["建立银行与专业投资机构市场化长期性合作机制", "推广科技创新券通用通兑"]
    src = "guangdong-test-plan.txt"
    measures = [_measure(LOCAL_ID, f"二.{i}", i, t, "provincial", "440000", "2020-06-01", src)
                for i, t in enumerate(titles, 1)]
    dep = DepartmentRecord(id="440000/广东省科学技术厅", name="广东省科学技术厅", region_id="440000",
                           level="provincial", line="科技", printed_names=["省科技厅"],
                           canonical=Evidence(method="alias-table", score=0.95))
    leads = [LeadRecord(department_id=dep.id, measure_id=m.id, role="lead", rank=1, as_printed="省科技厅",
                        rule="stated-first-leads") for m in measures]
    doc = DocumentRecord(
        id=LOCAL_ID, source_file=src, sha256=sha or hashlib.sha256("|".join(titles).encode()).hexdigest(),
        encoding="gb18030", layout="table", title="广东省推广第三批支持创新相关改革举措工作方案",
        date="2020-06-01", level="provincial", region_id="440000", region_name="广东省", batch=3,
        batch_role="implements",
        cites=[Citation(number=NATIONAL_ID, title=None, as_printed=f"（{NATIONAL_ID}）"),
               Citation(title="广东省深化科技体制改革实施方案", as_printed="《广东省深化科技体制改革实施方案》")],
    )
    batch = BatchRecord(id="batch-3", number=3, evidence=Evidence(method="title", score=0.8))
    return Extraction(document=doc, measures=measures, departments=[dep], leads=leads,
                      regions=[CHINA, GUANGDONG], batch=batch)
