"""Document metadata: title, 文号, issuer, date, level, region, citations, batch, sidecar overrides.

Every value is either read off the text or inferred with an :class:`Evidence`; a value
the text does not support stays None (Guangdong's plan prints no title or date, and we do
not make one up). Inferred values are recorded in ``provenance[field]``.

Where each value comes from:

- **title**: the first line near the top (before the first section, table or item) that
  has no sentence punctuation and ends like a document title (…通知 / …方案 / …清单);
  a title broken over two lines (…改革举措 / 的工作方案) is joined, and spaces left
  between Chinese characters by PDF extraction are removed;
- **number (文号)**: a number standing alone on a line near the top is the document's
  own; numbers inside sentences are citations;
- **date** (成文日期), in this order, each recorded as ``provenance['date'].method``:
  ``signature`` (an issuing body on its own line, then a date line: 国务院办公厅 /
  2020年1月23日, or 二〇一九年三月五日), ``date-under-title`` (a date line, bare or in
  brackets, in the head of the document), ``labelled-date`` (a 成文日期：… field in the
  text), ``imprint-date`` (the 版记 line 吉林省人民政府办公厅 2019年3月6日印发), and last
  ``document-number-year``: the 文号's year, a YEAR ONLY (``date`` None, ``year`` 2019,
  ``date_precision`` 'year'); no day is ever made up. A 发布日期 (put online) is kept
  apart as ``published``. Dates elsewhere (实施步骤 phases, deadlines) are never the
  document date. See docs/QUALITY.md;
- **issuer**: the signature block (joint issuers on consecutive lines are joined with 、),
  the 版记 imprint, else the own number's prefix (吉政办发 -> 吉林省人民政府办公厅,
  ``document-number-prefix``) for the bodies in ``_ISSUER_CODES`` only;
- **level**: issuer, then the own number's prefix, then the departments and scope words
  (省…/全省 vs 市…/全市);
- **region**: ``loaders.regions.resolve_document_region``; national documents are 100000;
- **cites**: every 《title》 of a document and every 文号, a title paired with the number
  in the parenthesis right after it;
- **batch**: ``data/batches.yaml`` matched by the own number (announces), a cited number
  (implements) or 第N批 in the title (implements); never a batch later than the document.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from base.errors import BadInputError
from loaders import regions
from loaders.layouts.base import CN_DIGITS, cn_to_int
from loaders.records import BatchRecord, Citation, Evidence, RegionRecord
from loaders.responsibility import looks_like_org

DATA = Path(__file__).resolve().parent / "data"
COUNTRY_ID = "100000"

# 文号: 国办发〔2020〕3号. PDF/web exports print the brackets as [] () （） 【】 too.
# The prefix run is possessive ({1,10}+): a shorter run is followed by a Chinese character, never
# by the bracket, so giving characters back cannot match; not trying costs ~2/3 of the search.
_NUMBER_RE = re.compile(r"([\u4e00-\u9fff]{1,10}+)\s*[〔\[［【(（]\s*(\d{4})\s*[〕\]］】)）]\s*(\d{1,4})\s*号")
# Words that may sit in front of a number without belonging to it (按照国办发… / 以及国发…).
_NUMBER_LEAD = re.compile(r"^(?:根据|按照|依据|参照|详见|印发|贯彻|落实|执行|及|和|与|以|按|据|见|依|照|即|等)+")
# What a 文号 prefix ends with: 发 (国办发), 字, 函, 令, 办 (粤府办), 规, 电, 文.
_NUMBER_PREFIX_END = re.compile(r"(?:发|字|函|令|办|规|电|文|复|通)$")

_DOC_TYPES = (
    "通知|意见|实施方案|工作方案|方案|办法|规定|决定|计划|纲要|清单|细则|规划|措施|报告|批复|函|要点|指引|指南|条例|公告|通告"
)
# A title may also end with what a task split is called (2023年区政府工作报告重点工作目标任务分解,
# …目标任务分解表, 青島…2023年重點工作任務), and with a bracketed period after the type:
# 市政府工作报告重点工作责任分解(2023年), …实施方案(2025-2027年). Titles only: cited titles
# (_CITED_TITLE_END) keep the document types.
_TITLE_END = re.compile(rf"(?:{_DOC_TYPES}|分解|分解表|分工表|重点工作任务)(?:[（(][\d年—\-－~至]{{4,14}}[）)])?$")
# Titles of cited documents may also be laws and systems (《专利法》, 《…统计监测制度》).
_CITED_TITLE_END = re.compile(rf"(?:{_DOC_TYPES}|法|制度|规则|标准|决议|章程)$")
_BARE_DOC_WORDS = re.compile(r"^(?:通知|意见|方案|办法|规定|决定|纲要|计划|规划|实施方案|工作方案)$")
_SENTENCE_PUNCT = re.compile(r"[。，；：！？,;:!?]")
_DATE_LINE = re.compile(
    rf"^\s*(\d{{4}}|[{CN_DIGITS}]{{4}})\s*年\s*(\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*月\s*(\d{{1,2}}|[{CN_DIGITS}]{{1,3}})\s*日\s*$"
)
_ISSUER_END = re.compile(r"(?:人民政府|政府|办公厅|办公室|委员会|党委|国务院|厅|局|委)$")
# Section or item starts: the head of the document (title, number) lies before them.
_BODY_START = re.compile(rf"^\s*(?:#+\s*)?(?:[{CN_DIGITS}]+、|[（(][{CN_DIGITS}]+[）)]|\d+[.、])")
_HEAD_MAX_LINES = 40
# A cited title followed by 印发给你们 is the document being issued, not a parent.
_ISSUED_HERE = re.compile(r"《([^《》\n]+)》\s*(?:已经[^，。]*，\s*)?(?:现)?印发给你们")
_ABBREVIATION = re.compile(r"简称\s*《([^《》\n]+)》")
_BATCH_WORDS = re.compile(rf"第([{CN_DIGITS}]+)批")
_BATCH_COUNT = re.compile(rf"第([{CN_DIGITS}]+)批\s*(\d+)\s*项")

SIDECAR_KEYS = ("title", "date", "region", "number", "issuer", "level")
LEVELS = ("national", "provincial", "municipal")


@dataclass
class Metadata:
    title: str | None = None
    number: str | None = None
    issuer: str | None = None
    date: str | None = None  # 成文日期, ISO yyyy-mm-dd, only when the day is printed
    year: int | None = None  # the document's year: from the date, or the 文号 alone
    date_precision: str | None = None  # 'day' (date set) | 'year' (only the year is known)
    published: str | None = None  # 发布日期 (put online), ISO; never taken for the date
    level: str | None = None
    region: RegionRecord | None = None
    cites: list[Citation] = field(default_factory=list)
    batch: BatchRecord | None = None
    batch_role: str | None = None
    provenance: dict[str, Evidence] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- small readers


def canonical_number(prefix: str, year: str, num: str) -> str:
    return f"{prefix}〔{year}〕{int(num)}号"


def _trim_prefix(prefix: str) -> str:
    """Cut words of the sentence off a 文号 prefix: 工作的国办发 -> 国办发, 根据吉政办发 -> 吉政办发.

    The regex takes every Chinese character before the bracket; the issuer's name opens
    the real prefix. In order:
    1. the leftmost region name (晋中政办发, 内蒙古政办发, 石家庄市政办) - a place name is
       never an ordinary word in front of a number;
    2. else the single-character opener nearest the bracket: 国/中 for central bodies or a
       province's 简称 (吉, 甘, 粤) - nearest, because 简称 are common characters
       (重新印发国办发 -> 国办发, although 新 is Xinjiang's);
    3. else leading function words (根据/按照/…) are dropped.
    """
    for i in range(len(prefix) - 1):
        if _opens_with_region(prefix[i:]):
            return prefix[i:]
    for i in range(len(prefix) - 2, -1, -1):
        if prefix[i] in "国中" or prefix[i] in regions.PROVINCE_ABBREVIATIONS:
            return prefix[i:]
    lead = _NUMBER_LEAD.match(prefix)
    return prefix[lead.end() :] if lead and lead.end() < len(prefix) else prefix


def _opens_with_region(text: str) -> bool:
    return any(regions.lookup(text[:n]) is not None for n in (2, 3, 4) if len(text) > n)


def find_numbers(text: str) -> list[tuple[str, int, int]]:
    """Every 文号 in the text: (canonical number, start, end) of the printed form."""
    out = []
    for m in _NUMBER_RE.finditer(text):
        prefix = _trim_prefix(m.group(1))
        # 〔〕 is the 文号 bracket; with ordinary brackets (2019) the prefix must also end
        # like one (…发/…字/…函), or 第二条（2019）3号-like text would count.
        if "〔" not in m.group(0) and not _NUMBER_PREFIX_END.search(prefix):
            continue
        start = m.start(1) + (len(m.group(1)) - len(prefix))
        out.append((canonical_number(prefix, m.group(2), m.group(3)), start, m.end()))
    return out


def parse_date(text: str) -> str | None:
    """2020年1月23日 / 二〇二〇年一月二十三日 / 2020-01-23 -> '2020-01-23'; None if not a valid date."""
    text = text.strip()
    m = _DATE_LINE.match(text)
    if m:
        parts = [int(p) if p.isdigit() else cn_to_int(p) for p in m.groups()]
    else:
        m = re.fullmatch(r"(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})", text)
        if not m:
            return None
        parts = [int(p) for p in m.groups()]
    if any(p is None for p in parts):
        return None
    try:
        return dt.date(parts[0], parts[1], parts[2]).isoformat()  # type: ignore[arg-type]
    except ValueError:
        return None


def _head_lines(lines: list[str]) -> list[tuple[int, str]]:
    """Lines before the body starts (first section, item or table row), at most 40."""
    out = []
    for i, line in enumerate(lines[:_HEAD_MAX_LINES]):
        if _BODY_START.match(line) or "\t" in line:  # a section, an item or a table row
            break
        out.append((i, line))
    return out


# A web page's column tag before the title: 【市政府重点工作及责任分解】滁州市人民政府关于….
_COLUMN_TAG = re.compile(r"^【[^【】]{1,20}】")
# A 红头 masthead line (鞍山市立山区人民政府文件): the issuer's letterhead, never part of the title;
# nor is a line wholly in brackets ((此件公开发布)) or a date line.
_MASTHEAD = re.compile(r"文件$|^[（(][^（）()]*[）)]$")
# The tail of a title broken over lines: 的工作方案 / 实施方案(2025-2027年). A next line that is a
# whole title by itself and does not start so (2023年区政府工作报告…分解 under 小编带你了解)
# starts a title of its own, unless the line above opens a title with 关于 (国务院办公厅关于推广
# 第二批 / 支持创新相关改革举措的通知).
_TITLE_TAIL_START = re.compile(rf"^的?(?:{_DOC_TYPES})")


def _clean_title(text: str) -> str:
    t = _COLUMN_TAG.sub("", text.strip().lstrip("#").strip()).strip()
    # PDF extraction leaves spaces inside titles (第三批 支持创新); Chinese needs none.
    return re.sub(r"(?<=[\u4e00-\u9fff“”《》（）])\s+(?=[\u4e00-\u9fff“”《》（）])", "", t)


def _title_like(text: str) -> bool:
    return 6 <= len(text) <= 80 and not _SENTENCE_PUNCT.search(text) and bool(_TITLE_END.search(text))


def find_title(lines: list[str], text: str) -> tuple[str | None, Evidence | None]:
    head = _head_lines(lines)
    for k, (i, line) in enumerate(head):
        first = _clean_title(line)
        if (not first or _SENTENCE_PUNCT.search(first) or _MASTHEAD.search(first) or _number_line(first)
                or _DATE_LINE.match(first)):
            continue
        # The title itself, or a title broken over up to three consecutive lines.
        candidate, used = first, [line.strip()]
        for _, nxt in head[k + 1 : k + 3]:
            if _title_like(candidate) or not nxt.strip() or _SENTENCE_PUNCT.search(nxt) or _number_line(nxt):
                break
            if ("关于" not in candidate and _title_like(_clean_title(nxt))
                    and not _TITLE_TAIL_START.match(_clean_title(nxt))):
                break
            candidate += _clean_title(nxt)
            used.append(nxt.strip())
        if not _title_like(candidate):
            continue
        issued = any(_clean_title(m.group(1)) == candidate for m in _ISSUED_HERE.finditer(text))
        method = "title-line" if len(used) == 1 else "title-lines-joined"
        note = "; the text issues it by this title (印发)" if issued else ""
        return candidate, Evidence(
            method=method, score=0.98 if issued else 0.9,
            evidence=f"line {i + 1}: " + " / ".join(used) + note,
        )  # fmt: skip
    return None, None


def _number_line(line: str) -> bool:
    """A line that is one 文号 and nothing else (鞍立政发〔2023〕2号)."""
    s = line.strip().lstrip("#").strip()
    found = find_numbers(s)
    return len(found) == 1 and found[0][1] == 0 and found[0][2] == len(s)


def find_own_number(lines: list[str]) -> tuple[str | None, Evidence | None]:
    for i, line in _head_lines(lines):
        s = line.strip().lstrip("#").strip()
        found = find_numbers(s)
        if len(found) == 1 and found[0][1] == 0 and found[0][2] == len(s):
            return found[0][0], Evidence(
                method="standalone-number-line", score=0.95,
                evidence=f"line {i + 1}: {s} stands alone near the top",
            )  # fmt: skip
    return None, None


# Web pages print the dates as labelled fields: 成文日期 is the document's date, 发布日期 only
# when it was put online (used when nothing better exists).
# Law-database pages print the fields as 【公布日期】2018.03.23 / 【制定机关】延安市科学技术局. 发布时间
# (滁州's page: 发布时间:2020-02-03 17:29) and 公布日期 are when it was made public: published.
_LABELLED_DATE = re.compile(
    r"【?(成文日期|印发日期|发文日期|发布日期|发布时间|公布日期)】?\s*[:：]?\s*(\S+?日|\d{4}[-/.]\d{1,2}[-/.]\d{1,2})"
)
_PUBLISHED_LABELS = ("发布日期", "发布时间", "公布日期")


def find_labelled_date(text: str) -> tuple[str | None, Evidence | None]:
    """A 成文日期/印发日期/发文日期 field printed in the text (发布日期 is :func:`find_published`)."""
    for m in _LABELLED_DATE.finditer(text):
        date = parse_date(m.group(2))
        if date and m.group(1) not in _PUBLISHED_LABELS:
            return date, Evidence(method="labelled-date", score=0.9, evidence=m.group(0))
    return None, None


def find_published(text: str) -> tuple[str | None, Evidence | None]:
    """A 发布日期 field: when the text was put online, kept apart from the document's date."""
    for m in _LABELLED_DATE.finditer(text):
        date = parse_date(m.group(2))
        if date and m.group(1) in _PUBLISHED_LABELS:
            return date, Evidence(method="labelled-published", score=0.9, evidence=m.group(0))
    return None, None


# A page's labelled issuer: 发布机构: 谯城区科学技术局 / 【制定机关】延安市科学技术局 / 发文机关：….
# 来源 / 信息来源 is not one: it names where the page got the text (芜湖's 来源 is the
# 经济技术开发区 that reposted the city's notice).
_LABELLED_ISSUER = re.compile(r"【?(?:发布机构|发文机关|发文机构|发文单位|制定机关)】?\s*[:：]?\s*([\u4e00-\u9fff、]{4,40}?)(?=\s|$|[|｜•])",
                              re.M)


def find_labelled_issuer(text: str) -> tuple[str | None, Evidence | None]:
    for m in _LABELLED_ISSUER.finditer(text):
        name = m.group(1)
        if _ISSUER_END.search(name) or looks_like_org(name):
            return name, Evidence(method="labelled-issuer", score=0.9, evidence=m.group(0).strip())
    return None, None


# A title names its issuer before 关于 (发文机关 + 关于 + 事由 + 文种, GB/T 9704):
# 滁州市人民政府关于2020年市政府重点工作及责任分解的通知 -> 滁州市人民政府.
_TITLE_ISSUER = re.compile(r"^([\u4e00-\u9fff、]{4,40}?)关于")


def issuer_from_title(title: str | None) -> tuple[str | None, Evidence | None]:
    m = _TITLE_ISSUER.match(title or "")
    if m and _ISSUER_END.search(m.group(1)):
        return m.group(1), Evidence(method="title-issuer", score=0.9, evidence=f"title: {title}")
    return None, None


# A date line under the title may sit in brackets, with 印发/通过 after it: （2019年3月5日印发）.
_BRACKETED_DATE = re.compile(r"^\s*[（(]\s*(.+?日)\s*(?:印发|发布|通过|起施行)?\s*[）)]\s*$")
# The 版记 at the very end: 吉林省人民政府办公厅        2019年3月6日印发
_IMPRINT = re.compile(r"^\s*(\S{4,30}?)\s+(\S+?日)\s*印发\s*$")


def _issuer_line(text: str) -> bool:
    t = text.strip()
    return (
        2 <= len(t) <= 30 and not _SENTENCE_PUNCT.search(t) and not _DATE_LINE.match(t)
        and bool(_ISSUER_END.search(t) or looks_like_org(t))
    )  # fmt: skip


def find_signature(lines: list[str]) -> tuple[str | None, str | None, Evidence | None]:
    """(issuer, ISO date, evidence) from the signature block: issuing bodies on their own
    lines, then a date line (2019年3月5日 / 二〇一九年三月五日). The first such block is the
    document's own - it closes the notice, before any 附件. Joint issuers on consecutive
    lines are joined with 、. A bare date line with no issuer above is not a signature
    (see :func:`find_head_date`)."""
    for i, line in enumerate(lines):
        if not _DATE_LINE.match(line):
            continue
        date = parse_date(line)
        if not date:
            continue
        issuers: list[tuple[int, str]] = []
        j = i - 1
        while j >= 0 and i - j <= 8 and len(issuers) < 4:
            cand = lines[j].strip()
            if cand:
                if not _issuer_line(cand):
                    break
                issuers.insert(0, (j, cand))
            j -= 1  # blank lines (PDF exports double-space) do not end the block
        if issuers:
            issuer = "、".join(c for _, c in issuers)
            return issuer, date, Evidence(
                method="signature", score=0.95,
                evidence=f"lines {issuers[0][0] + 1}-{i + 1}: {' / '.join(c for _, c in issuers)} / {line.strip()}",
            )  # fmt: skip
    return None, None, None


def find_head_date(lines: list[str]) -> tuple[str | None, Evidence | None]:
    """A date line in the head of the document, under the title: 2019年3月5日 or
    （2019年3月5日印发）. Body dates (实施步骤, deadlines) are never taken."""
    for i, line in _head_lines(lines):
        m = _BRACKETED_DATE.match(line)
        printed = m.group(1) if m else line
        if not (_DATE_LINE.match(printed) or m):
            continue
        date = parse_date(printed)
        if date:
            return date, Evidence(method="date-under-title", score=0.85, evidence=f"line {i + 1}: {line.strip()}")
    return None, None


def find_imprint(lines: list[str]) -> tuple[str | None, str | None, Evidence | None]:
    """(issuer, ISO date, evidence) from the 版记 line 'X办公厅 2019年3月6日印发' (the day it
    was printed, usually a day or two after it was signed: used only when nothing better)."""
    for i in range(len(lines) - 1, -1, -1):
        m = _IMPRINT.match(lines[i])
        if not m:
            continue
        date = parse_date(m.group(2))
        if date and _issuer_line(m.group(1)):
            return m.group(1), date, Evidence(method="imprint-date", score=0.75,
                                              evidence=f"line {i + 1}: {lines[i].strip()}")  # fmt: skip
    return None, None, None


# Issuer from a 文号 prefix: the region part names the place, the rest the body. Only these
# body codes are read (an unknown code says nothing certain about the body: no issuer).
# code after the region -> (national body, provincial body, municipal body)
_ISSUER_CODES: dict[str, tuple[str, str, str]] = {
    # 国办发〔2020〕3号 -> 国务院办公厅; 吉政办发〔2019〕19号 -> 吉林省人民政府办公厅;
    # 粤府办〔2019〕1号 -> 广东省人民政府办公厅; 石政办发 -> 石家庄市人民政府办公室
    "办发": ("国务院办公厅", "", ""),
    "办函": ("国务院办公厅", "", ""),
    "政办发": ("", "人民政府办公厅", "人民政府办公室"),
    "政办函": ("", "人民政府办公厅", "人民政府办公室"),
    "政办字": ("", "人民政府办公厅", "人民政府办公室"),
    "政办": ("", "人民政府办公厅", "人民政府办公室"),
    "府办": ("", "人民政府办公厅", "人民政府办公室"),
    "府办发": ("", "人民政府办公厅", "人民政府办公室"),
    "府办函": ("", "人民政府办公厅", "人民政府办公室"),
    # 国发〔2017〕37号 -> 国务院; 甘政发 -> 甘肃省人民政府; 粤府 -> 广东省人民政府
    "发": ("国务院", "", ""),
    "函": ("国务院", "", ""),
    "政发": ("", "人民政府", "人民政府"),
    "政函": ("", "人民政府", "人民政府"),
    "政字": ("", "人民政府", "人民政府"),
    "府": ("", "人民政府", "人民政府"),
    "府函": ("", "人民政府", "人民政府"),
}


def issuer_from_number(number: str | None) -> tuple[str | None, Evidence | None]:
    """吉政办发〔2019〕19号 -> 吉林省人民政府办公厅 (``document-number-prefix``); None when the
    prefix's region or body code is not certain."""
    if not number:
        return None, None
    prefix = number.split("〔", 1)[0]
    body = ""
    if prefix.startswith("国"):
        body = _ISSUER_CODES.get(prefix[1:], ("", "", ""))[0]
        issuer = body or None
        why = f"国 + {prefix[1:]}"
    else:
        rec, rest = None, ""
        for n in range(min(len(prefix) - 1, 6), 1, -1):  # a full or short name: 石家庄市政办, 吉林政办发
            rec = regions.lookup(prefix[:n])
            if rec is not None:
                rest = prefix[n:]
                break
        if rec is None and prefix[:1] in regions.PROVINCE_ABBREVIATIONS:
            rec, rest = regions.get(regions.PROVINCE_ABBREVIATIONS[prefix[0]]), prefix[1:]
        if rec is None or rec.level == "country":
            return None, None
        codes = _ISSUER_CODES.get(rest)
        if codes is None:
            return None, None
        provincial = rec.level == "province" or regions.is_municipality(rec)
        body = codes[1] if provincial else codes[2]
        issuer = rec.name + body if body else None
        why = f"{prefix[: len(prefix) - len(rest)]} -> {rec.name}, {rest} -> {body}"
    if not issuer:
        return None, None
    return issuer, Evidence(method="document-number-prefix", score=0.85,
                            evidence=f"document number {number}: {why}")  # fmt: skip


def find_cites(text: str, *, own_number: str | None, own_title: str | None) -> list[Citation]:
    issued_here = {_clean_title(m.group(1)) for m in _ISSUED_HERE.finditer(text)}
    abbreviations = {m.group(1) for m in _ABBREVIATION.finditer(text)}
    numbers = find_numbers(text)
    cites: list[Citation] = []
    seen: set[str] = set()
    paired_spans: list[tuple[int, int]] = []

    for m in re.finditer(r"《([^《》\n]{2,100})》", text):
        title = _clean_title(m.group(1))
        after = text[m.end() : m.end() + 40]
        pm = re.match(r"\s*[（(]([^（）()]*)[）)]", after)
        number, printed_end = None, m.end()
        if pm:
            inner = find_numbers(pm.group(1))
            if inner:
                number = inner[0][0]
                printed_end = m.end() + pm.end()
                paired_spans.append((m.end(), printed_end))
        if title == own_title or title in issued_here:
            continue  # the document itself (现将《…》印发给你们)
        if number is None and (title in abbreviations or _BARE_DOC_WORDS.match(title)):
            continue  # 《通知》 referring back to a document already cited in full
        if number is None and not _CITED_TITLE_END.search(title):
            continue  # 《诉讼要素表》: a form, not a document
        if number is not None and number == own_number:
            continue
        key = number or f"title:{title}"
        if key in seen:
            continue
        seen.add(key)
        cites.append(Citation(number=number, title=title, as_printed=text[m.start() : printed_end]))

    for number, start, end in numbers:
        if number == own_number or number in seen:
            continue
        if any(a <= start < b for a, b in paired_spans):
            continue
        seen.add(number)
        cites.append(Citation(number=number, title=None, as_printed=text[start:end]))
    return cites


# ---------------------------------------------------------------- level and region


def _region_level(rec: RegionRecord) -> str:
    if rec.level == "country":
        return "national"
    if rec.level == "province" or regions.is_municipality(rec):
        return "provincial"
    return "municipal"


def infer_level(
    *, issuer: str | None, number: str | None, department_names: list[str], scopes: list[str], text: str
) -> tuple[str | None, Evidence | None]:
    if issuer:
        if issuer.startswith("国务院") or issuer.startswith("中共中央"):
            return "national", Evidence(method="issuer", score=0.95, evidence=f"issuer {issuer}")
        rec = _region_prefix(issuer)
        if rec is not None:
            return _region_level(rec), Evidence(
                method="issuer", score=0.9, evidence=f"issuer {issuer}: {rec.name}"
            )
    if number:
        prefix = number.split("〔", 1)[0]
        hit = regions.number_region(prefix)
        if hit is not None:
            return _region_level(hit[0]), Evidence(
                method="number-prefix", score=0.9, evidence=f"document number {number} ({hit[1]})"
            )
    prov = [d for d in department_names if d.startswith("省") or re.match(r"^\S{2,3}省", d)]
    city = [d for d in department_names if d.startswith("市") and not d.startswith("市场")]
    prov_words = re.findall(r"全省|我省|本省", text) + [s for s in scopes if s in ("全省", "本省")]
    city_words = re.findall(r"全市|我市|本市", text) + [s for s in scopes if s in ("全市", "本市")]
    p, c = len(prov) + len(prov_words), len(city) + len(city_words)
    if p == c:
        return None, None
    level = "provincial" if p > c else "municipal"
    win, lose = max(p, c), min(p, c)
    examples = (prov + prov_words) if level == "provincial" else (city + city_words)
    return level, Evidence(
        method="department-prefixes+scope-words",
        score=round(min(0.85, 0.5 + 0.35 * (win - lose) / win), 3),
        evidence=f"{'省' if level == 'provincial' else '市'}-level names/words x{win} vs x{lose}, "
        f"e.g. {'、'.join(dict.fromkeys(examples[:4]))}",
    )


def _region_prefix(name: str) -> RegionRecord | None:
    """The region a body's name opens with: 甘肃省人民政府 -> 甘肃省 (longest name first)."""
    for end in range(min(len(name), 12), 1, -1):
        rec = regions.lookup(name[:end])
        if rec is not None:
            return rec
    return None


def resolve_region(
    text: str, *, level: str | None, title: str | None, issuer: str | None, department_names: list[str]
) -> tuple[RegionRecord | None, Evidence | None, list[str]]:
    warnings: list[str] = []
    if level == "national":
        rec = regions.get(COUNTRY_ID)
        return rec, Evidence(method="national-document", score=0.95, evidence="national level: 中国"), warnings
    rec, ev = regions.resolve_document_region(text, title=title, issuer=issuer, department_names=department_names)
    if rec is None:
        warnings.append("no region could be established from the text; give it in a sidecar file")
        return None, None, warnings
    if level == "provincial" and rec.level == "city":
        prov = next((r for r in regions.chain(rec.id) if r.level == "province"), None)
        if prov is not None and ev is not None:
            ev = Evidence(method=ev.method, score=ev.score, evidence=f"{ev.evidence}; provincial document: {prov.name}")
            rec = prov
    return rec, ev, warnings


# ---------------------------------------------------------------- batches


@lru_cache(maxsize=1)
def batch_table() -> tuple[dict[str, Any], ...]:
    with (DATA / "batches.yaml").open(encoding="utf-8") as fh:
        return tuple(yaml.safe_load(fh)["batches"])


def find_batch(
    text: str, *, number: str | None, title: str | None, date: str | None, cites: list[Citation]
) -> tuple[BatchRecord | None, str | None, Evidence | None, list[str]]:
    """(batch record, 'announces'|'implements', evidence, warnings)."""
    table = batch_table()
    by_notice = {b["notice_number"]: b for b in table}
    by_number = {b["number"]: b for b in table}
    warnings: list[str] = []
    year = int(date[:4]) if date else _number_year(number)

    if number and number in by_notice:
        b = by_notice[number]
        count, count_ev = b["measure_count"], "reference table"
        for m in _BATCH_COUNT.finditer(text):
            if cn_to_int(m.group(1)) == b["number"]:
                count, count_ev = int(m.group(2)), f"text: {m.group(0)}"
                break
        ev = Evidence(method="own-number", score=1.0,
                      evidence=f"{number} is the notice of batch {b['number']} (data/batches.yaml)")  # fmt: skip
        rec = BatchRecord(
            id=f"batch-{b['number']}", number=b["number"], year=int(date[:4]) if date else b["year"],
            notice_number=number, date=date, measure_count=count,
            evidence=Evidence(method="own-number", score=1.0,
                              evidence=f"{ev.evidence}; date {date or 'not printed'}; count from {count_ev}"),
        )  # fmt: skip
        return rec, "announces", ev, warnings

    cited = [c for c in cites if c.number in by_notice]
    candidates: list[tuple[dict[str, Any], Evidence]] = []
    if cited:
        distinct = list(dict.fromkeys(c.number for c in cited if c.number))
        if len(distinct) > 1:
            warnings.append(f"cites several batch notices ({'、'.join(distinct)}); the first is taken")
        b = by_notice[distinct[0]]
        candidates.append((b, Evidence(method="cited-number", score=0.95,
                                       evidence=f"cites {cited[0].as_printed}")))  # fmt: skip
    words = _BATCH_WORDS.search(title or "")
    if words and cn_to_int(words.group(1)) in by_number:
        b = by_number[cn_to_int(words.group(1))]
        candidates.append((b, Evidence(method="title-words", score=0.8, evidence=f"title: {words.group(0)} in {title}")))
    if not candidates:
        return None, None, None, warnings
    b, ev = candidates[0]
    if len(candidates) > 1 and candidates[1][0]["number"] != b["number"]:
        warnings.append(f"title says batch {candidates[1][0]['number']} but the cited notice is batch {b['number']}")
    if year is not None and year < b["year"]:
        warnings.append(f"document of {year} cannot implement batch {b['number']} ({b['year']}); no batch set")
        return None, None, None, warnings
    rec = BatchRecord(
        id=f"batch-{b['number']}", number=b["number"], year=b["year"], notice_number=b["notice_number"],
        date=None, measure_count=b["measure_count"],
        evidence=Evidence(method="reference-table", score=1.0, evidence="loaders/data/batches.yaml"),
    )  # fmt: skip
    return rec, "implements", ev, warnings


def _number_year(number: str | None) -> int | None:
    m = re.search(r"〔(\d{4})〕", number or "")
    return int(m.group(1)) if m else None


# ---------------------------------------------------------------- sidecar


def find_sidecar(path: Path) -> Path | None:
    for suffix in (".yaml", ".yml", ".json"):
        cand = path.with_suffix(suffix)
        if cand.is_file():
            return cand
    return None


def load_sidecar(path: Path) -> dict[str, Any]:
    """Read and validate a sidecar file; BadInputError says which value is wrong."""
    try:
        raw = path.read_text(encoding="utf-8")
        # BaseLoader keeps every value a string: YAML would turn 2020-02-30 into an exception and
        # 440000 into an int before we could validate them.
        data = json.loads(raw) if path.suffix == ".json" else yaml.load(raw, Loader=yaml.BaseLoader)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, yaml.YAMLError) as exc:
        raise BadInputError(f"{path.name}: cannot read the sidecar file ({exc}).",
                            hint="Write it as UTF-8 YAML or JSON with keys " + ", ".join(SIDECAR_KEYS) + ".") from exc  # fmt: skip
    return validate_sidecar(data, source=path.name)


