"""Scale corpus: national lists and every province's and city's localisations of them.

    python -m bench.generate --docs 1000 --out bench/generated/1000 [--seed 20200123]

Writes ``<out>/docs/*.txt`` (the texts), ``<out>/ground_truth.jsonl`` (one line per local
item: which national measure it restates, or null and why not) and ``<out>/manifest.json``
(seed, every file with its expected document id, region, batch, layout, encoding, date).

What the texts imitate (see samples/ and shared/DOMAIN.md):

* ``table``    the Hebei city task list: 序号/改革举措/主要内容/责任部门/推广范围, repeated
               header rows at page breaks, rows split over two lines, no lead rule stated
               (so the first listed department is *presumed* to lead);
* ``prose``    Guangdong's plan: 一、大力推广 / 二、深化实施 sections of （一）… items, title =
               first sentence, departments in the closing brackets, 排在首位的部门为牵头单位;
* ``numbered`` Jilin's plan: category headings, ``n.title。content（责任单位：…）``, a
               counted-only 军民深度融合 heading with a number range, dated 实施步骤;
* ``gansu``    Gansu's plan: sections by theme, （一）… items ending （X牵头负责） or
               （A、B等单位按职责分工负责）.

Every document has a title, a dated signature and (mostly) a 文号, cites its national
notice by number and title, and a city's plan also cites its province's plan. Titles are
reworded (建立/推行/开展… prefixes, 机制→模式), content is the national 主要内容 extended
with local detail, departments are the local bodies of the same functional line
(省科技厅, 市科技局, 吉林银保监局, 人民银行长春中心支行, 石家庄海关 …).

Ground truth includes two kinds of true negatives so linking precision means something:
local-only items (no national parent) and items that restate a measure promoted only
*after* the document's date (the time rule forbids ADAPTS however similar the words).

Deterministic: the same seed gives byte-identical output. Corpora are nested: the first
N documents of a larger scale are exactly the N-document corpus (slots are taken in a
fixed, seeded order), so figures at 100, 1,000 and 10,000 describe growing versions of
one collection.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from bench.national import (
    BATCH3_FILE,
    SYNTHETIC_MARK,
    Batch,
    NationalMeasure,
    batches,
    cn_date,
    national_notice,
)

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SEED = 20200123
CN_NUM = "一二三四五六七八九十"


# --- regions ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Region:
    id: str
    name: str
    short: str
    level: str  # 'province' | 'city'
    parent_id: str | None
    capital: bool = False


def all_regions() -> list[Region]:
    """Provinces and prefecture-level cities, from the loader's region table.

    ``loaders.regions.all_regions()`` when the module exists (the loader's own view of the
    table, so names we print are names it can resolve); else the committed CSV it is built
    from. The country row is dropped: the country only issues national notices.
    """
    rows: list[Region] = []
    try:
        from loaders.regions import all_regions as _loader_regions  # type: ignore[import-not-found]
        from loaders.regions import is_capital  # type: ignore[import-not-found]

        for r in _loader_regions():
            rows.append(Region(r.id, r.name, r.short, r.level, r.parent_id, bool(is_capital(r.id))))
    except ImportError:
        with (ROOT / "loaders" / "data" / "regions.csv").open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                rows.append(Region(row["id"], row["name"], row["short"], row["level"], row["parent_id"] or None,
                                   row.get("capital") == "1"))
    out = [r for r in rows if r.level in ("province", "city")]
    out.sort(key=lambda r: r.id)
    return out


PROVINCE_ABBR = {
    "11": "京", "12": "津", "13": "冀", "14": "晋", "15": "内蒙古", "21": "辽", "22": "吉", "23": "黑",
    "31": "沪", "32": "苏", "33": "浙", "34": "皖", "35": "闽", "36": "赣", "37": "鲁", "41": "豫",
    "42": "鄂", "43": "湘", "44": "粤", "45": "桂", "46": "琼", "50": "渝", "51": "川", "52": "黔",
    "53": "云", "54": "藏", "61": "陕", "62": "甘", "63": "青", "64": "宁", "65": "新",
}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


def level_prefix(region: Region) -> str:
    """The one-character stand-in a text uses for its own government: 省科技厅, 市科技局."""
    if region.level == "province":
        if region.id in MUNICIPALITIES:
            return "市"
        return "自治区" if region.name.endswith("自治区") else "省"
    for suffix in ("自治州", "地区", "盟", "市", "州"):
        if region.name.endswith(suffix):
            return {"自治州": "州"}.get(suffix, suffix)
    return "市"


# --- departments: the same functional line at every level -----------------------------------
# national name -> (provincial short, provincial full, city short, city full); None = special
LINES: dict[str, tuple[str, str, str, str]] = {
    "科技部": ("科技厅", "科学技术厅", "科技局", "科学技术局"),
    "财政部": ("财政厅", "财政厅", "财政局", "财政局"),
    "发展改革委": ("发展改革委", "发展和改革委员会", "发展改革委", "发展和改革委员会"),
    "教育部": ("教育厅", "教育厅", "教育局", "教育局"),
    "司法部": ("司法厅", "司法厅", "司法局", "司法局"),
    "人力资源社会保障部": ("人力资源社会保障厅", "人力资源和社会保障厅", "人社局", "人力资源和社会保障局"),
    "工业和信息化部": ("工业和信息化厅", "工业和信息化厅", "工信局", "工业和信息化局"),
    "国资委": ("国资委", "人民政府国有资产监督管理委员会", "国资委", "人民政府国有资产监督管理委员会"),
    "知识产权局": ("市场监管局", "市场监督管理局", "市场监管局", "市场监督管理局"),
    "公安部": ("公安厅", "公安厅", "公安局", "公安局"),
    "最高人民法院": ("法院", "高级人民法院", "法院", "中级人民法院"),
    "最高人民检察院": ("检察院", "人民检察院", "检察院", "人民检察院"),
    "中央编办": ("委编办", "委机构编制委员会办公室", "委编办", "委机构编制委员会办公室"),
    "外专局": ("外专局", "外国专家局", "外专局", "外国专家局"),
}
# Bodies a local plan adds that no national list names (the local financial regulator, …).
LOCAL_EXTRAS = [("地方金融监管局", "地方金融监督管理局", "金融监管局", "地方金融监督管理局"),
                ("行政审批局", "行政审批局", "行政审批局", "行政审批局"),
                ("大数据局", "大数据发展管理局", "数据资源管理局", "数据资源管理局")]


def _capital_of(province: Region, regions_by_parent: dict[str, list[Region]]) -> Region | None:
    kids = regions_by_parent.get(province.id, [])
    for k in kids:
        if k.capital:
            return k
    return kids[0] if kids else None


@dataclass
class DeptNamer:
    """Prints department names the way one document does (one style per document)."""

    region: Region
    province: Region
    capital: Region | None
    style: str  # 'short' 省科技厅 | 'prefixed' 吉林省科技厅 | 'full' 吉林省科学技术厅
    year: int

    def _local(self, short: str, full: str) -> str:
        pre = level_prefix(self.region)
        if self.style == "short":
            return pre + short
        name = self.region.name if self.region.level == "province" else self.region.name
        if self.style == "prefixed":
            return name + short
        return name + full

    def name(self, national: str) -> str:
        prov = self.region.level == "province"
        where = self.province.short if prov else self.region.short
        if national in ("银保监会", "银监会", "保监会"):
            body = {"银保监会": "银保监", "银监会": "银监", "保监会": "保监"}[national]
            if national == "银保监会" and self.year < 2018:
                body = "银监"  # the merged regulator did not exist before 2018
            return f"{where}{body}局" if prov else f"{where}{body}分局"
        if national == "人民银行":
            if prov:
                if self.province.id in MUNICIPALITIES:
                    return f"人民银行{self.province.short}分行"
                cap = self.capital.short if self.capital else self.province.short
                return f"中国人民银行{cap}中心支行" if self.style == "full" else f"人民银行{cap}中心支行"
            return f"人民银行{self.region.short}市中心支行"
        if national == "海关总署":
            if prov:
                if self.province.id == "440000":
                    return "海关总署广东分署"
                cap = self.capital.short if self.capital else self.province.short
                return f"{cap}海关"
            return f"{self.region.short}海关"
        if national == "证监会":
            return f"{self.province.short}证监局"
        if national == "知识产权局" and self.year < 2018:
            return self._local("知识产权局", "知识产权局")
        if national in LINES:
            ps, pf, cs, cf = LINES[national]
            return self._local(ps, pf) if prov else self._local(cs, cf)
        return self._local(national, national)

    def extra(self, i: int) -> str:
        ps, pf, cs, cf = LOCAL_EXTRAS[i % len(LOCAL_EXTRAS)]
        return self._local(ps, pf) if self.region.level == "province" else self._local(cs, cf)


# --- wording ---------------------------------------------------------------------------------
VERBS = ("建立", "推行", "开展", "设立", "实施", "推动", "探索建立", "完善", "健全")
VERB_STARTS = ("建立", "设立", "开展", "推行", "实施", "推动", "完善", "健全", "探索", "推进", "打造", "集中", "对")


def reword_title(title: str, rng: random.Random) -> str:
    t = title
    if "机制" in t and rng.random() < 0.15:
        i = t.rfind("机制")
        t = t[:i] + "模式" + t[i + 2:]
    if t.startswith("建立") and rng.random() < 0.2:
        t = rng.choice(("健全", "完善", "推进建立")) + t[2:]
    elif not t.startswith(VERB_STARTS) and rng.random() < 0.65:
        t = rng.choice(VERBS) + t
    if rng.random() < 0.1:
        t = t.replace("科技创新型企业", "科技型中小企业")
    return t


EXTENSIONS = [
    "依托{r}科技金融综合服务平台，建立项目库和企业库，定期组织对接活动。",
    "到{y}年底，力争在全{lv}范围内形成可复制、可推广的经验做法。",
    "{r}各有关部门要制定具体实施细则，明确时间表、路线图和责任人。",
    "鼓励有条件的县（市、区）先行先试，及时总结推广典型案例。",
    "加强与国家有关部委的沟通衔接，争取更多政策和项目支持。",
    "建立工作台账，实行月调度、季通报制度，确保各项任务落地见效。",
    "加大财政资金引导力度，统筹用好各类专项资金，支持重点项目建设。",
    "完善考核评价办法，将推广落实情况纳入年度目标责任考核。",
    "强化部门协同和信息共享，推动相关数据互联互通。",
    "结合{r}产业特点，聚焦装备制造、新材料、生物医药等重点领域组织实施。",
    "支持高校、科研院所和龙头企业共同参与，形成推进合力。",
    "加强政策宣传解读，提高企业和社会公众的知晓度和参与度。",
]
LOCAL_ONLY = [
    ("实施高新技术企业倍增计划", "建立高新技术企业后备库，对首次认定的高新技术企业给予一次性奖励，推动高新技术企业数量和质量双提升。"),
    ("推进政务服务“一网通办”", "整合各部门政务服务事项，推行线上“一网通办”、线下“只进一扇门”，压缩审批时限。"),
    ("开展科技特派员农村科技创业行动", "选派科技特派员深入农村一线，开展技术服务和创业指导，促进农业科技成果转化。"),
    ("建设人才公寓和高层次人才服务专区", "统筹建设人才公寓，为高层次人才提供住房保障、子女入学、医疗保健等“一站式”服务。"),
    ("实施专精特新中小企业梯度培育工程", "建立专精特新企业培育库，分层分类给予资金、技术和市场开拓支持。"),
    ("推进首台（套）重大技术装备示范应用", "对首台（套）重大技术装备的研制和推广应用给予奖励，支持用户单位采购使用。"),
    ("加快建设科技企业孵化器和众创空间", "支持社会资本建设专业化众创空间和孵化器，对绩效评价优秀的给予运营补助。"),
    ("开展全民科学素质提升行动", "实施青少年科技创新后备人才培育计划，广泛开展科普进社区、进农村、进学校活动。"),
    ("实施重点产业链链长制", "由市级领导担任重点产业链链长，统筹协调解决产业链补链延链强链中的重大问题。"),
    ("推动县域特色产业集群发展", "围绕县域主导产业，培育一批特色产业集群和产业强镇，促进一二三产业融合。"),
]


# --- documents -------------------------------------------------------------------------------
@dataclass
class Item:
    title: str
    content: str
    depts: list[str]
    category: str
    national: str | None  # ground truth: national measure id, or None
    # restates (the batch the plan answers) | earlier-batch | later-batch (promoted before the
    # plan's date, so ADAPTS is allowed) | local-only | not-yet-promoted | counted-only
    reason: str
    status: str | None = None  # newly-promoted | deepened (prose layout)
    scope: str = ""


@dataclass
class Slot:
    region: Region
    batch: int
    kind: int  # 0 work plan, 1 task list, >=2 follow-up documents (see annual_year / FOLLOW_UPS)

    @property
    def stem(self) -> str:
        return f"{self.region.id}-b{self.batch}-k{self.kind}"


@dataclass
class DocPlan:
    slot: Slot
    date: str
    number: str | None
    title: str
    layout: str
    encoding: str
    items: list[Item] = field(default_factory=list)
    counted: list[NationalMeasure] = field(default_factory=list)  # 军民 measures counted only


def _doc_rng(seed: int, slot: Slot, purpose: str) -> random.Random:
    # A string seed is hashed with SHA-512 by random.Random: stable across runs and platforms.
    # One stream per purpose, so changing how a document is rendered never moves its date or 文号.
    return random.Random(f"{seed}:{purpose}:{slot.region.id}:{slot.batch}:{slot.kind}")


def cn_ordinal(n: int) -> str:
    """1..99 in Chinese numerals: 一, 十, 十一, 二十三."""
    tens, ones = divmod(n, 10)
    out = ("" if tens <= 1 else CN_NUM[tens - 1]) + ("十" if tens else "")
    return out + (CN_NUM[ones - 1] if ones else "")


# Follow-up documents: four years of each kind after the batch, so no date runs past 2024.
FOLLOW_UPS = ("工作要点", "实施细则", "推进计划", "任务清单（修订）")


def annual_year(b: Batch, kind: int) -> int:
    return b.year + 1 + (kind - 2) % 4


def _slot_date(slot: Slot, b: Batch, rng: random.Random) -> str:
    start = date.fromisoformat(b.date)
    if slot.kind == 0:
        d = start + timedelta(days=rng.randint(40, 300))
    elif slot.kind == 1:
        d = start + timedelta(days=rng.randint(320, 420))
    else:
        year = annual_year(b, slot.kind)
        d = date(year, rng.randint(2, 5), rng.randint(1, 28))
    return d.isoformat()


def _number_prefix(slot: Slot) -> tuple[str, str]:
    """(文号 prefix, issuer) for a slot."""
    prov_abbr = PROVINCE_ABBR[slot.region.id[:2]]
    if slot.region.level == "province":
        abbr, gov = prov_abbr, slot.region.name + "人民政府办公厅"
    else:
        # Cities open their numbers with one character (石政办发, 烟政办发), except where that
        # character is a province's abbreviation (吉安 is not 吉林, 鄂州 is not 湖北): then the
        # whole short name, as those cities do (鄂州政办发).
        first = slot.region.short[0]
        clash = first in PROVINCE_ABBR.values() or first in ("内", "蒙", "黔", "滇", "陇", "秦", "蜀")
        abbr = slot.region.short if clash else first
        gov = slot.region.name + "人民政府办公室"
    if slot.kind == 0:
        return f"{abbr}政办发", gov
    if slot.kind == 1:
        return f"{abbr}政办函", gov
    return f"{abbr}发改创新", slot.region.name + ("发展和改革委员会" if slot.region.level == "province" else "发展和改革局")


class Corpus:
    def __init__(self, seed: int = DEFAULT_SEED) -> None:
        self.seed = seed
        self.batches = batches()
        self.regions = all_regions()
        self.by_id = {r.id: r for r in self.regions}
        self.by_parent: dict[str, list[Region]] = {}
        for r in self.regions:
            if r.parent_id:
                self.by_parent.setdefault(r.parent_id, []).append(r)
        self._numbers: dict[tuple[str, int, int], tuple[str, str | None]] = {}
        self._numbered_kinds = -1
        self._serials: dict[tuple[str, int], int] = {}

    # Slots in a fixed order: kind-major, each kind's (batch, region) pairs shuffled by a
    # seed that depends only on the kind, so the first N of a larger corpus are the N corpus.
    def slots_of_kind(self, kind: int) -> list[Slot]:
        s = [Slot(r, b, kind) for b in (1, 2, 3) for r in self.regions]
        random.Random(f"{self.seed}:order:{kind}").shuffle(s)
        return s

    def _assign_numbers(self, upto_kind: int) -> None:
        """Date and 文号 of every slot of kinds <= upto_kind, in canonical (unshuffled) order,
        so a document's number never depends on the corpus size."""
        for kind in range(self._numbered_kinds + 1, upto_kind + 1):
            for b in (1, 2, 3):
                for r in self.regions:
                    slot = Slot(r, b, kind)
                    rng = _doc_rng(self.seed, slot, "number")
                    d = _slot_date(slot, self.batches[b], rng)
                    prefix, _ = _number_prefix(slot)
                    year = int(d[:4])
                    serial = self._serials.get((prefix, year), 0) + rng.randint(1, 4)
                    self._serials[(prefix, year)] = serial
                    self._numbers[(r.id, b, kind)] = (d, f"{prefix}〔{year}〕{serial}号")
            self._numbered_kinds = kind

    def number_of(self, slot: Slot) -> tuple[str, str]:
        self._assign_numbers(slot.kind)
        return self._numbers[(slot.region.id, slot.batch, slot.kind)]

    def plan_slots(self, n_local: int) -> list[Slot]:
        out: list[Slot] = []
        kind = 0
        while len(out) < n_local:
            out.extend(self.slots_of_kind(kind)[: n_local - len(out)])
            kind += 1
        return out

    # --- one document -------------------------------------------------------------------------
    def plan(self, slot: Slot) -> DocPlan:
        rng = _doc_rng(self.seed, slot, "plan")
        b = self.batches[slot.batch]
        d, number = self.number_of(slot)
        layout = rng.choices(("table", "prose", "numbered", "gansu"), weights=(35, 30, 25, 10))[0]
        has_number = not (layout == "table" and rng.random() < 0.15)
        encoding = rng.choices(("utf-8", "gb18030", "utf-8-sig"), weights=(90, 8, 2))[0]
        r = slot.region
        ordinal = CN_NUM[slot.batch - 1]
        if slot.kind == 0:
            title = f"{r.name}关于推广第{ordinal}批支持创新相关改革举措的工作方案"
        elif slot.kind == 1:
            title = f"{r.name}推广第{ordinal}批支持创新相关改革举措任务分工"
        else:
            what = FOLLOW_UPS[((slot.kind - 2) // 4) % len(FOLLOW_UPS)]
            title = f"{r.name}{d[:4]}年深化推广第{ordinal}批支持创新相关改革举措{what}"
        plan = DocPlan(slot, d, number if has_number else None, title, layout, encoding)
        province = r if r.level == "province" else self.by_id[r.parent_id or ""]
        style = {"table": "short", "prose": "short", "numbered": "prefixed", "gansu": "short"}[layout]
        if rng.random() < 0.2:
            style = rng.choice(("short", "prefixed", "full"))
        namer = DeptNamer(r, province, _capital_of(province, self.by_parent), style, int(d[:4]))
        lv = "省" if r.level == "province" else "市"
        for m in b.titled:
            if rng.random() > 0.88:
                continue  # plans leave out measures they cannot apply
            plan.items.append(self._restate(m, b, namer, rng, lv, d, "restates"))
        # Measures counted only (军民深度融合): listed as a heading with a count or a range.
        if rng.random() < 0.7:
            plan.counted = [m for m in b.measures if m.untitled]
        # Earlier batches: plans consolidate them (巩固第一批、第二批改革举措).
        for eb in range(1, slot.batch):
            if rng.random() < 0.3:
                m = rng.choice(self.batches[eb].titled)
                plan.items.append(self._restate(m, self.batches[eb], namer, rng, lv, d, "earlier-batch"))
        # Later batches: pilots ran these before the State Council promoted them. A document
        # dated before the promotion cannot ADAPT the national measure (time rule).
        for lb in range(slot.batch + 1, 4):
            if rng.random() < 0.3:
                later = self.batches[lb]
                m = rng.choice(later.titled)
                allowed = d >= later.date
                plan.items.append(self._restate(m, later, namer, rng, lv, d,
                                                "later-batch" if allowed else "not-yet-promoted"))
        for i in rng.sample(range(len(LOCAL_ONLY)), k=rng.randint(0, 3)):
            t, c = LOCAL_ONLY[i]
            depts = [namer.name("科技部"), namer.name(rng.choice(("财政部", "发展改革委", "工业和信息化部")))]
            plan.items.append(Item(t, c + self._extend(rng, r, d, lv, 1), depts, "其他改革举措", None, "local-only"))
        if layout in ("prose", "gansu"):
            plan.counted = []  # prose plans leave counted-only measures out (as Guangdong's does)
        if layout == "prose":
            for it in plan.items:
                it.status = "deepened" if rng.random() < 0.35 else "newly-promoted"
        return plan

    def _extend(self, rng: random.Random, r: Region, d: str, lv: str, k: int) -> str:
        year = int(d[:4]) + 1
        picks = rng.sample(EXTENSIONS, k=k)
        return "".join(p.format(r=r.short, y=year, lv=lv) for p in picks)

    def _restate(self, m: NationalMeasure, b: Batch, namer: DeptNamer, rng: random.Random, lv: str,
                 d: str, reason: str) -> Item:
        assert m.title and m.content
        title = reword_title(m.title, rng)
        content = m.content.rstrip("。") + "。"
        content = content.replace(" and ", "和")
        extra = self._extend(rng, namer.region, d, lv, rng.randint(1, 3))
        content = content + extra if rng.random() < 0.8 else extra + content
        depts = [namer.name(x) for x in m.departments] or [namer.name("科技部")]
        depts = list(dict.fromkeys(depts))
        if len(depts) > 1 and rng.random() < 0.2:
            # local plans reorder: the lead is often the local body nearest the work
            i = rng.randrange(1, len(depts))
            depts[0], depts[i] = depts[i], depts[0]
        if rng.random() < 0.25:
            depts.append(namer.extra(rng.randint(0, 2)))  # a local body joins, never leads
        depts = list(dict.fromkeys(depts))
        national = b.measure_id(m.seq) if reason in ("restates", "earlier-batch", "later-batch") else None
        return Item(title, content, depts, m.category, national, reason,
                    scope=f"全{lv}" if m.scope == "全国" or namer.region.level == "city" else m.scope)

    # --- rendering ---------------------------------------------------------------------------
    def citations(self, plan: DocPlan) -> str:
        b = self.batches[plan.slot.batch]
        cite = f"《{b.notice_title}》（{b.notice_number}）"
        r = plan.slot.region
        if r.level == "city":
            prov = self.by_id[r.parent_id or ""]
            pd, pnum = self.number_of(Slot(prov, plan.slot.batch, 0))
            ordinal = CN_NUM[plan.slot.batch - 1]
            cite += f"和《{prov.name}关于推广第{ordinal}批支持创新相关改革举措的工作方案》（{pnum}）"
        return cite

    def render(self, plan: DocPlan, rng: random.Random) -> tuple[str, list[dict]]:
        """The text and, per item, its expected key and ground truth."""
        fn = {"table": self._table, "prose": self._prose, "numbered": self._numbered, "gansu": self._gansu}
        return fn[plan.layout](plan, rng)

    def _head(self, plan: DocPlan) -> list[str]:
        out = ["", plan.title, ""]
        if plan.number:
            out += [plan.number, ""]
        return out

    def _sign(self, plan: DocPlan) -> list[str]:
        _, issuer = _number_prefix(plan.slot)
        return ["", issuer, "", cn_date(plan.date), ""]

    @staticmethod
    def _truth(plan: DocPlan, item: Item, key: str, seq: int, rule: str, lead: str | None) -> dict:
        return {"key": key, "seq": seq, "title": item.title, "national": item.national, "reason": item.reason,
                "status": item.status, "lead": lead, "rule": rule, "departments": item.depts}

    def _counted(self, plan: DocPlan, n: int, seq: int | None = None) -> list[dict]:
        """Truth for measures a plan lists by count only: the i-th pairs with the batch's
        i-th counted national measure (they have no text to tell them apart)."""
        b = self.batches[plan.slot.batch]
        seq = n if seq is None else seq
        return [{"key": str(n + i), "seq": seq + i, "title": None, "national": b.measure_id(m.seq),
                 "reason": "counted-only", "status": None, "lead": None, "rule": None, "departments": []}
                for i, m in enumerate(plan.counted, start=1)]

    def _table(self, plan: DocPlan, rng: random.Random) -> tuple[str, list[dict]]:
        r = plan.slot.region
        lv = "省" if r.level == "province" else "市"
        ordinal = CN_NUM[plan.slot.batch - 1]
        note = rng.random() < 0.3
        rule = "stated-first-leads" if note else "presumed-first-listed"
        lines = self._head(plan) + [
            f"各{'市、县人民政府' if lv == '省' else '县（市、区）人民政府'}，{lv}直各有关部门：",
            "",
            f"　　为贯彻落实{self.citations(plan)}精神，现将第{ordinal}批支持创新相关改革举措推广任务清单印发给你们，"
            "请结合实际认真组织实施。",
        ] + self._sign(plan) + ["附件", "", f"第{ordinal}批支持创新相关改革举措推广任务清单", ""]
        header = "序号\t改革举措\t主要内容\t责任部门\t推广范围"
        lines.append(header)
        truth: list[dict] = []
        groups: dict[str, list[Item]] = {}
        for it in plan.items:
            groups.setdefault(it.category, []).append(it)
        n = 0
        since_header = 0
        heading = 0
        counted_done = False
        for cat, items in groups.items():
            if cat == "其他改革举措" and plan.counted and not counted_done:
                heading += 1
                lines.append(f"{cn_ordinal(heading)}、军民深度融合方面（共{len(plan.counted)}项）\t\t\t\t")
                counted_done = True
                # counted-only items keep their numbers, as the national list does
                truth += self._counted(plan, n)
                n += len(plan.counted)
            heading += 1
            lines.append(f"{cn_ordinal(heading)}、{cat}方面（共{len(items)}项）\t\t\t\t")
            for it in items:
                n += 1
                since_header += 1
                if since_header > 5 and rng.random() < 0.4:
                    lines += ["", header]  # a page break repeats the header row
                    since_header = 0
                cells = [str(n), it.title, it.content, "、".join(it.depts), it.scope or f"全{lv}"]
                if rng.random() < 0.06 and len(it.title) > 8:
                    # a page break splits the row: each cell continues on a line starting with a tab
                    a, c = rng.randrange(3, len(it.title) - 2), rng.randrange(5, len(it.content) - 5)
                    first = [cells[0], it.title[:a], it.content[:c], it.depts[0] + "、" if len(it.depts) > 1 else cells[3], ""]
                    second = ["", it.title[a:], it.content[c:], "、".join(it.depts[1:]) if len(it.depts) > 1 else "", cells[4]]
                    lines += ["\t".join(first), "", "\t".join(second)]
                else:
                    lines.append("\t".join(cells))
                truth.append(self._truth(plan, it, str(n), n, rule, it.depts[0]))
        if plan.counted and not counted_done:
            lines.append(f"{cn_ordinal(heading + 1)}、军民深度融合方面（共{len(plan.counted)}项）\t\t\t\t")
            truth += self._counted(plan, n)
        if note:
            lines += ["", "注：责任部门中排在首位的部门为牵头单位。"]
        lines += ["", f"抄送：{lv}委办公厅，{lv}人大常委会办公厅，{lv}政协办公厅。", ""]
        return "\n".join(lines), truth

    def _prose(self, plan: DocPlan, rng: random.Random) -> tuple[str, list[dict]]:
        r = plan.slot.region
        lv = "省" if r.level == "province" else "市"
        lines = self._head(plan) + [
            f"　　为贯彻落实{self.citations(plan)}要求，持续深化全面创新改革，进一步发挥改革试验的示范带动作用，"
            f"结合{r.short}实际，制定本工作方案。",
            "",
        ]
        truth: list[dict] = []
        sections = [
            ("大力推广相关改革举措", "newly-promoted",
             f"对由国内其他改革试验区域形成、尚未在我{lv}实施的改革举措，要结合实际做好推广实施。"),
            ("深化实施相关改革举措", "deepened", f"对已在我{lv}实施的改革举措，要进一步深化实施，力争取得更大实效。"),
        ]
        first = True
        seq = 0
        si = 0
        for name, status, intro in sections:
            items = [it for it in plan.items if it.status == status]
            if not items:
                continue
            lines += [f"　　{cn_ordinal(si + 1)}、{name}", f"　　{intro}"]
            for k, it in enumerate(items, start=1):
                seq += 1
                rule_text = "，排在首位的部门为牵头单位，下同" if first else ""
                first = False
                lines.append(f"　　（{cn_ordinal(k)}）{it.title}。{it.content}"
                             f"（{'、'.join(it.depts)}{rule_text}）")
                truth.append(self._truth(plan, it, f"{cn_ordinal(si + 1)}.{k}", seq, "stated-first-leads", it.depts[0]))
            si += 1
        lines += [f"　　{cn_ordinal(si + 1)}、工作要求",
                  f"　　各地、各部门要深刻认识推广支持创新相关改革举措的重大意义。{lv}有关部门要结合自身职责，"
                  f"进一步细化分解任务，加强协同配合。{lv}发展改革委和{lv}{'科技厅' if lv == '省' else '科技局'}要做好统筹协调，重大问题及时向{lv}政府报告。"]
        return "\n".join(lines + self._sign(plan)), truth

    def _numbered(self, plan: DocPlan, rng: random.Random) -> tuple[str, list[dict]]:
        r = plan.slot.region
        lv = "省" if r.level == "province" else "市"
        lines = self._head(plan) + [
            "",
            f"　　为贯彻落实{self.citations(plan)}要求，全面推广支持创新的相关改革举措，制定本工作方案。",
            "　　一、总体要求",
            f"　　坚定实施创新驱动发展战略，加大力度在全{lv}复制推广支持创新的改革举措，着力破解制约创新发展的体制机制障碍。",
            "　　二、重点任务",
            f"　　按照国家要求，本次在全{lv}范围推广的改革举措共{len(plan.items) + len(plan.counted)}项，具体推广落实措施及责任单位如下。",
        ]
        groups: dict[str, list[Item]] = {}
        for it in plan.items:
            groups.setdefault(it.category, []).append(it)
        truth: list[dict] = []
        n = 0
        seq = 0
        gi = 0
        for cat, items in groups.items():
            gi += 1
            lines.append(f"　　（{cn_ordinal(gi)}）{cat}方面")
            for it in items:
                n += 1
                seq += 1
                shared = len(it.depts) > 1 and rng.random() < 0.6
                tail = "，各单位按职责分工落实" if shared else ""
                lines.append(f"　　{n}.{it.title}。{it.content}（责任单位：{'、'.join(it.depts)}{tail}）")
                truth.append(self._truth(plan, it, str(n), seq,
                                         "stated-shared" if shared else "presumed-first-listed",
                                         None if shared else it.depts[0]))
            if plan.counted and gi == 2:
                gi += 1
                lines.append(f"　　（{cn_ordinal(gi)}）军民深度融合方面（{n + 1}-{n + len(plan.counted)}）")
                truth += self._counted(plan, n, seq)
                n += len(plan.counted)
                seq += len(plan.counted)
        y = int(plan.date[:4])
        m = int(plan.date[5:7])
        lines += [
            "　　三、实施步骤",
            f"　　（一）工作部署阶段({y}年{m}月-{min(m + 1, 12)}月)。由{lv}发展改革委和{lv}{'科技厅' if lv == '省' else '科技局'}牵头，研究提出推广工作方案。",
            f"　　（二）全面实施阶段({y}年{min(m + 2, 12)}月-12月)。各责任单位按照工作方案的责任分工，认真组织实施。",
            f"　　（三）总结提升阶段({y + 1}年1月-2月)。各责任单位分别总结经验，巩固深化改革成果。",
            "　　四、保障措施",
            f"　　（一）建立推进机制。建立{r.short}推广支持创新相关改革举措联席会议制度，定期通报情况。",
        ]
        return "\n".join(lines + self._sign(plan)), truth

    def _gansu(self, plan: DocPlan, rng: random.Random) -> tuple[str, list[dict]]:
        r = plan.slot.region
        lv = "省" if r.level == "province" else "市"
        _, issuer = _number_prefix(plan.slot)
        lines = ["", "", f"各{'市、自治州' if lv == '省' else '县（市、区）'}人民政府，{lv}政府各部门：", "",
                 f"　　现将《{plan.title}》印发给你们，请结合实际，认真组织实施。", ""]
        if plan.number:
            lines += [plan.number, ""]
        lines += [issuer, "", cn_date(plan.date), "", f"　　{plan.title}", "",
                  f"　　为深入贯彻落实{self.citations(plan)}，结合我{lv}实际，制定本方案。", "",
                  "　　一、总体要求", "",
                  "　　坚持创新引领，完善体制机制，加快新旧动能接续转换，着力促进产业转型升级。", ""]
        groups: dict[str, list[Item]] = {}
        for it in plan.items:
            groups.setdefault(it.category, []).append(it)
        truth: list[dict] = []
        seq = 0
        for si, (cat, items) in enumerate(groups.items(), start=2):  # 一 is 总体要求
            sec = cn_ordinal(si)
            lines += [f"　　{sec}、{cat}", "", f"　　围绕{cat}，突破制度障碍，推动改革举措落地见效。", ""]
            for k, it in enumerate(items, start=1):
                seq += 1
                if len(it.depts) > 1 and rng.random() < 0.5:
                    tail, rule, lead = f"{'、'.join(it.depts)}等单位按职责分工负责", "stated-shared", None
                else:
                    tail, rule, lead = f"{it.depts[0]}牵头负责", "stated-lead", it.depts[0]
                lines += [f"　　（{cn_ordinal(k)}）{it.title}。{it.content}（{tail}）", ""]
                truth.append(self._truth(plan, it, f"{sec}.{k}", seq, rule, lead))
        return "\n".join(lines), truth


def write_national_notices(corpus: Corpus, docs_dir: Path) -> list[dict]:
    """The national notices, first in every corpus: batch 3 is the real sample, batches 1-2
    are synthetic. Returns their manifest entries."""
    files: list[dict] = []
    for b in corpus.batches.values():
        if b.real:
            name = BATCH3_FILE.name
            shutil.copyfile(BATCH3_FILE, docs_dir / name)
        else:
            name = f"national-{b.year}-{b.notice_number[b.notice_number.index('〕') + 1:-1]}-batch{b.number}-synthetic.txt"
            (docs_dir / name).write_text(national_notice(b), encoding="utf-8")
        files.append({"file": name, "document_id": b.notice_number, "region_id": "100000", "batch": b.number,
                      "kind": "national", "layout": "table", "encoding": "utf-8", "date": b.date,
                      "synthetic": not b.real, "note": "" if b.real else SYNTHETIC_MARK,
                      "measures": len(b.measures)})
    return files


def generate(n_docs: int, out: Path, seed: int = DEFAULT_SEED) -> dict:
    """Write the corpus; return the manifest."""
    if n_docs < 4:
        raise SystemExit("--docs must be at least 4 (three national notices and one local plan)")
    corpus = Corpus(seed)
    docs_dir = out / "docs"
    if out.exists():
        shutil.rmtree(out)
    docs_dir.mkdir(parents=True)
    files: list[dict] = write_national_notices(corpus, docs_dir)
    truth_lines: list[str] = []
    for slot in corpus.plan_slots(n_docs - 3):
        plan = corpus.plan(slot)
        rng = random.Random(f"{seed}:render:{slot.stem}")
        text, truth = corpus.render(plan, rng)
        name = f"{slot.stem}.txt"
        (docs_dir / name).write_bytes(text.encode(plan.encoding))
        doc_id = plan.number or f"file:{slot.stem}"
        files.append({"file": name, "document_id": doc_id, "region_id": slot.region.id, "batch": slot.batch,
                      "kind": slot.kind, "layout": plan.layout, "encoding": plan.encoding, "date": plan.date,
                      "synthetic": True, "measures": len(truth)})
        for t in truth:
            t = {"file": name, "document_id": doc_id, "measure_id": f"{doc_id}/{t['key']}", **t}
            truth_lines.append(json.dumps(t, ensure_ascii=False))
    (out / "ground_truth.jsonl").write_text("\n".join(truth_lines) + "\n", encoding="utf-8")
    manifest = {
        "generator": "bench.generate", "seed": seed, "docs": n_docs,
        "note": "Synthetic corpus for benchmarks. Only national-2020-3-third-batch.txt is a real text; "
                "the batch-1 and batch-2 notices and every local plan are generated.",
        "national": {str(n): {"notice": b.notice_number, "date": b.date, "real": b.real,
                              "measures": [{"id": b.measure_id(m.seq), "title": m.title} for m in b.measures]}
                     for n, b in corpus.batches.items()},
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


# --- a planted diffusion network ------------------------------------------------------------
@dataclass
class Planted:
    """A known network of who follows whom, and every adoption it produced."""

    leaders: list[str]
    ties: list[tuple[str, str]]  # (leader, follower)
    independents: list[str]
    adoptions: list[dict]  # {region, measure, date, via: leader | follower-of:<id> | background}


def plant_network(corpus: Corpus, seed: int, *, regions: int = 24, leaders: int = 6, followers: int = 3,
                  lag_days: float = 45.0, p_lead: float = 0.7, p_follow: float = 0.85,
                  p_background: float = 0.3) -> Planted:
    """Leaders adopt a measure first (20-240 days after its notice, with probability
    ``p_lead``); each follower of an adopting leader adopts after it with probability
    ``p_follow`` and an exponential lag (mean ``lag_days``, at least one day); every
    other region-measure pair adopts on its own with probability ``p_background`` at a
    uniform 20-720 days after the notice. Provinces only: a planted tie must not be a
    province -> city chain the graph shows anyway."""
    rng = random.Random(f"{seed}:planted")
    provinces = [r for r in corpus.regions if r.level == "province"]
    chosen = sorted(rng.sample(provinces, k=min(regions, len(provinces))), key=lambda r: r.id)
    order = chosen[:]
    rng.shuffle(order)
    leads = [r.id for r in order[:leaders]]
    rest = [r.id for r in order[leaders:]]
    ties = [(lead, rest[i * followers + j]) for i, lead in enumerate(leads) for j in range(followers)
            if i * followers + j < len(rest)]
    follower_of: dict[str, list[str]] = {}
    for lead, f in ties:
        follower_of.setdefault(lead, []).append(f)
    independents = [r for r in rest if r not in {f for _, f in ties}]
    adoptions: list[dict] = []
    for b in corpus.batches.values():
        start = date.fromisoformat(b.date)
        for m in b.titled:
            mid = b.measure_id(m.seq)
            done: dict[str, date] = {}
            for lead in leads:
                if rng.random() < p_lead:
                    done[lead] = start + timedelta(days=rng.randint(20, 240))
                    adoptions.append({"region": lead, "measure": mid, "batch": b.number,
                                      "date": done[lead].isoformat(), "via": "leader"})
                    for f in follower_of.get(lead, []):
                        if rng.random() < p_follow:
                            d = done[lead] + timedelta(days=max(1, round(rng.expovariate(1 / lag_days))))
                            done[f] = d
                            adoptions.append({"region": f, "measure": mid, "batch": b.number,
                                              "date": d.isoformat(), "via": f"follower-of:{lead}"})
            for r in chosen:
                if r.id not in done and rng.random() < p_background:
                    d = start + timedelta(days=rng.randint(20, 720))
                    done[r.id] = d
                    adoptions.append({"region": r.id, "measure": mid, "batch": b.number,
                                      "date": d.isoformat(), "via": "background"})
    return Planted(leads, ties, independents, adoptions)


def generate_planted(out: Path, seed: int = DEFAULT_SEED, *, bin_days: int = 7, **options: float) -> dict:
    """A corpus whose adoption dates follow a planted network (see :func:`plant_network`).

    Each province answers each batch in several plans: its adoptions are grouped into
    ``bin_days``-day windows and every window becomes one plan dated on its last adoption
    (a plan is issued once its measures are decided), in the table, prose or numbered
    layout. ``manifest.json`` holds the planted ties and every adoption's date as planted
    and as printed; ``ground_truth.jsonl`` the national measure of every item."""
    corpus = Corpus(seed)
    planted = plant_network(corpus, seed, **options)  # type: ignore[arg-type]
    docs_dir = out / "docs"
    if out.exists():
        shutil.rmtree(out)
    docs_dir.mkdir(parents=True)
    files: list[dict] = write_national_notices(corpus, docs_dir)
    groups: dict[tuple[str, int], list[dict]] = {}
    for a in planted.adoptions:
        groups.setdefault((a["region"], a["batch"]), []).append(a)
    truth_lines: list[str] = []
    serials: dict[tuple[str, int], int] = {}
    for (rid, bn), adopted in sorted(groups.items()):
        adopted.sort(key=lambda a: (a["date"], a["measure"]))
        bins: list[list[dict]] = []
        for a in adopted:
            if bins and (date.fromisoformat(a["date"]) - date.fromisoformat(bins[-1][0]["date"])).days < bin_days:
                bins[-1].append(a)
            else:
                bins.append([a])
        r = corpus.by_id[rid]
        b = corpus.batches[bn]
        for k, group in enumerate(bins):
            d = group[-1]["date"]
            slot = Slot(r, bn, k)
            rng = random.Random(f"{seed}:planted-doc:{rid}:{bn}:{k}")
            prefix, _ = _number_prefix(Slot(r, bn, 0))
            year = int(d[:4])
            serials[(prefix, year)] = serials.get((prefix, year), 0) + 1
            number = f"{prefix}〔{year}〕{serials[(prefix, year)]}号"
            layout = rng.choice(("table", "prose", "numbered"))
            ordinal = CN_NUM[bn - 1]
            title = f"{r.name}关于推广第{ordinal}批支持创新相关改革举措的工作方案（{cn_ordinal(k + 1)}）"
            plan = DocPlan(slot, d, number, title, layout, "utf-8")
            namer = DeptNamer(r, r, _capital_of(r, corpus.by_parent), "short", year)
            by_id = {b.measure_id(m.seq): m for m in b.titled}
            for a in group:
                a["printed_date"] = d
                item = corpus._restate(by_id[a["measure"]], b, namer, rng, "省", d, "restates")
                if layout == "prose":
                    item.status = "newly-promoted"
                plan.items.append(item)
            text, truth = corpus.render(plan, rng)
            stem = f"{rid}-b{bn}-w{k + 1:02d}"
            (docs_dir / f"{stem}.txt").write_text(text, encoding="utf-8")
            files.append({"file": f"{stem}.txt", "document_id": number, "region_id": rid, "batch": bn,
                          "kind": "planted", "layout": layout, "date": d, "measures": len(truth)})
            for t in truth:
                truth_lines.append(json.dumps({"file": f"{stem}.txt", "document_id": number,
                                               "measure_id": f"{number}/{t['key']}", **t}, ensure_ascii=False))
    (out / "ground_truth.jsonl").write_text("\n".join(truth_lines) + "\n", encoding="utf-8")
    manifest = {
        "generator": "bench.generate --planted", "seed": seed, "bin_days": bin_days, "options": options,
        "note": "Synthetic corpus with a planted diffusion network. Only national-2020-3-third-batch.txt is real.",
        "planted": {"leaders": planted.leaders, "ties": planted.ties, "independents": planted.independents,
                    "adoptions": planted.adoptions},
        "files": files,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.generate", description=__doc__.split("\n\n")[0])
    ap.add_argument("--docs", type=int, help="number of documents, national notices included")
    ap.add_argument("--out", type=Path, required=True)
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--planted", action="store_true",
                    help="plant a known diffusion network among provinces instead (leaders adopt first, "
                         "followers after their leader with a lag); --docs is then not used")
    ap.add_argument("--regions", type=int, default=24, help="--planted: provinces taking part")
    ap.add_argument("--leaders", type=int, default=6, help="--planted: leaders")
    ap.add_argument("--followers", type=int, default=3, help="--planted: followers per leader")
    ap.add_argument("--lag", type=float, default=45.0, help="--planted: mean lag of a follower, days")
    a = ap.parse_args(argv)
    if a.planted:
        m = generate_planted(a.out, a.seed, regions=a.regions, leaders=a.leaders, followers=a.followers,
                             lag_days=a.lag)
        print(f"wrote {len(m['files'])} documents, {len(m['planted']['ties'])} planted ties, "
              f"{len(m['planted']['adoptions'])} adoptions to {a.out}", file=sys.stderr)
        return 0
    if a.docs is None:
        ap.error("--docs is required (or --planted)")
    m = generate(a.docs, a.out, a.seed)
    items = sum(f["measures"] for f in m["files"])
    size = sum(p.stat().st_size for p in (a.out / "docs").iterdir())
    print(f"wrote {len(m['files'])} documents, {items} items, {size / 1e6:.1f} MB to {a.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
