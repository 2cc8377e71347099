"""Who is responsible for an item: parse a printed department clause into names and roles.

Texts say who leads in a handful of ways (see shared/DOMAIN.md):

    （省科技厅、省财政厅、省发展改革委，排在首位的部门为牵头单位，下同）  first listed leads, for this
                                                                           and every later item (下同)
    （责任单位：吉林省高级人民法院、吉林省市场监管厅，各单位按职责分工落实） all share the work
    （省知识产权局牵头负责）                                                 X leads
    （省知识产权局、省财政厅等单位按职责分工负责）                           all share the work
    （省科技厅牵头，省财政厅配合）                                           X leads, Y co-operates
    （责任单位：吉林省科技厅）                                               no rule: first listed leads,
                                                                           and we record it was presumed

:func:`parse_clause` turns the text inside the parentheses into :class:`Responsibility`;
it knows nothing about layouts, so every layout parser shares it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Labels that introduce a department list: 责任单位：A、B. The label's first word may state
# a role: 牵头单位 lead, 配合单位 co-operate; 责任单位 states none.
_LABEL = re.compile(
    r"^(?:(牵头|责任|主责|主办|承办|实施|配合|协办|参与)(?:单位|部门)|责任主体|负责(?:单位|部门))[:：]\s*"
)
_LABEL_ROLES = {"牵头": "lead", "主办": "lead", "配合": "co", "协办": "co", "参与": "co"}
# A statement that the first-listed department leads (排在首位的部门为牵头单位 / 第一个为牵头部门 …).
_FIRST_LEADS = re.compile(r"(?:排在?首位|排名第一|列第一位|第一个|首位)的?(?:部门|单位)?(?:为|是)牵头")
_SAME_BELOW = re.compile(r"下同|以下同|后同")
# Shared responsibility: 按职责分工负责 / 按职责分工落实 / 分工负责.
_SHARED = re.compile(r"(?:按照?(?:各自)?职责)?分工(?:负责|落实)$|按照?(?:各自)?职责(?:负责|落实)$")
_LEAD = re.compile(r"牵头(?:负责|落实|实施)?$")
_CO = re.compile(r"(?:配合|参与|协助|协同)(?:负责|落实|实施)?$")
_ALONE = re.compile(r"(?:负责|落实)$")
# Suffixes that end a list without naming anybody: A、B等部门 / 等单位 / 等.
_ETC = re.compile(r"等(?:有关|相关)?(?:部门|单位|机构)?$")
# Subjects that only refer back to the listed departments: 各单位按职责分工落实.
_GENERIC_SUBJECT = re.compile(r"^(?:各|上述|以上|相关|有关)?(?:单位|部门|责任单位|成员单位)$")
# Names too vague to be a department: kept out of the list, reported as a warning.
VAGUE_NAMES = frozenset({"有关部门", "相关部门", "各有关部门", "各相关部门", "有关单位", "相关单位", "各有关单位"})
# What a department (or another responsible body) name ends with.
_ORG_END = re.compile(
    r"(?:部|委|厅|局|办|院|会|署|关|所|处|府|联|协|室|站|中心|集团|公司|银行|法院|检察院|政府|党委|团委|"
    r"分署|分院|分行|支行|总队|支队|社|台|馆|团|校|校区|园区|管委会|工作组|小组|领导小组)$"
)
_SPLIT_NAMES = re.compile(r"[、，,；;/]")


@dataclass
class Responsibility:
    """The parsed clause: names in printed order, each with its role, and the rule behind the roles."""

    names: list[str]  # names in printed order, without list endings (等部门) or role phrases
    roles: list[str]  # lead | co | shared (guide is set by the table layout)
    rule: str  # a RoleRule of loaders/records.py
    sticky_rule: str | None = None  # a rule stated with 下同: applies to the following items too
    rule_text: str | None = None  # the words that state the rule, for provenance
    warnings: list[str] = field(default_factory=list)

    @property
    def org_share(self) -> float:
        """Share of names that look like organisations (used to tell a clause from a remark)."""
        if not self.names:
            return 0.0
        return sum(1 for n in self.names if looks_like_org(n)) / len(self.names)


def first_leads_statements(text: str) -> list[re.Match[str]]:
    """Every 排在首位的部门为牵头单位-like statement in a text (to find document-wide notes)."""
    return list(_FIRST_LEADS.finditer(text))


def looks_like_org(name: str) -> bool:
    # 的/按 belong to sentences, not to names (…设备按有关政策规定执行 is a remark).
    return bool(_ORG_END.search(name)) and 2 <= len(name) <= 24 and not re.search(r"[的按将]", name)


def split_names(text: str) -> list[str]:
    """Split a printed department list on 、，,；; and drop empty pieces."""
    return [p.strip() for p in _SPLIT_NAMES.split(text) if p.strip()]


def clean_name(name: str) -> str:
    """Strip list-ending words (等/等部门/等单位) and stray punctuation from one printed name."""
    name = name.strip(" \t。.：:")
    name = _ETC.sub("", name)
    return name.strip()


def parse_clause(clause: str, *, inherited_rule: str | None = None) -> Responsibility:
    """Parse the text inside a department parenthesis (without the parentheses)."""
    text = clause.strip()
    rule: str | None = None
    sticky: str | None = None
    rule_bits: list[str] = []
    # One entry per printed piece: (piece as printed, cleaned name, role or None)
    entries: list[tuple[str, str, str | None]] = []
    group_roles: list[str] = []

    for segment in re.split(r"[，,；;。]", text):
        seg = segment.strip()
        if not seg:
            continue
        if _FIRST_LEADS.search(seg) or _SAME_BELOW.fullmatch(seg):
            if _FIRST_LEADS.search(seg):
                rule = "stated-first-leads"
            rule_bits.append(seg)
            continue
        role: str | None = None
        label = _LABEL.match(seg)
        body = seg[label.end() :] if label else seg
        if label and label.group(1) in _LABEL_ROLES:
            role = _LABEL_ROLES[label.group(1)]
            rule_bits.append(label.group(0).rstrip("：: "))
        for pattern, seg_role in ((_SHARED, "shared"), (_LEAD, "lead"), (_CO, "co"), (_ALONE, "alone")):
            m = pattern.search(body)
            if m:
                role = seg_role
                rule_bits.append(seg)
                body = body[: m.start()]
                break
        body = body.strip()
        if role is not None and _GENERIC_SUBJECT.match(_ETC.sub("", body)):
            # 各单位按职责分工落实: a rule about every listed name, naming nobody new.
            group_roles.append(role)
            continue
        for printed in [p for p in re.split(r"[、/]", body) if p.strip()]:
            entries.append((printed.strip(), clean_name(printed), role))

    for seg in rule_bits:
        if _SAME_BELOW.search(seg):
            sticky = rule or (inherited_rule if inherited_rule else None)

    warnings: list[str] = []
    kept = []
    for printed, name, role in entries:
        if name in VAGUE_NAMES or not name:
            warnings.append(f"'{printed}' names no particular department; left out")
            continue
        kept.append((printed, name, role))

    roles, rule = _assign_roles(kept, group_roles, rule, inherited_rule)
    return Responsibility(
        names=[n for _, n, _ in kept],
        roles=roles,
        rule=rule,
        sticky_rule=sticky,
        rule_text="，".join(rule_bits) or None,
        warnings=warnings,
    )


def _assign_roles(
    kept: list[tuple[str, str, str | None]],
    group_roles: list[str],
    rule: str | None,
    inherited_rule: str | None,
) -> tuple[list[str], str]:
    n = len(kept)
    if "shared" in group_roles:
        return ["shared"] * n, "stated-shared"
    if rule == "stated-first-leads" or (rule is None and inherited_rule == "stated-first-leads"):
        return ["lead" if i == 0 else "co" for i in range(n)], "stated-first-leads"
    stated = [r for _, _, r in kept]
    if any(r == "shared" for r in stated):
        # A、B等单位按职责分工负责 - the role phrase ends the list and covers all of it.
        return ["shared"] * n, "stated-shared"
    if any(r == "lead" for r in stated) or "lead" in group_roles:
        # X牵头负责 / X、Y牵头负责: the phrase covers the names of its own segment; names in
        # other segments (配合, or no phrase) co-operate.
        roles = ["lead" if r == "lead" else "co" for _, _, r in kept]
        return roles, "stated-lead"
    if any(r == "alone" for r in stated) and n >= 1:
        # X负责 with no 牵头: a single body is plainly responsible (it leads); 各市州政府负责
        # names each of a group, which share the work.
        if n == 1 and not kept[0][1].startswith("各"):
            return ["lead"], "stated-lead"
        return ["shared"] * n, "stated-shared"
    # No rule in the text: by convention the first-listed department leads; we say it was presumed.
    return ["lead" if i == 0 else "co" for i in range(n)], "presumed-first-listed"


_PAREN_CLOSE = "）)"
_PAREN_OPEN = "（("


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
    (责任单位：…), states a role (牵头/按职责分工/负责), or most of its pieces look like
    organisation names - so a closing remark like （免税进口的…按有关政策规定执行） is not.
    """
    found = trailing_parenthesis(text)
    if not found:
        return None
    inner, start, end = found
    resp = parse_clause(inner, inherited_rule=inherited_rule)
    if not resp.names:
        return None
    labelled = bool(_LABEL.match(inner.strip()))
    if labelled or resp.org_share >= 0.6:
        return resp, start, end
    return None