def validate_sidecar(data: Any, *, source: str = "sidecar") -> dict[str, Any]:
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise BadInputError(f"{source}: a sidecar must be a mapping of keys to values.",
                            hint="Allowed keys: " + ", ".join(SIDECAR_KEYS) + ".")  # fmt: skip
    unknown = sorted(set(data) - set(SIDECAR_KEYS))
    if unknown:
        raise BadInputError(f"{source}: unknown sidecar key(s) {', '.join(map(str, unknown))}.",
                            hint="Allowed keys: " + ", ".join(SIDECAR_KEYS) + ".")  # fmt: skip
    out: dict[str, Any] = {}
    for key, value in data.items():
        if value is None or value == "":
            continue
        if key == "date":
            iso = value.isoformat() if isinstance(value, dt.date) else parse_date(str(value))
            if iso is None:
                raise BadInputError(f"{source}: date {value!r} is not a valid date.",
                                    hint="Write it as YYYY-MM-DD, e.g. 2020-01-23.")  # fmt: skip
            out["date"] = iso
        elif key == "level":
            if value not in LEVELS:
                raise BadInputError(f"{source}: level {value!r} is not one of {', '.join(LEVELS)}.",
                                    hint="Use national, provincial or municipal.")  # fmt: skip
            out["level"] = value
        elif key == "region" and isinstance(value, RegionRecord):
            out["region"] = value  # validated already (extract_file -> extract_text)
        elif key == "region":
            value = str(value).strip()
            rec = regions.get(value) if value.isdigit() else regions.lookup(value)
            if rec is None:
                raise BadInputError(f"{source}: region {value!r} is not a known region name or code.",
                                    hint="Give a 6-digit division code (440000) or a name (广东省, 石家庄市).")  # fmt: skip
            out["region"] = rec
        elif key == "number":
            found = find_numbers(str(value))
            if len(found) != 1:
                raise BadInputError(f"{source}: number {value!r} is not a document number.",
                                    hint="Write it as printed, e.g. 国办发〔2020〕3号.")  # fmt: skip
            out["number"] = found[0][0]
        else:
            if not isinstance(value, str) or not value.strip():
                raise BadInputError(f"{source}: {key} must be a non-empty text.")
            out[key] = value.strip()
    return out


