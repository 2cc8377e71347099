"""Every layout regex in one table, each with the printed forms it is meant to match.

The layout parsers (table, numbered, prose, outline, labelled, generic) import their
patterns from here, so a new numbering form or a new column header is one line in this
file. The clause grammar *inside* a department clause (牵头 / 按职责分工负责 / 下同) is
not here: that is loaders/responsibility.py.

Each entry's comment gives real examples; tests/unit/test_layouts_patterns.py runs them.
"""

from __future__ import annotations

import re

CN_DIGITS = "〇零一二两三四五六七八九十百"

# ------------------------------------------------------------------ numbering, outermost first
#
# level  form     examples                                   pattern
# 1      一、     一、大力推广相关改革举措 / # 二、重点任务    SECTION_RE (a heading: short, no 。；)
# 2      （一）   （一）知识产权保护方面 / (三)推进…          PAREN_NUM_RE
# 3      1.       1.推行… / 12、… / 3．… / 1﹒… / 1005.…      ARABIC_NUM_RE (1-4 digits, not 1.5亿)
# 4      （1）    （1）建立… / (2)…                           PAREN_ARABIC_RE
# 5      ①        ①完善… / ⑫…                               CIRCLED_RE
# inline 一是     一是…；二是…  (inside an item: never a measure of its own)  INLINE_ENUM_RE

SECTION_RE = re.compile(rf"^\s*(?:#+\s*)?([{CN_DIGITS}]+)、\s*(\S[^。；]*?)\s*$")
PAREN_NUM_RE = re.compile(rf"^\s*[（(]([{CN_DIGITS}]+)[）)]\s*")
# The full stop may be ASCII ., full-width ．(normalised to .), the small ﹒ of some web
# pages, or 、. A non-digit must follow, so 1.5亿元 and 2019.12 are not item numbers.
ARABIC_NUM_RE = re.compile(r"^\s*(\d{1,4})\s*[.、﹒]\s*(?=\D)")
PAREN_ARABIC_RE = re.compile(r"^\s*[（(](\d{1,3})[）)]\s*")
CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
CIRCLED_RE = re.compile(rf"^\s*([{CIRCLED}])\s*")
INLINE_ENUM_RE = re.compile(rf"(?:^|[。；;，,])\s*([{CN_DIGITS}]+)是")

# ------------------------------------------------------------------ headings that say more
#
# A numbered category heading that stands for items listed only by number:
#   （四）军民深度融合方面（13-18） / …（第13至18项）
RANGE_RE = re.compile(r"[（(]\s*第?\s*(\d{1,3})\s*(?:-|—|–|~|至|到)\s*(\d{1,3})\s*项?\s*[）)]\s*$")
# Section headings that give an item's status rather than its category:
#   二、深化实施相关改革举措 -> deepened; 一、大力推广相关改革举措 -> newly-promoted
STATUS_HEADINGS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"深化|巩固|继续实施|持续"), "deepened"),
    (re.compile(r"大力推广|推广实施|新推广|复制推广|推广.*举措"), "newly-promoted"),
)
# Clauses that frame an action rather than name it (skipped when a clause is the title):
#   在有效防控风险的前提下 / 按照国家部署 / 围绕…等重点领域 / 在…基础上
FRAMING_START_RE = re.compile(r"^(?:在|按照|根据|依据|围绕|针对|依托|结合|为了?|面向|立足|坚持|率先在|通过)")
FRAMING_END_RE = re.compile(r"(?:前提下|基础上|背景下|领域|方面|中|时)$")

# ------------------------------------------------------------------ the fallback's forms
#
# Any line that starts an item: 1. / 1、 / （一） / (3) / 一是 / 第一条
GENERIC_MARKER_RE = re.compile(
    rf"^\s*(?:[（(]([{CN_DIGITS}]+|\d{{1,3}})[）)]|(\d{{1,4}})\s*[.、﹒](?=\D)|([{CN_DIGITS}]+)是|第([{CN_DIGITS}]+)条)\s*"
)
# 责任单位：A、B at the end of an item, without parentheses (or with them).
GENERIC_LABELLED_RE = re.compile(r"[（(]?\s*(?:牵头|责任|主责)(?:单位|部门)[:：]\s*([^（）()]+?)\s*[）)]?\s*[。；]?\s*$")

