"""Who is responsible for an item: the responsibility grammar.

A plan names who carries out each item in a short clause: inside the closing parentheses of
the item, or in a table's 责任单位 cell. :func:`parse_clause` turns that clause into
department names (as printed, list endings removed), a role for each (lead / co / shared),
the rule the roles came from, the generic parties it names (各省级人民政府), and a deadline.

Every text pattern lives in one table, :data:`GRAMMAR`, in the order the parser uses it.
Each row says what a match means and carries examples printed in real plans;
tests/unit/test_responsibility_clauses.py checks every example against its row and runs
150+ whole clauses from published documents (tests/data/responsibility_clauses.yaml).
docs/RESPONSIBILITY.md explains the grammar in words.

How a clause is read, top to bottom:

1. split it into segments at the top-level ，；。 (brackets kept whole: 各县（市、区）政府);
2. classify each segment with the first matching segment row: a document-wide rule
   (排在首位的部门为牵头单位), 下同, rule talk (其他部门按职责分工负责), a person (分管副省长负责),
   a deadline (2020年底前完成), else a list of names with an optional label in front
   (牵头单位：) and an optional role phrase behind (牵头 / 配合 / 按职责分工负责 / 负责);
3. split the names at 、 (and at 会同: A会同B -> A leads, B co-operates), strip list endings
   (等部门), and set aside placeholders (各有关部门) and persons;
4. decide the roles once for the whole clause (:func:`_assign_roles`): a stated lead wins;
   else a first-leads rule (the clause's own or the document's) makes the first listed lead;
   else a stated co-operator makes the others lead; else 按职责分工 means all share; else a
   single 负责 body leads; else the first listed is presumed to lead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

# ---------------------------------------------------------------------------------- the table


@dataclass(frozen=True)
class Pattern:
    """One row of the grammar: a compiled pattern, what a match means, printed examples."""

    name: str
    rx: re.Pattern[str]
    means: str
    examples: tuple[str, ...]  # each must match (rx.search) - printed in real plans
    counter: tuple[str, ...] = ()  # each must not match


def _row(name: str, pattern: str, means: str, examples: tuple[str, ...], counter: tuple[str, ...] = ()) -> Pattern:
    return Pattern(name, re.compile(pattern), means, examples, counter)


_DATE = r"(?:\d{4}|二[〇零][一二三四五六七八九〇零][〇零一二三四五六七八九])年(?:\d{1,2}月)?(?:\d{1,2}日)?"
_DATE_TAIL = (
    r"(?:底|末|年底|年末|上半年|下半年|中旬|上旬|下旬|年内)?(?:前|以前|之前|起|开始|内)?"
    r"(?:基本完成|全面完成|完成|出台|建成|实现|启动|到位|见效|持续推进)?"
)
_ONGOING = r"(?:长期坚持|持续推进|长期推进|持续实施|持续开展|常态化推进|逐步推进|按年度推进|分年度推进|长期|持续)"

GRAMMAR: tuple[Pattern, ...] = (
    # --- 1. Segment rows, tried in this order on each top-level segment ----------------
    _row(
        "first-leads",
        r"(?:排在?|列在?|位列|排名|排序|名列)?(?:首位|第一位?|第一个|第一家|最前)(?:的|者)?(?:责任)?(?:部门|单位)?"
        r"(?:为|是)牵头(?:或汇总)?(?:单位|部门)|牵头(?:单位|部门)(?:排在?|列在?|列于)(?:首位|第一位?)",
        "a rule: the first listed department leads (rule stated-first-leads); with 下同 it holds "
        "for the following items too",
        ("排在首位的部门为牵头单位", "列第一位者为牵头单位", "排在第一位的部门为牵头部门",
         "排名第一的为牵头单位", "列第一位的为牵头部门", "排在首位的为牵头单位", "第一个单位为牵头单位",
         "牵头单位列第一位", "列第一位者为牵头或汇总单位", "列第一位的责任单位为牵头单位或汇总单位"),
        ("省科技厅牵头", "牵头单位：省发展改革委"),
    ),
    _row(
        "same-below",
        r"^(?:下同|以下同|后同|以下各项同)$",
        "the rule stated in this clause holds for the following items too (下同)",
        ("下同", "以下同"),
    ),
    _row(
        "rule-talk",
        r"^(?:明确牵头(?:部门|单位)的|除(?:标注|注明|标明|特别注明)[^，,；;]*外|不(?:再)?(?:逐一)?列出|以下各项(?:工作|任务)?均需.*|其[他余它](?:有关|相关)?(?:部门|单位)?(?:和单位)?"
        r"(?:为配合(?:单位|部门)|为责任(?:单位|部门)|配合|参与|按职责分工负责|按职责分工落实|按职责负责))$",
        "words about the rule that name nobody: part of the rule text",
        ("其他部门和单位按职责分工负责", "其他有关部门配合", "明确牵头部门的", "不逐一列出", "其余为配合单位",
         "以下各项工作均需各县、区人民政府(管委会)落实", "不再列出",
         # 丽水 2023: (除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)
         "除标注“分别牵头”外"),
        ("省财政厅配合",),
    ),
    _row(
        "person",
        r"^(?:(?:牵头|责任|分管|协管|联系|包保)?(?:负责)?(?:省|市|区|县)?(?:领导|负责人)(?:同志)?[:：].*"
        r"|(?:(?:分管|协管|常务)?(?:副?(?:省长|市长|区长|县长|秘书长|书记|主任))(?:同志)?[、，]?)+"
        r"(?:牵头)?(?:负责|落实|牵头)?)$",
        "a person (牵头领导：…, 分管副省长负责), not a department: dropped with a warning",
        ("分管副省长、协管副秘书长负责", "牵头领导：王某某", "牵头负责领导:刘惠", "分管省领导:林克庆", "分管副市长"),
        ("省科技厅负责",),
    ),
    _row(
        "deadline",
        rf"^(?:(?:完成|时间|时限)(?:时限|要求|节点)?[:：])?(?:(?:{_DATE}(?:[至—\-－~、]{_DATE})?{_DATE_TAIL}"
        rf"[、，和及并]?)+{_ONGOING}?|{_ONGOING}|年内完成|每年)$",
        "when the item is due: the measure's deadline, as printed, never a department",
        ("2020年底前完成", "2020年12月底前完成", "长期坚持", "持续推进", "2021年6月底前",
         "2019年起持续推进", "完成时限：2020年底"),
        ("省科技厅", "各省级人民政府"),
    ),
    # --- 2. A label may open a segment; its role holds until the next label ------------
    _row(
        "label",
        r"^(?P<label>(?P<role>牵头|主责|主办|责任|承办|实施|落实|配合|协办|协助|参与|协同|配套)?(?:责任)?"
        r"(?:单位|部门)|责任主体|负责(?:单位|部门)|部门分工)[:：]\s*",
        "a label before the names: 牵头/主责/主办 -> lead, 配合/协办/协同/参与 -> co, 责任 -> none",
        ("牵头单位：省科技厅", "配合单位：省财政厅", "责任单位：吉林省科技厅", "牵头责任单位：省商务厅",
         "协同责任单位：省发展改革委", "部门分工：省发展改革委牵头"),
        ("省科技厅牵头",),
    ),
    # --- 3. Role phrases closing a segment (tried in this order) -----------------------
    _row(
        "shared",
        r"(?:按照?(?:各自)?职责分工|按照?(?:各自)?职责|分工)(?:负责|落实|推进|实施)$",
        "every name of the segment shares the work (stated-shared), unless a lead is named "
        "elsewhere in the clause (then they co-operate) or a first-leads rule is in force",
        ("省财政厅、省政府国资委等部门按职责分工负责", "各单位按职责分工落实", "按照职责分工负责"),
    ),
    _row(
        "lead",
        r"(?:(?:分别)?牵头(?:负责|落实|实施|推进)?|为牵头(?:单位|部门)|主办|主责|负总责)$",
        "the names of the segment lead (stated-lead); A、B分别牵头: each leads its part, so all lead",
        ("省知识产权局牵头负责", "省科技厅牵头", "省发展改革委为牵头单位", "市科技局主办", "省教育厅主责",
         "市人力社保局、市农业农村局分别牵头"),
    ),
    _row(
        "co",
        r"(?:配合(?:负责|落实|实施)?|参与(?:负责|落实|实施)?|协助|协同(?:负责|落实)?|协办|为配合(?:单位|部门))$",
        "the names of the segment co-operate",
        ("省财政厅配合", "省财政厅、省科技厅参与", "各地、各部门配合"),
    ),
    _row(
        "alone",
        r"(?:负责落实|负责|落实|为责任(?:单位|部门))$",
        "the names are responsible, no role stated: one body leads (stated-lead); a list is "
        "read by its order (presumed-first-listed)",
        ("海关总署负责", "省科技厅为责任单位", "各市州政府负责"),
    ),
    # --- 4. Inside a list of names ----------------------------------------------------
    _row(
        "with",
        r"会同",
        "A会同B: A leads, B co-operates",
        ("省科技厅会同省财政厅负责", "国土资源部会同农业部等部门负责落实"),
    ),
    _row(
        "by",
        r"^由",
        "由A负责: 由 is no part of the name",
        ("由海关总署负责",),
    ),
    _row(
        "inline-role",
        r"[（(](?P<role>牵头|配合)(?:单位|部门)?[）)]$",
        "A（牵头） in a list: A leads; A（配合）: A co-operates",
        ("省科技厅（牵头）", "市财政局(配合)"),
    ),
    _row(
        "tail",
        r"(?:等(?:\d+个?|[一二三四五六七八九十]+个?)?(?:省|市|区|县)?(?:政府|直|级)?(?:有关|相关|其他)?"
        r"(?:部门|单位|机构|成员单位)?(?:和|及)?(?:有关|相关)?(?:单位|部门)?)$",
        "a list ending that names nobody (等, 等部门, 等有关部门和单位, 等区政府有关部门): removed from the name",
        ("省科协等单位", "商务部等", "教育部等有关部门和单位", "海关总署、商务部等有关部门", "区财政局等区政府有关部门"),
        ("省科技厅",),
    ),
    _row(
        "placeholder",
        r"^(?:.*各|有关|相关|其他|其它|地方各级|(?:省|市|区|县|自治区)(?:级|直|政府)?(?:有关|相关)"
        # a class of bodies with no place named: 开发区管委会 after 各县区政府、 (芜湖 2019)
        r"|(?:开发区|园区|乡镇|街道)(?:管委会|人民政府|政府|办事处)?$)",
        "a generic party (各省级人民政府, 各有关部门, 各区、县级市): kept on the measure as a "
        "responsible party, never a Department, with a warning",
        ("各省级人民政府", "各地级以上市人民政府", "各有关部门", "各区、县级市", "各市（州）人民政府",
         "各县（市、区）政府", "有关部门", "市直各有关单位", "省有关部门", "各地", "开发区管委会"),
        ("省科技厅", "吉林省人民政府", "人民银行广州分行", "谯城经开区管委会", "经济技术开发区管委会"),
    ),
    _row(
        "level-list",
        r"各(?:区|县|市|镇|乡|街道)(?:、(?:县级市|区|县|市|镇|乡|街道|开发区|管委会))+(?:人民政府|政府)?"
        r"(?:[（(][^（）()]*[）)])?(?![^、，,；;])",
        "各区、县级市 is one placeholder although it holds a 、: kept whole before names are split",
        ("各区、县级市人民政府", "各区、县级市", "各县、市、区政府", "各县、区人民政府(管委会)"),
        ("各街道、区直各部门",),  # two placeholders: 区 opens 区直各部门
    ),
)

ROWS = {p.name: p for p in GRAMMAR}
# What the first word of a label states (责任单位 states no role).
_LABEL_ROLES = {"牵头": "lead", "主责": "lead", "主办": "lead",
                "配合": "co", "协办": "co", "协助": "co", "参与": "co", "协同": "co", "配套": "co"}

# Bracket-aware separators: segments at ，；。 and line breaks, names at 、 and /.
_SEGMENT_SEPS = "，,；;。\n"
_NAME_SEPS = "、/"
_OPEN, _CLOSE = "（(〔[【", "）)〕]】"
# Before 各…: 和/及/以及 join a department list to a placeholder (…等和各省级人民政府).
_JOIN_PARTY = re.compile(r"(?:以及|和|及)(?=(?:各|有关|相关|地方各级|市级各|省级各|区级各|县级各))")
_SAME_BELOW_NEAR = re.compile(r"下同|以下同|后同")
_BRACKETED = re.compile(r"[（(]([^（）()]*)[）)]")
# What a department (or another responsible body) name ends with.
_ORG_END = re.compile(
    r"(?:部|委|厅|局|办|院|会|署|关|所|处|府|联|协|室|站|中心|集团|公司|银行|法院|检察院|政府|党委|团委|"
    r"分署|分院|分行|支行|总队|支队|社|台|馆|团|校|校区|园区|管委会|工作组|小组|领导小组|总社|专班|街道|开发区)$"
)


# ---------------------------------------------------------------------------------- results


@dataclass
class Responsibility:
    """The parsed clause: names in printed order, each with its role, and the rule behind the roles."""

    names: list[str]  # names in printed order, without list endings (等部门) or role phrases
    roles: list[str]  # lead | co | shared (guide is set by the table layout)
    rule: str | None  # a RoleRule of loaders/records.py; None when the clause names no department
    sticky_rule: str | None = None  # a rule stated with 下同: applies to the following items too
    rule_text: str | None = None  # the words that state the rule, for provenance
    parties: list[str] = field(default_factory=list)  # generic parties as printed: 各省级人民政府
    deadline: str | None = None  # 2020年底前完成, as printed
    warnings: list[str] = field(default_factory=list)
    # roles as the clause states them, per name (lead/co/shared/alone/None): kept so a
    # document-wide rule found later can redo the roles (apply_document_rule)
    stated: list[str | None] = field(default_factory=list)
    clause_rule: str | None = None  # first-leads stated inside this clause
    single_responsible: bool = False  # one body named alone with 负责 (no 等, no parties)

    @property
    def org_share(self) -> float:
        """Share of names that look like organisations (used to tell a clause from a remark)."""
        if not self.names and not self.parties:
            return 0.0
        orgs = sum(1 for n in self.names if looks_like_org(n)) + len(self.parties)
        return orgs / (len(self.names) + len(self.parties))

    def copy(self) -> Responsibility:
        """A new object with its own lists (callers change roles and rules in place)."""
        return Responsibility(
            names=list(self.names), roles=list(self.roles), rule=self.rule, sticky_rule=self.sticky_rule,
            rule_text=self.rule_text, parties=list(self.parties), deadline=self.deadline,
            warnings=list(self.warnings), stated=list(self.stated), clause_rule=self.clause_rule,
            single_responsible=self.single_responsible,
        )

    def apply_document_rule(self, rule: str) -> None:
        """Redo the roles under a rule stated elsewhere in the document (排在首位的…为牵头单位，下同)."""
        if self.rule == "guiding-department" or not self.names:
            return
        self.roles, self.rule = _assign_roles(self.stated, self.clause_rule or rule, self.single_responsible)


@dataclass(frozen=True)
class RuleStatement:
    """A first-leads statement found in a text, for document-wide rules."""

    start: int
    end: int
    text: str
    sticky: bool  # followed by 下同 within its clause


def first_leads_statements(text: str) -> list[re.Match[str]]:
    """Every 排在首位的部门为牵头单位-like statement in a text (the grammar's first-leads row)."""
    return list(ROWS["first-leads"].rx.finditer(text))


def document_rule_statements(text: str) -> list[RuleStatement]:
    """First-leads statements with whether 下同 follows them before their clause closes."""
    out = []
    for m in first_leads_statements(text):
        rest = re.split(r"[）)\n]", text[m.end() : m.end() + 60], maxsplit=1)[0]
        out.append(RuleStatement(m.start(), m.end(), m.group(0), bool(_SAME_BELOW_NEAR.search(rest))))
    return out


_SENTENCE_WORD = re.compile(r"[的按将]")
_CLOSING_BRACKETED = re.compile(r"[（(][^（）()]*[）)]$")
_CLAUSE_SPACE = re.compile(r"[ \t\u3000]+")


def looks_like_org(name: str) -> bool:
    # 的/按 belong to sentences, not to names (…设备按有关政策规定执行 is a remark).
    return bool(_ORG_END.search(name)) and 2 <= len(name) <= 24 and not _SENTENCE_WORD.search(name)


def split_top(text: str, seps: str) -> list[str]:
    """Split at any of `seps` outside brackets: 各县（市、区）政府 stays whole."""
    parts: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        if ch in seps and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(ch)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


def split_names(text: str) -> list[str]:
    """Split a printed department list on 、，,；; (outside brackets) and drop empty pieces."""
    return split_top(text, _NAME_SEPS + "，,；;")


def clean_name(name: str) -> str:
    """Strip list-ending words (等/等部门/等有关部门和单位) and stray punctuation from one printed name."""
    name = name.strip(" \t。.：:")
    name = ROWS["by"].rx.sub("", name)
    name = ROWS["tail"].rx.sub("", name)
    return name.strip()


# What a placeholder ends with when it is not named like an organisation: 各地, 有关单位,
# 各县级市, 区属各重点国企 (渝中 2023: a class of state firms, no firm named).
_PARTY_END = re.compile(r"(?:各地|地区|部门|单位|机构|县级市|国企|国有企业|[区县市州镇乡])$")


def is_placeholder(name: str) -> bool:
    """A generic party: the placeholder row, and named like a body (so a remark such as
    （含各类企业） is not one)."""
    core = _CLOSING_BRACKETED.sub("", name)  # 各县、区人民政府(管委会): judge 各县、区人民政府
    return bool(ROWS["placeholder"].rx.match(core)) and (looks_like_org(core) or bool(_PARTY_END.search(core)))


def is_person(name: str) -> bool:
    return bool(ROWS["person"].rx.match(name))


# ---------------------------------------------------------------------------------- the parser


@dataclass
class _Entry:
    printed: str
    name: str
    role: str | None  # lead | co | shared | alone | None, as the clause states it
    etc: bool  # the piece ended with a list ending (等部门): more bodies stand behind it


# Parsed clauses kept per process: every layout candidate reads the same items (~50 parses
# per document of ~16 items), and plans of one corpus repeat their clauses. A cached
# Responsibility is never handed out (layouts and document rules change them): callers get
# a copy. Bounded, so a worker's memory stays flat over a long load.
_CACHED_CLAUSES = 4096


def parse_clause(clause: str, *, inherited_rule: str | None = None) -> Responsibility:
    """Parse the text inside a department parenthesis (without the parentheses) or a 责任单位 cell."""
    return _parse_clause(clause, inherited_rule).copy()


def shared_clause(clause: str, inherited_rule: str | None = None) -> Responsibility:
    """:func:`parse_clause` without the copy: the cache's own object, to read only (or copy)."""
    return _parse_clause(clause, inherited_rule)


@lru_cache(maxsize=_CACHED_CLAUSES)
def _parse_clause(clause: str, inherited_rule: str | None) -> Responsibility:
    text = _CLAUSE_SPACE.sub("", clause.strip())
    # …、工商联(列第一位者为牵头或汇总单位,下同): a rule in brackets after the last name is a
    # segment of its own, not part of that name.
    text = _BRACKETED.sub(lambda m: "，" + m.group(1) if ROWS["first-leads"].rx.search(m.group(1)) else m.group(0), text)
    entries: list[_Entry] = []
    parties: list[str] = []
    deadlines: list[str] = []
    rule_bits: list[str] = []
    warnings: list[str] = []
    clause_rule: str | None = None
    sticky = False
    label_role: str | None = None  # a label's role holds for the segments after it
    phrase_roles: set[str] = set()  # every role the clause states, also for parties only

    for seg in split_top(text, _SEGMENT_SEPS):
        # 1. Segment rows.
        if ROWS["first-leads"].rx.search(seg):
            clause_rule = "stated-first-leads"
            rule_bits.append(seg)
            sticky = sticky or bool(_SAME_BELOW_NEAR.search(seg))
            continue
        if ROWS["same-below"].rx.match(seg):
            sticky = True
            rule_bits.append(seg)
            continue
        if ROWS["rule-talk"].rx.match(seg):
            rule_bits.append(seg)
            continue
        if ROWS["person"].rx.match(seg):
            warnings.append(f"'{seg}' names a person, not a department; left out")
            continue
        body = seg
        # 2. A label opens the segment.
        label = ROWS["label"].rx.match(body)
        if label:
            body = body[label.end() :]
            label_role = _LABEL_ROLES.get(label.group("role") or "")
            if label_role:
                rule_bits.append(label.group("label"))
        if ROWS["deadline"].rx.match(body):
            deadlines.append(body)
            continue
        # 3. A role phrase closes it.
        role = label_role
        for row in ("shared", "lead", "co", "alone"):
            m = ROWS[row].rx.search(body)
            if m:
                # 牵头单位：X负责 - a plain 负责 keeps the label's role
                role = label_role if row == "alone" and label_role else row
                rule_bits.append(m.group(0))
                body = body[: m.start()]
                break
        # 4. The names.
        if role is not None:
            phrase_roles.add(role)
        entries.extend(_names(body, role, parties, warnings))

    # 各单位按职责分工落实 (an entry without a name): its role covers the names that state none.
    group = [e.role for e in entries if not e.name and e.role]
    kept = [e for e in entries if e.name]
    stated = [e.role if e.role is not None or not group else group[0] for e in kept]
    single = len(kept) == 1 and stated[0] == "alone" and not kept[0].etc and not parties
    names = [e.name for e in kept]
    # A、B，各省级人民政府按职责分工负责: the closing phrase covers the names before the comma.
    if "shared" in phrase_roles and not {"lead", "co"} & set(stated):
        stated = ["shared"] * len(stated)
    roles, rule = _assign_roles(stated, clause_rule or inherited_rule, single) if names else ([], None)
    return Responsibility(
        names=names,
        roles=roles,
        rule=rule,
        sticky_rule=clause_rule if sticky and clause_rule else None,
        rule_text="，".join(rule_bits) or None,
        parties=parties,
        deadline="，".join(deadlines) or None,
        warnings=warnings,
        stated=stated,
        clause_rule=clause_rule,
        single_responsible=single,
    )


_GROUP_SUBJECT = re.compile(r"^(?:各|上述|以上|相关|有关)?(?:单位|部门|责任单位|成员单位)$")


def _names(body: str, role: str | None, parties: list[str], warnings: list[str]) -> list[_Entry]:
    """The names of one segment's body, each with the segment's role (会同 splits lead from co)."""
    body = body.strip()
    if not body:
        return []
    if _GROUP_SUBJECT.match(clean_name(body)) and role is not None:
        # 各单位按职责分工落实: the phrase covers every listed name, naming nobody new.
        return [_Entry(body, "", role, False)]
    with_at = ROWS["with"].rx.search(body)
    if with_at:
        # 省科技厅（牵头）会同… / 省科技厅牵头会同…: the 牵头 only repeats what 会同 says.
        left = re.sub(r"牵头$", "", body[: with_at.start()])
        return _names(left, "lead", parties, warnings) + _names(body[with_at.end() :], "co", parties, warnings)
    # 各区、县级市 holds a 、 but is one placeholder: cut it out first.
    out: list[_Entry] = []
    level_list = ROWS["level-list"].rx.search(body)
    if level_list:
        before, after = body[: level_list.start()], body[level_list.end() :]
        pieces = [*split_top(_JOIN_PARTY.sub("、", before), _NAME_SEPS), level_list.group(0),
                  *split_top(_JOIN_PARTY.sub("、", after), _NAME_SEPS)]
    else:
        pieces = split_top(_JOIN_PARTY.sub("、", body), _NAME_SEPS)
    for printed in pieces:
        piece_role = role
        inline = ROWS["inline-role"].rx.search(printed)
        name = printed
        if inline:
            piece_role = "lead" if inline.group("role") == "牵头" else "co"
            name = printed[: inline.start()]
        etc = bool(ROWS["tail"].rx.search(name.strip(" \t。.：:")))
        name = clean_name(name)
        if not name:
            continue
        if is_placeholder(name):
            if name not in parties:
                parties.append(name)
            continue
        if is_person(name):
            warnings.append(f"'{printed}' names a person, not a department; left out")
            continue
        out.append(_Entry(printed, name, piece_role, etc))
    return out


def _assign_roles(stated: list[str | None], first_rule: str | None, single: bool) -> tuple[list[str], str]:
    """Roles for the names, and the rule they came from (see the module docstring, step 4)."""
    n = len(stated)
    if "lead" in stated:
        # A牵头，B、C按职责分工负责 / A会同B / 牵头单位：A；配合单位：B: the 牵头 names the
        # lead, every other name co-operates.
        return ["lead" if r == "lead" else "co" for r in stated], "stated-lead"
    if first_rule == "stated-first-leads":
        # The clause's or the document's rule; the item's own …负责 / …按职责分工负责
        # wording does not cancel it (DOMAIN.md).
        return ["lead" if i == 0 else "co" for i in range(n)], "stated-first-leads"
    if "co" in stated:
        # A负责，B配合 / 责任单位：A；配合单位：B: who is not said to co-operate leads.
        return ["co" if r == "co" else "lead" for r in stated], "stated-lead"
    if "shared" in stated:
        return ["shared"] * n, "stated-shared"
    if single:
        return ["lead"], "stated-lead"
    # No rule in the text: by convention the first-listed department leads; we say it was presumed.
    return ["lead" if i == 0 else "co" for i in range(n)], "presumed-first-listed"


# ---------------------------------------------------------------------------------- clause finding

# 〔…〕 encloses a clause that itself holds （）: 〔市生态环境局牵头，…各县、区人民政府(管委会)负责落实。〕
_PAREN_CLOSE = "）)〕"
_PAREN_OPEN = "（(〔"


def trailing_parenthesis(text: str) -> tuple[str, int, int] | None:
    """The last balanced parenthesis at the end of `text` (ignoring trailing 。 and spaces).

    Returns (inner text, start offset of the opening bracket, end offset after the closing one),
    or None. Nested brackets (首台（套）) inside the clause are handled.
    """
    end = len(text.rstrip(" \t\n。；;"))
    if end == 0 or text[end - 1] not in _PAREN_CLOSE:
        return None
    depth = 0
    for i in range(end - 1, -1, -1):
        ch = text[i]
        if ch in _PAREN_CLOSE:
            depth += 1
        elif ch in _PAREN_OPEN:
            depth -= 1
            if depth == 0:
                return text[i + 1 : end - 1], i, end
    return None


def department_clause(text: str, *, inherited_rule: str | None = None) -> tuple[Responsibility, int, int] | None:
    """The responsibility clause closing an item's text, if the last parenthesis is one.

    A closing parenthesis is taken as a department clause only when it has a label
    (责任单位：…) or most of its pieces look like organisation names or generic parties -
    so a closing remark like （免税进口的…按有关政策规定执行） is not.
    """
    found = shared_department_clause(text, inherited_rule)
    if found is None:
        return None
    resp, start, end = found
    return resp.copy(), start, end


def shared_department_clause(text: str, inherited_rule: str | None = None) -> tuple[Responsibility, int, int] | None:
    """:func:`department_clause` without the copy: the cache's own object, to read only (or copy)."""
    found = trailing_parenthesis(text)
    if not found:
        return None
    inner, start, end = found
    resp = _department_clause(inner, inherited_rule)
    return (resp, start, end) if resp is not None else None


@lru_cache(maxsize=_CACHED_CLAUSES)
def _department_clause(inner: str, inherited_rule: str | None) -> Responsibility | None:
    """The parsed clause if `inner` is a department clause (the cached object: copy it)."""
    resp = _parse_clause(inner, inherited_rule)
    if not resp.names and not resp.parties:
        return None
    labelled = bool(ROWS["label"].rx.match(inner.strip()))
    if labelled or resp.org_share >= 0.6:
        return resp
    return None