# ---------------------------------------------------------------- all together


def find_dates_and_issuer(md: Metadata, lines: list[str], text: str, *, sidecar: dict[str, Any], side: Any) -> None:
    """Fill md.date/year/date_precision/published and md.issuer, with provenance per value.

    A sidecar wins; else the best printed source (see the module docstring for the order).
    The 文号's year gives a YEAR ONLY: ``date`` stays None, ``year`` is set and
    ``date_precision`` is 'year'; nothing downstream may turn it into 1 January."""
    sig_issuer, sig_date, sig_ev = find_signature(lines)
    imp_issuer, imp_date, imp_ev = find_imprint(lines)
    if side("issuer"):
        md.issuer = sidecar["issuer"]
    else:
        for issuer, ev in ((sig_issuer, sig_ev), (imp_issuer, imp_ev), find_labelled_issuer(text),
                           issuer_from_title(md.title), issuer_from_number(md.number)):
            if issuer and ev:
                md.issuer, md.provenance["issuer"] = issuer, ev
                break

    published, pub_ev = find_published(text)
    if published and pub_ev:
        md.published, md.provenance["published"] = published, pub_ev
    if side("date"):
        md.date = sidecar["date"]
    else:
        head_date, head_ev = find_head_date(lines)
        labelled, labelled_ev = find_labelled_date(text)
        for date, ev in ((sig_date, sig_ev), (head_date, head_ev), (labelled, labelled_ev), (imp_date, imp_ev)):
            if date and ev:
                md.date = date
                md.provenance["date"] = ev
                break
    if md.date:
        md.year, md.date_precision = int(md.date[:4]), "day"
        return
    year = _number_year(md.number)
    if year is not None:
        md.year, md.date_precision = year, "year"
        md.provenance["date"] = Evidence(
            method="document-number-year", score=0.9,
            evidence=f"{md.number}: the year {year} only; no day is printed",
        )  # fmt: skip
        md.warnings.append(f"no date printed; {md.number} gives the year {year} only: lags depend on the "
                           "date; give a sidecar date: YYYY-MM-DD")  # fmt: skip
        return
    note = f" (published online {md.published}, not the document's date)" if md.published else ""
    md.warnings.append(f"no date printed{note}: lags and the time rule depend on it; give a sidecar date: YYYY-MM-DD")