# ------------------------------------------------------------------ table lines
#
# A Markdown rule under a pipe header: | --- | :---: |
PIPE_RULE_RE = re.compile(r"^\s*\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
# A line break inside a department cell separates names as 、 does.
CELL_BREAK_RE = re.compile(r"\s*\n\s*")
# A one-cell-per-line table whose every cell ends with a pipe (a web table copied as text,
# 南陵 2024: "序号 |" / "县教育局 |" / "陆 明俞 悦 |"): the pipe closes the cell, so a cell
# may run over several lines and ends at the line that carries the pipe.
CELL_END_PIPE_RE = re.compile(r"\s*\|\s*$")

# ------------------------------------------------------------------ attachments
#
# 附件 / 附件1 / 附件：2019年度市政府重点工作任务分解表 / 附件2：任务分工表
# A notice's list of attachments (附件：1.XX 2.YY) also matches; the attachment itself is
# the *last* such line that is followed by the attachment's content (see layouts.__init__).
ATTACHMENT_RE = re.compile(r"^\s*附\s*件\s*(\d{1,2})?\s*[:：]?\s*(\S.{0,60})?$")

# ------------------------------------------------------------------ table column headers
#
# A header cell names its column; whitespace inside a cell (目   标   与   任   务) and a
# trailing remark in brackets (责任部门（排在首位的为牵头单位）) are removed first.
# The order of the list matters: the first column kind whose pattern matches wins.
COLUMNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    # 序号 / 编号
    ("seq", re.compile(r"^(?:序号|编号|序)$")),
    # 改革举措 / 重点任务 / 主要任务 / 工作任务 / 重点工作任务 / 任务内容 / 目标与任务 / 具体措施
    # (具体措施 is the title only when no other title column is present; see table.py)
    ("title", re.compile(
        r"^(?:改革举措|举措名称|改革事项|任务名称|任务|举措|改革举措名称|事项|重点任务|主要任务|工作任务|"
        r"重点工作任务|重点工作|工作事项|任务内容|目标与任务|目标任务|工作目标|改革任务|具体任务|"
        r"重点改革任务|主要工作|工作内容及目标|任务事项)$")),  # fmt: skip
    # 主要内容 / 具体内容 / 具体措施 / 工作措施
    ("content", re.compile(r"^(?:主要内容|具体内容|工作内容|内容|主要措施|具体措施|工作措施|工作举措|推进措施)$")),
    # 牵头单位 / 牵头部门 / 主要责任单位 / 牵头责任单位 / 主责单位 / 牵头科室(单位)
    ("lead", re.compile(r"^(?:牵头单位|牵头部门|主要责任单位|牵头责任单位|主责单位|主责部门|牵头科室|牵头科室单位|牵头处室)$")),
    # 配合单位 / 协同配合单位 / 协同责任单位 / 协办单位 / 参与单位
    ("co", re.compile(r"^(?:配合单位|配合部门|协同配合单位|协同责任单位|协同单位|协办单位|参与单位|参与部门|协作单位)$")),
    # 指导部门 (a national list) / 责任单位 / 责任部门 / 实施部门 - a clause of its own
    ("departments", re.compile(r"^(?:指导部门|责任部门|责任单位|牵头及责任单位|责任主体|实施部门|实施单位|承办单位)$")),
    # 完成时限 / 时间节点 / 完成时间 / 完成期限 / 进度安排 / 时间安排
    ("deadline", re.compile(r"^(?:完成时限|时间节点|完成时间|完成期限|进度安排|时间安排|时限|时限要求|完成时限要求)$")),
    # 责任领导 / 牵头负责领导 / 分管领导 / 牵头市领导 - a person, never a department
    # 分管县领导 / 分管市领导 (南陵 2024, printed 分 管 县领导)
    ("leader", re.compile(r"^(?:责任领导|牵头负责领导|(?:分管|牵头|责任)(?:省|市|区|县)?领导|分管负责同志)$")),
    # 推广范围 / 实施范围
    ("scope", re.compile(r"^(?:推广范围|实施范围|范围)$")),
    # 备注 / 说明 columns are known (so a one-cell-per-line header runs on past them) but not read
    ("note", re.compile(r"^(?:备注|说明|备考|预期成果|工作成效)$")),
)
# Column headers whose departments guide rather than lead (a national list's 指导部门).
GUIDE_HEADER_RE = re.compile(r"指导")
# A table's category row, one cell spanning the row:
# 一、科技金融创新方面（共7项） / 二、科技管理体制创新方面 / （一）推进…方面
TABLE_CATEGORY_RE = re.compile(
    rf"^\s*([{CN_DIGITS}]+)、\s*(.+?)(?:方面)?\s*[（(]\s*共?\s*(\d+)\s*项\s*[）)]\s*$"
)
TABLE_CATEGORY_NOCOUNT_RE = re.compile(rf"^\s*(?:([{CN_DIGITS}]+)、|[（(]([{CN_DIGITS}]+)[）)])\s*(\S.{{0,40}})$")
# 序号 cells: 3 / 3. / 3、 / （3） / 1005
SEQ_CELL_RE = re.compile(r"^\s*[（(]?\s*(\d{1,4})\s*[)）.、]?\s*$")

