"""The three national promotion lists the scale corpus is built from.

* Batch 3 is REAL: read from samples/national-2020-3-third-batch.txt (the project's loader
  when it is importable, else the small table reader below, which the generator tests
  cross-check against the loader).
* Batches 1 and 2 are SYNTHETIC stand-ins: the real lists (国办发〔2017〕80号, 13 measures;
  国办发〔2018〕126号, 23 measures) are not among the samples. Batch 2's titles follow Jilin's
  real plan, which restates them; batch 1's follow the published categories. Their notices
  say they are synthetic in the title line and in the corpus manifest, so nobody mistakes
  them for the State Council's text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
BATCH3_FILE = SAMPLES / "national-2020-3-third-batch.txt"
SYNTHETIC_MARK = "（基准测试合成文本，非官方原文）"


@dataclass(frozen=True)
class NationalMeasure:
    batch: int
    seq: int
    category: str
    title: str | None  # None: listed by count only (军民深度融合)
    content: str | None
    departments: tuple[str, ...]
    scope: str

    @property
    def untitled(self) -> bool:
        return self.title is None


@dataclass(frozen=True)
class Batch:
    number: int
    year: int
    date: str  # ISO
    notice_number: str
    real: bool
    measures: tuple[NationalMeasure, ...] = field(default_factory=tuple)

    @property
    def notice_title(self) -> str:
        ordinal = "一二三"[self.number - 1]
        return f"国务院办公厅关于推广第{ordinal}批支持创新相关改革举措的通知"

    @property
    def list_title(self) -> str:
        ordinal = "一二三"[self.number - 1]
        return f"第{ordinal}批支持创新相关改革举措推广清单"

    def measure_id(self, seq: int) -> str:
        return f"{self.notice_number}/{seq}"

    @property
    def titled(self) -> list[NationalMeasure]:
        return [m for m in self.measures if not m.untitled]


EIGHT = "8个改革试验区域"

# --- batch 1 (synthetic stand-in for 国办发〔2017〕80号) -------------------------------------
_B1: list[tuple[str, str | None, str, tuple[str, ...], str]] = [
    ("科技金融创新", "以关联企业从产业链核心龙头企业获得的应收账款为质押的融资服务",
     "依托应收账款融资服务平台，支持产业链上下游中小企业以其从核心龙头企业获得的应收账款为质押申请贷款，核心企业确认账款真实性，降低银行风险识别成本。",
     ("人民银行", "银监会"), "全国"),
    ("科技金融创新", "面向中小企业的一站式投融资信息服务",
     "整合银行、创投、担保、保险等机构资源，建设线上线下结合的中小企业投融资信息服务平台，实现融资需求发布、产品展示、对接撮合一站式办理。",
     ("发展改革委", "人民银行", "科技部"), "全国"),
    ("科技金融创新", "贷款、保险、财政风险补偿捆绑的专利权质押融资服务",
     "企业以专利权质押向银行申请贷款，保险机构对贷款提供保证保险，财政资金对发生的损失给予一定比例补偿，形成风险共担的专利权质押融资模式。",
     ("知识产权局", "财政部", "人民银行", "保监会"), "全国"),
    ("科技金融创新", "以“政府+银行+保险”模式推动科技型中小企业贷款保证保险",
     "政府设立风险补偿资金，银行提供贷款，保险公司提供贷款保证保险，三方按比例分担风险，扩大科技型中小企业信用贷款规模。",
     ("财政部", "保监会", "银监会"), EIGHT),
    ("创新创业政策环境", "专利快速审查、确权、维权一站式服务",
     "设立知识产权保护中心，集专利快速审查、快速确权、快速维权于一体，缩短重点产业专利授权周期，建立行政执法与司法保护衔接机制。",
     ("知识产权局",), "全国"),
    ("创新创业政策环境", "强化创新导向的国有企业考核与激励",
     "在国有企业经营业绩考核中加大研发投入、成果转化等创新指标权重，研发投入视同利润，对科技人员实施股权和分红激励。",
     ("国资委", "财政部"), "全国"),
    ("创新创业政策环境", "事业单位可采取年薪制、协议工资制、项目工资等灵活多样的分配形式引进紧缺或高层次人才",
     "事业单位引进紧缺或高层次人才，可采取年薪制、协议工资制、项目工资等分配形式，所需薪酬单列管理，不纳入绩效工资总量。",
     ("人力资源社会保障部", "财政部"), "全国"),
    ("创新创业政策环境", "事业单位编制省内统筹使用",
     "建立事业单位编制省内统筹调剂机制，将空余编制集中用于高校、科研院所引进急需紧缺人才和重点创新平台建设。",
     ("中央编办",), EIGHT),
    ("外籍人才引进", "外籍高层次人才申请永久居留和出入境便利服务",
     "对符合条件的外籍高层次人才及其配偶、子女，简化永久居留申请程序，提供口岸签证、长期居留许可等出入境便利。",
     ("公安部",), "全国"),
    ("外籍人才引进", "鼓励引导优秀外国留学生在华就业创业",
     "符合条件的外国留学生毕业后可直接申请工作许可和居留许可，在中国境内就业创业，简化审批材料和流程。",
     ("公安部", "人力资源社会保障部", "外专局"), "全国"),
    ("军民深度融合", None, None, (), "全国"),
    ("军民深度融合", None, None, (), "全国"),
    ("军民深度融合", None, None, (), "全国"),
]

# --- batch 2 (synthetic stand-in for 国办发〔2018〕126号; titles as Jilin's plan restates them) --
_B2: list[tuple[str, str | None, str, tuple[str, ...], str]] = [
    ("知识产权保护", "知识产权民事、刑事、行政案件“三合一”审判",
     "整合分散的知识产权审判资源，由知识产权审判庭统一审理知识产权民事、刑事、行政案件，实现审判力量集中、审判标准统一。",
     ("最高人民法院", "最高人民检察院", "知识产权局"), "全国"),
    ("知识产权保护", "省级行政区内专利等专业技术性较强的知识产权案件跨市（区）审理",
     "由部分中级人民法院跨市（区）集中管辖省级行政区内专利、技术秘密、计算机软件等专业技术性较强的第一审知识产权案件，统一裁判标准。",
     ("最高人民法院",), "全国"),
    ("知识产权保护", "以降低侵权损失为核心的专利保险机制",
     "鼓励保险机构开发专利执行险、专利被侵权损失险、专利代理责任险等产品，扩大专利保险试点范围，降低创新主体的侵权损失。",
     ("知识产权局", "银保监会"), "全国"),
    ("知识产权保护", "知识产权案件审判中引入技术调查官制度",
     "在知识产权案件审理中引入技术调查官，协助法官查明技术事实，提高技术类案件审判质量和效率。",
     ("最高人民法院",), "全国"),
    ("知识产权保护", "基于“两表指导、审助分流”的知识产权案件快速审判机制",
     "制定诉讼要素表和有效抗辩释明表，法官助理庭前指导当事人聚焦争议焦点，庭审集中审理焦点问题，缩短诉讼周期。",
     ("最高人民法院",), "全国"),
    ("科技成果转化激励", "技术经理人全程参与的科技成果转化服务模式",
     "培养专业化技术经理人队伍，技术经理人全程参与成果评估、交易谈判、中试熟化和产业化，提高科技成果转化效率和成功率。",
     ("科技部",), "全国"),
    ("科技成果转化激励", "技术股与现金股结合激励的科技成果转化相关方利益捆绑机制",
     "转制院所和事业单位管理人员、科研人员以“技术股+现金股”形式持有股权，将科研人员收益与成果转化成效紧密捆绑。",
     ("科技部", "国资委"), "全国"),
    ("科技成果转化激励", "“定向研发、定向转化、定向服务”的订单式研发和成果转化机制",
     "高校和科研院所依托产业技术研究院，按照企业需求定向开展研发、定向转化成果、定向提供服务，提高科技成果供给的有效性。",
     ("科技部", "教育部"), "全国"),
    ("科技金融创新", "基于“六专机制”的科技型企业全生命周期金融综合服务",
     "银行业机构设立科技金融专营机构，实行专门客户准入、专属信贷产品、专项风险容忍、专项激励考核、专业团队、专门审批的“六专机制”，服务科技型企业全生命周期。",
     ("银保监会", "科技部", "人民银行"), "全国"),
    ("科技金融创新", "政府股权基金投向种子期、初创期企业的容错机制",
     "针对政府股权基金、产业引导基金、创业投资基金投向种子期、初创期企业或参股子基金，设置差异化的容错率，推动基金投早投小。",
     ("发展改革委", "财政部"), "全国"),
    ("科技金融创新", "以协商估值、坏账分担为核心的中小企业商标质押贷款模式",
     "银行与企业协商确定商标专用权价值，政府与银行按比例分担坏账损失，推动中小企业以商标专用权质押获得贷款。",
     ("人民银行", "银保监会", "知识产权局"), "全国"),
    ("科技金融创新", "创新创业团队回购地方政府产业投资基金所持股权的机制",
     "地方政府产业投资基金参股创新创业团队所办企业时，约定团队可在一定期限内按投资本金和同期利息回购基金所持股权。",
     ("发展改革委", "财政部"), "全国"),
    ("军民深度融合", None, None, (), "全国"),
    ("军民深度融合", None, None, (), "全国"),
    ("军民深度融合", None, None, (), "全国"),
    ("军民深度融合", None, None, (), "全国"),
    ("军民深度融合", None, None, (), "全国"),
    ("军民深度融合", None, None, (), "全国"),
    ("管理体制创新", "以授权为基础、市场化方式运营为核心的科研仪器设备开放共享机制",
     "在不改变所有权的前提下，科研仪器设备所有方授权专业服务机构进行市场化运营管理，按约定比例分配服务收入，提高仪器设备使用效率。",
     ("科技部", "财政部"), "全国"),
    ("管理体制创新", "推动改革创新的决策容错机制",
     "对国有企业负责人在推动战略性新兴产业发展和实施创新项目中出现的工作过失，符合程序规定且未谋取私利的，免除相关责任。",
     ("发展改革委", "国资委"), "全国"),
    ("管理体制创新", "以事前产权激励为核心的职务科技成果权属改革",
     "高校和科研院所在成果转化前与科研人员约定职务科技成果权属比例，以事前产权激励调动科研人员转化成果的积极性。",
     ("科技部", "教育部", "财政部"), EIGHT),
    ("科技金融创新", "区域性股权市场设置科技创新专板",
     "在区域性股权市场设立科技创新专板，为科技型中小企业提供挂牌展示、股权融资、债券融资和规范辅导等综合服务。",
     ("证监会",), EIGHT),
    ("科技金融创新", "基于科技型企业研发投入的贷款风险补偿机制",
     "以科技型企业上年度研发投入为依据核定贷款额度，财政风险补偿资金对银行发生的不良贷款损失给予补偿。",
     ("科技部", "财政部", "银保监会"), EIGHT),
]


def _parse_batch3_table(text: str) -> list[NationalMeasure]:
    """Read the batch-3 list from the sample's tab-separated table.

    Page breaks split rows: a row whose first cell is empty continues the previous item,
    cell by cell (the sample's 8个改 … 改革试验区 is one scope cut in two).
    """
    body = text.split("推广清单", 2)[-1]
    rows: list[list[str]] = []
    category = ""
    cats: list[str] = []
    for raw in body.splitlines():
        line = re.sub(r"</?b>", "", raw).rstrip("\n")
        if not line.strip() or line.startswith("序号"):
            continue
        cells = line.split("\t")
        head = cells[0].strip()
        m = re.match(r"^[一二三四五六七八九十]+、(.+?)方面（共\s*(\d+)\s*项）", head)
        if m:
            category = m.group(1)
            if category == "军民深度融合":
                for _ in range(int(m.group(2))):
                    rows.append(["", "", "", "", "全国"])
                    cats.append(category)
            continue
        if head.isdigit():
            rows.append([c.strip() for c in (cells[1:] + [""] * 4)[:4]])
            cats.append(category)
        elif rows and head == "":
            for i, cell in enumerate(cells[1:5]):
                rows[-1][i] += cell.strip()
    out = []
    for seq, (row, cat) in enumerate(zip(rows, cats, strict=True), start=1):
        title, content, depts, scope = (row + [""] * 4)[:4]
        if cat == "军民深度融合" and not title:
            out.append(NationalMeasure(3, seq, cat, None, None, (), "全国"))
            continue
        scope = EIGHT if "8个" in scope else scope
        names = tuple(d for d in re.split(r"[、，,]", depts) if d)
        out.append(NationalMeasure(3, seq, cat, title, content, names, scope))
    return out


def _batch3_from_loader() -> list[NationalMeasure] | None:
    """The project's own extraction of the real list, when the loader is importable."""
    try:
        from loaders.extract import extract_file  # type: ignore[import-not-found]
    except ImportError:
        return None
    try:
        ex = extract_file(BATCH3_FILE)
    except Exception:  # noqa: BLE001 - a loader bug must not stop corpus generation; fall back
        return None
    out = []
    for m in sorted(ex.measures, key=lambda m: m.seq):
        if m.untitled or not m.title:
            out.append(NationalMeasure(3, m.seq, m.category or "军民深度融合", None, None, (), "全国"))
            continue
        names = tuple(d for d in re.split(r"[、，,]", m.departments_printed or "") if d)
        scope = EIGHT if m.scope and "8个" in m.scope else (m.scope or "全国")
        out.append(NationalMeasure(3, m.seq, m.category or "", m.title, m.content, names, scope))
    return out if len(out) == 20 else None


def _build(number: int, year: int, date: str, notice: str, rows, real: bool) -> Batch:
    ms = tuple(
        NationalMeasure(number, i, cat, title, content, depts, scope)
        for i, (cat, title, content, depts, scope) in enumerate(rows, start=1)
    )
    return Batch(number, year, date, notice, real, ms)


def batches(prefer_loader: bool = True) -> dict[int, Batch]:
    b3 = (_batch3_from_loader() if prefer_loader else None) or _parse_batch3_table(
        BATCH3_FILE.read_text(encoding="utf-8")
    )
    return {
        1: _build(1, 2017, "2017-09-07", "国办发〔2017〕80号", _B1, real=False),
        2: _build(2, 2018, "2018-12-23", "国办发〔2018〕126号", _B2, real=False),
        3: Batch(3, 2020, "2020-01-23", "国办发〔2020〕3号", True, tuple(b3)),
    }


def cn_date(iso: str) -> str:
    y, m, d = (int(x) for x in iso.split("-"))
    return f"{y}年{m}月{d}日"


def national_notice(batch: Batch) -> str:
    """A synthetic national notice in the sample's table layout (dated signature, 文号)."""
    assert not batch.real, "batch 3 is copied from the real sample, never regenerated"
    ordinal = "一二三"[batch.number - 1]
    # Consecutive runs, not a dict: a category may come back later in the list (batch 2's
    # last two finance measures), and rows must stay in printed order.
    cats = [(cat, list(ms)) for cat, ms in groupby(batch.measures, key=lambda m: m.category)]
    summary = []
    for i, (cat, ms) in enumerate(cats):
        titles = "；".join(m.title for m in ms if m.title)
        summary.append(f"（{'一二三四五六七八'[i]}）{cat}方面{len(ms)}项" + (f"：{titles}。" if titles else "。"))
    lines = [
        "",
        f"# {batch.notice_title}{SYNTHETIC_MARK}",
        "",
        batch.notice_number,
        "",
        "各省、自治区、直辖市人民政府，国务院各部委、各直属机构：",
        "",
        f"为深入实施创新驱动发展战略，经国务院批准，决定在全国或8个改革试验区域内推广第{ordinal}批"
        f"{len(batch.measures)}项改革举措。现就有关事项通知如下：",
        "",
        "## 一、推广的改革举措",
        "",
        *summary,
        "",
        "## 二、明确主体责任，抓好组织实施",
        "",
        "各省（区、市）人民政府要加强组织领导，细化实化任务分工，确保改革举措落地生根。",
        "",
        f"附件：{batch.list_title}",
        "",
        "国务院办公厅",
        "",
        cn_date(batch.date),
        "",
        "附件",
        "",
        f"### {batch.list_title}",
        "",
        "序号\t改革举措\t主要内容\t指导部门\t推广范围",
    ]
    for i, (cat, ms) in enumerate(cats):
        lines.append(f"{'一二三四五六七八'[i]}、{cat}方面（共{len(ms)}项）\t\t\t\t")
        for m in ms:
            if m.untitled:
                continue
            lines.append(f"{m.seq}\t{m.title}\t{m.content}\t{'、'.join(m.departments)}\t{m.scope}")
    return "\n".join(lines) + "\n"