def extract_metadata(
    text: str,
    *,
    department_names: list[str],
    scopes: list[str],
    sidecar: dict[str, Any] | None = None,
    sidecar_name: str = "sidecar",
) -> Metadata:
    lines = text.split("\n")
    md = Metadata()
    sidecar = sidecar or {}

    def side(key: str) -> bool:
        if key in sidecar:
            value = sidecar[key]
            shown = value.name if isinstance(value, RegionRecord) else value
            md.provenance[key] = Evidence(method="sidecar", score=1.0, evidence=f"{sidecar_name}: {key}={shown}")
            return True
        return False

    if side("title"):
        md.title = sidecar["title"]
    else:
        md.title, ev = find_title(lines, text)
        if ev:
            md.provenance["title"] = ev
    if side("number"):
        md.number = sidecar["number"]
    else:
        md.number, ev = find_own_number(lines)
        if ev:
            md.provenance["number"] = ev
    find_dates_and_issuer(md, lines, text, sidecar=sidecar, side=side)

    if side("level"):
        md.level = sidecar["level"]
    elif "region" in sidecar:
        md.level = _region_level(sidecar["region"])
        md.provenance["level"] = Evidence(method="sidecar-region", score=0.9,
                                          evidence=f"{sidecar_name}: region={sidecar['region'].name}")  # fmt: skip
    else:
        md.level, ev = infer_level(issuer=md.issuer, number=md.number, department_names=department_names,
                                   scopes=scopes, text=text)  # fmt: skip
        if ev:
            md.provenance["level"] = ev
        else:
            md.warnings.append("level could not be established from the text")

    if side("region"):
        md.region = sidecar["region"]
    else:
        md.region, ev, warns = resolve_region(text, level=md.level, title=md.title, issuer=md.issuer,
                                              department_names=department_names)  # fmt: skip
        md.warnings += warns
        if ev:
            md.provenance["region"] = ev

    md.cites = find_cites(text, own_number=md.number, own_title=md.title)
    md.batch, md.batch_role, ev, warns = find_batch(text, number=md.number, title=md.title, date=md.date,
                                                    cites=md.cites)  # fmt: skip
    md.warnings += warns
    if ev:
        md.provenance["batch"] = ev
    return md