# ------------------------------------------------------------------ item-closing parentheses
#
# A closing parenthesis that states a role ends an item even when it names no department the
# clause parser recognises: （各省级人民政府负责） / （各有关部门和单位按职责分工负责） /
# （人力资源社会保障部等有关部门和单位负责） / （各地区牵头落实）.
ROLE_CLAUSE_END_RE = re.compile(r"(?:负责|牵头|按职责分工落实|分工落实|组织实施|抓好落实)$")

# ------------------------------------------------------------------ labelled lines under an item
#
#   牵头负责领导：刘惠。          leader     (a person)
#   责任领导：李建雄              leader
#   牵头责任单位：省发展改革委。   lead
#   牵头单位：区发改局            lead
#   牵头科室(单位)：计划科、…     lead
#   协同责任单位：省政府各部门。   co
#   配合单位：… / 责任单位：…     co when a lead line is present, else a clause of its own
#   完成时限：2018年12月          deadline
# A whole line in brackets (（责任单位：A、B）) loses its brackets; a bracket that closes a
# name (各县（市、区）政府（管委会）) stays.
LABEL_LINE_RE = re.compile(
    r"^\s*(?:(?P<open>[（(])\s*)?(?P<label>牵头负责领导|责任领导|分管领导|牵头领导|牵头市领导|"
    r"牵头责任单位|主要责任单位|牵头单位|牵头部门|牵头科室\s*[（(]\s*单位\s*[）)]|牵头科室|主责单位|"
    r"协同责任单位|协同配合单位|配合单位|配合部门|协办单位|参与单位|"
    r"责任单位|责任部门|责任主体|"
    r"完成时限|完成时间|时间节点|完成期限)\s*[:：]\s*(?P<value>.*?)\s*(?(open)[）)])\s*[。；;]?\s*$"
)
LABEL_KINDS = (
    (re.compile(r"领导"), "leader"),
    (re.compile(r"^(?:牵头|主要责任|主责)"), "lead"),
    (re.compile(r"^(?:协同|配合|协办|参与)"), "co"),
    (re.compile(r"^责任"), "departments"),
    (re.compile(r"时限|时间|期限"), "deadline"),
)


# The same labels closing an item's own text, without brackets:
#   1.推进科技成果转化。牵头单位：市科技局；配合单位：市财政局。
#   3.健全应急指挥体系。责任单位：市卫生健康委、市应急局
INLINE_LABELS_RE = re.compile(
    r"(?<=[。；;])\s*((?:牵头责任单位|主要责任单位|牵头单位|牵头部门|责任单位|责任部门)\s*[:：][^。]*?)\s*[。；;]?\s*$"
)


def label_line(line: str) -> re.Match[str] | None:
    """A labelled line under an item (牵头单位：A), not a whole clause in brackets (（责任单位：A）),
    which the parsers read as the item's closing department clause."""
    m = LABEL_LINE_RE.match(line)
    return m if m and not m.group("open") else None


def label_kind(label: str) -> str:
    """The kind of a LABEL_LINE_RE label: leader / lead / co / departments / deadline."""
    for pattern, kind in LABEL_KINDS:
        if pattern.search(label):
            return kind
    raise ValueError(f"unknown label {label!r}")


_BULLET = re.compile(r"^\s*[•·●▪\-*]\s*")  # a web page's list bullet: "  • 序号"
_SPACE_RUN = re.compile(r"\s+")
_CLOSING_NOTE = re.compile(r"[（(][^）)]*[）)]$")  # 责任部门（排在首位的为牵头单位）


def header_kind(cell: str) -> str | None:
    """The column a header cell names, or None: '主要责任单位' -> 'lead'."""
    cell = _BULLET.sub("", cell)
    cell = CELL_END_PIPE_RE.sub("", cell)
    cell = _SPACE_RUN.sub("", cell)
    cell = _CLOSING_NOTE.sub("", cell).strip()
    for kind, pattern in COLUMNS:
        if pattern.match(cell):
            return kind
    return None