# ---------------------------------------------------------------- page metadata (web pages)

# A web page's metadata table / <meta> tags: printed label -> the metadata field it fills.
# 成文日期 is the document's own date; 发布日期 only says when it went online.
PAGE_FIELDS = {"标题": "title", "发文字号": "number", "发文机关": "issuer", "成文日期": "date"}


def page_metadata(md: Metadata, page: dict[str, str] | None, *, sidecar: dict[str, Any] | None = None,
                  source: str = "page") -> str | None:
    """Fill `md` from a page's labelled metadata (method ``page-metadata``); return the ISO 发布日期.

    The page's labels are the publisher's own record of the document, so they are preferred
    to what was inferred from the text; a sidecar still overrides both. Where the text said
    something else, a warning names both. The page's own 文号 is the document's number, so
    it is taken out of the citations.
    """
    if not page:
        return None
    sidecar = sidecar or {}
    for label, key in PAGE_FIELDS.items():
        value = (page.get(label) or "").strip()
        if not value or key in sidecar:
            continue
        if key == "date":
            value = parse_date(value) or ""
        elif key == "number":
            found = find_numbers(value)
            value = found[0][0] if len(found) == 1 else ""
        elif key == "title":
            value = _clean_title(value)
        if not value:
            continue
        before = getattr(md, key)
        if before and before != value:
            md.warnings.append(f"the page's {label} says {value}, the text gives {before}; the page's is kept")
        setattr(md, key, value)
        md.provenance[key] = Evidence(method="page-metadata", score=0.98, evidence=f"{source}: {label} {page[label]}")
        if key == "date":  # the page's 成文日期 is a whole day: it settles the precision too
            md.year, md.date_precision = int(value[:4]), "day"
    if md.number:
        md.cites = [c for c in md.cites if c.number != md.number]
    published = parse_date(page.get("发布日期", "").split()[0]) if page.get("发布日期", "").strip() else None
    if published:
        md.provenance["published"] = Evidence(method="page-metadata", score=0.98,
                                              evidence=f"{source}: 发布日期 {page['发布日期']}")
        md.published = published
    return published
