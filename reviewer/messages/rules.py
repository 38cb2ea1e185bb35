"""Rule messages: (rule code, message id) → {"zh": …, "en": …}, ``str.format`` templates with
named parameters. Code ``"*"`` holds sub-messages and messages shared by several rules. The
Chinese text is the default (``reviewer.messages``)."""

from __future__ import annotations

RULE_MESSAGES: dict[tuple[str, str], dict[str, str]] = {
    # shared pieces of the table rules (spec §4)
    ("*", "at-least"): {"zh": "至少", "en": "at least "},
    ("*", "blank-unknown"): {"zh": "（空白单元格按未知处理）", "en": " (blank cells taken as unknown)"},
    ("*", "suspect-cell"): {
        "zh": "；最可能出错的单元格是「{row}」×「{column}」（{raw}）",
        "en": "; the likely wrong cell is 「{row}」×「{column}」 ({raw})",
    },
    ("*", "candidate-split"): {
        "zh": "（数字连写，没有一种拆分满足本表勾稽关系；按最可能的拆分读取）",
        "en": " (the digits ran together and no split balances the table; read by the most likely split)",
    },
    ("*", "omitted"): {
        "zh": "另有 {n} 条同类问题未列出",
        "en": "{n} more findings of this rule not listed",
    },
    # tables (spec §4 C1–C5, C9)
    ("T101", "carry-balance"): {
        "zh": "表三「{column}」栏：一 + 二 = {lk}，但（七）总计 + 四 = {rk}，两者应相等{note}{suspect}{candidate}",
        "en": "table 三, column 「{column}」: 一 + 二 = {lk} but （七）总计 + 四 = {rk}; the two must be equal{note}{suspect}{candidate}",
    },
    ("T102", "results-total"): {
        "zh": "表三「{column}」栏：各办理结果行合计{rel}{lk}，但（七）总计为{rk}{note}{suspect}{candidate}",
        "en": "table 三, column 「{column}」: the 办理结果 rows sum to {rel}{lk} but （七）总计 is {rk}{note}{suspect}{candidate}",
    },
    ("T103", "row-total"): {
        "zh": "表三「{row}」行：六类申请人合计{rel}{lk}，但总计为{rk}{note}{suspect}{candidate}",
        "en": "table 三, row 「{row}」: the six applicant columns sum to {rel}{lk} but 总计 is {rk}{note}{suspect}{candidate}",
    },
    ("T104", "block-total"): {
        "zh": "表四「{block}」：维持 + 纠正 + 其他 + 尚未审结 = {rel}{lk}，但总计为{rk}{candidate}",
        "en": "table 四, {block}: 维持 + 纠正 + 其他 + 尚未审结 = {rel}{lk} but 总计 is {rk}{candidate}",
    },
    ("T105", "many-blank"): {
        "zh": "表{table}有{n}个单元格空白或不是数字（{columns}栏）；空白不是零，该数量未报告",
        "en": "table {table}: {n} cells are blank or not numbers (columns {columns}); a blank is not a zero — the count was not reported",
    },
    ("T105", "blank-cell"): {
        "zh": "表{table}「{row}」行「{column}」栏{what}：缺少数值，不是零",
        "en": "table {table}, row 「{row}」, column 「{column}」 {what}: a missing value, not a zero",
    },
    ("T105", "is-blank"): {"zh": "为空白", "en": "is blank"},
    ("T105", "holds"): {"zh": "填写为「{raw}」", "en": "holds 「{raw}」"},
    ("T105", "not-count"): {"zh": "填写为「{raw}」，不是数量", "en": "holds 「{raw}」, not a count"},
    ("T105", "short-row"): {
        "zh": "表{table}「{row}」一行只有{n}个数字、却有{cells}个单元格：有空白单元格（空白不是零），无法确定是哪几格",
        "en": "table {table}, row 「{row}」 holds {n} numbers for {cells} cells: some cells are blank (a blank is not a zero) and which ones cannot be told",
    },
    ("T106", "absent"): {
        "zh": "第{section}部分没有可读的表{table}：{reason}",
        "en": "section {section} has no readable table {table}: {reason}",
    },
    ("T107", "unplaced"): {
        "zh": "表三：有一行数字丢失了行名，无法确定其位置",
        "en": "table 三: a row of numbers whose row label was lost cannot be placed",
    },
    ("T107", "rows-missing"): {
        "zh": "表三：未找到{n}行：{rows}",
        "en": "table 三: {n} rows not found: {rows}",
    },
    ("T107", "t2-unreadable"): {
        "zh": "表二：{n}行的数值无法与各栏对应（{rows}），未读取",
        "en": "table 二: the values of {n} row(s) cannot be told apart from the columns ({rows}); not read",
    },
    ("T107", "status"): {"zh": "表{table}：{reason}", "en": "table {table}: {reason}"},
    ("T107", "ambiguous"): {
        "zh": "表{table}「{row}」行：数字「{raw}」连写，有不止一种拆分方式；{columns}栏未读取",
        "en": "table {table}, row 「{row}」: the digits 「{raw}」 ran together and split in more than one way; columns {columns} not read",
    },
    ("T109", "fee-missing"): {
        "zh": "表三（六）2显示有{n}件申请因逾期未缴费而终止，但第六部分未报告收取信息处理费的情况",
        "en": "table 三（六）2 shows {n} request(s) dropped for unpaid fees, but section 六 does not report the 信息处理费 charged",
    },
    ("T110", "breakdown"): {
        "zh": "统计表「{row}」为{rk}，但其分项（{rows}）合计{rel}{lk}",
        "en": "统计表 「{row}」 is {rk} but its breakdown ({rows}) sums to {rel}{lk}",
    },
    # sections (spec §2, §6)
    ("S001", "none-read"): {"zh": "全文未能识别出任何章节标题或章节内容", "en": "no section heading or section content was recognised in the text"},
    ("S001", "not-found"): {"zh": "未找到该部分的标题，也未找到可归入该部分的内容", "en": "neither its heading nor content belonging to it was found"},
    ("S001", "hint"): {
        "zh": "未找到该部分的标题；此处之前有少量文字像是该部分的内容，但不足以认定该部分存在",
        "en": "its heading was not found; a little text before this point looks like its content, too little to count the section as present",
    },
    ("S001", "missing-legacy"): {
        "zh": "缺少「{name}」部分（2019年前报告按其自身提纲，规范 §6）：{why}",
        "en": "section 「{name}」 is missing (reports before 2019 follow their own outline, spec §6): {why}",
    },
    ("S001", "missing"): {
        "zh": "缺少第{section}部分「{title}」：{why}；应位于相邻两部分之间此处",
        "en": "section {section} 「{title}」 is missing: {why}; it belongs here, between its neighbours",
    },
    ("S002", "part-missing"): {
        "zh": "总体情况未涵盖「{name}」；概述应包括五个方面（主动公开、依申请公开、政府信息管理、平台建设、监督保障）",
        "en": "总体情况 does not cover 「{name}」; expected one of the five parts of the overview (主动公开, 依申请公开, 政府信息管理, 平台建设, 监督保障)",
    },
    ("S003", "fee-missing"): {
        "zh": "第六部分没有关于信息处理费的说明；应写明收取的金额或明确说明未收取（如「本年度未收取信息处理费」）",
        "en": "section 六 has no statement on the 信息处理费; expected the amount charged or an explicit 'none' (e.g. 「本年度未收取信息处理费」)",
    },
    ("S004", "typo"): {
        "zh": "第{section}部分标题为「{found}」，应为「{expected}」",
        "en": "heading of section {section} reads 「{found}」; expected 「{expected}」",
    },
    ("S005", "duplicate-number"): {
        "zh": "序号「{found}、」重复用于第{section}部分，应为「{section}、」",
        "en": "numeral 「{found}、」 used again for section {section}; expected 「{section}、」",
    },
    ("S005", "misnumbered"): {
        "zh": "第{section}部分的序号为「{found}、」，应为「{expected}、」",
        "en": "section {section} is numbered 「{found}、」; expected 「{expected}、」",
    },
    ("S005", "out-of-order"): {
        "zh": "第{section}部分「{found}」顺序错乱；应按一至六的顺序排列",
        "en": "section {section} 「{found}」 stands out of order; expected the order 一…六",
    },
    ("S006", "under-other"): {
        "zh": "标题缺失：「{name}」没有独立标题，其内容写在「{parent}」之下的「{title}」中",
        "en": "missing heading: 「{name}」 has no heading of its own; its content is under 「{title}」 within 「{parent}」",
    },
    ("S006", "recovered"): {
        "zh": "标题缺失：第{section}部分「{title}」的内容存在但没有标题（按内容识别，从此处开始）；应有标题「{section}、{title}」",
        "en": "missing heading: the content of section {section} 「{title}」 is present without a heading (recognised by its content, from here); expected the heading 「{section}、{title}」",
    },
    # dates (spec §2 preamble, §5)
    ("S010", "full-year"): {"zh": "{year}年1月1日至{year}年12月31日", "en": "1 January to 31 December {year}"},
    ("S010", "report-year"): {"zh": "报告年度1月1日至12月31日", "en": "1 January to 31 December of the report year"},
    ("S010", "wrong-year"): {"zh": "写作{year}年", "en": "names {year}"},
    ("S010", "part-year"): {"zh": "不是全年", "en": "covers part of the year"},
    ("S010", "period-blank"): {
        "zh": "统计期限空白「{found}」，应为「{expected}」",
        "en": "the statistics period is blank 「{found}」; expected 「{expected}」",
    },
    ("S010", "period-wrong"): {
        "zh": "统计期限「{found}」{what}，应为{year}年1月1日至{year}年12月31日",
        "en": "the statistics period 「{found}」 {what}; expected 1 January to 31 December {year}, the title year",
    },
    ("S011", "preamble-year"): {
        "zh": "导语称本报告为{found}年度报告，标题年度为{year}年",
        "en": "the preamble names the {found} report; the title year is {year}",
    },
    ("S011", "section-year"): {
        "zh": "第{section}部分把{found}年当作本年度叙述，报告年度为{year}年",
        "en": "section {section} describes {found} as the current year; expected the report year {year}",
    },
    ("S012", "late"): {
        "zh": "发布日期{published}晚于《条例》第四十九条期限{deadline}，逾期{days}天",
        "en": "published {published}, {days} days after the Art. 49 deadline {deadline}",
    },
    # vagueness (spec §2 五, §8)
    ("V301", "formulaic"): {
        "zh": "第{section}部分的套话句（套话概率 {p:.2f}）",
        "en": "formulaic sentence in section {section} (p(vague)={p:.2f})",
    },
    ("V302", "section-vague"): {
        "zh": "第{section}部分整体空泛：预计{p:.0%}的句子为套话（{n_vague}/{n}句判为套话），每百字具体信息{specificity}处",
        "en": "section {section} is vague as a whole: an expected {p:.0%} of its sentences are formulaic ({n_vague}/{n} judged formulaic), {specificity} specific details per 100 characters",
    },
    ("V303", "no-problems"): {"zh": "第{section}部分没有说明存在的问题", "en": "section {section} states no problems"},
    ("V304", "no-measures"): {"zh": "第{section}部分没有说明改进措施", "en": "section {section} states no improvement measures"},
    ("V305", "last-year"): {
        "zh": "第{section}部分没有说明上年度所提问题的整改情况",
        "en": "section {section} does not say what became of last year's problems",
    },
    # copying (spec §1 内容雷同, §7)
    ("*", "year"): {"zh": "{year}年", "en": "{year}"},
    ("*", "year-unknown"): {"zh": "年份不明的", "en": "undated"},
    ("*", "other-organ"): {"zh": "其他机关", "en": "another organ"},
    ("*", "unknown-organ"): {
        "zh": "与{path}文字相同（机关不明，相似度{similarity:.0%}）",
        "en": "same text as {path} (organ unknown, similarity {similarity:.0%})",
    },
    ("C201", "own"): {
        "zh": "与本机关{year}报告相同（相似度{similarity:.0%}）",
        "en": "same as this organ's {year} report (similarity {similarity:.0%})",
    },
    ("C202", "other"): {
        "zh": "与{organ}{year}报告相同（相似度{similarity:.0%}）",
        "en": "same as the {year} report of {organ} (similarity {similarity:.0%})",
    },
    ("C203", "template"): {
        "zh": "与多个机关报告相同的模板化文字（不计为抄袭）",
        "en": "template text shared with the reports of many organs (not counted as copying)",
    },
    ("C204", "repeated"): {
        "zh": "问题与改进措施沿用本机关{year}报告第五部分",
        "en": "problems and measures repeated from section 五 of this organ's {year} report",
    },
    ("C204", "restated"): {
        "zh": "问题与本机关{year}报告第五部分所述问题相同（换了说法）",
        "en": "the problem restates one in section 五 of this organ's {year} report (in other words)",
    },
    ("C205", "table"): {
        "zh": "表格数字与本机关{year}报告完全相同",
        "en": "the table's figures are identical to this organ's {year} report",
    },
    ("C206", "last-year"): {"zh": "上年", "en": "last year's report"},
    ("C206", "report-of"): {"zh": "{organ}{year}年报告", "en": "the {year} report of {organ}"},
    ("C206", "flipped"): {
        "zh": "沿用{source}句子但否定意义相反",
        "en": "a sentence taken from {source} with its negation reversed",
    },
    ("C207", "residue"): {
        "zh": "「{word}」不属于本机关（{organ}），疑似照搬其他机关报告的残留",
        "en": "「{word}」 does not belong to this organ ({organ}): likely left over from another organ's report",
    },
    # prose against table (spec §4 C8)
    ("T108", "prose-table"): {
        "zh": "正文所述{quantity}为{n}，但表{table}「{cell}」为{value}",
        "en": "the prose states {n} {quantity}, but table {table} 「{cell}」 is {value}",
    },
    ("T108", "q:requests received this year"): {"zh": "本年新收申请", "en": "requests received this year"},
    ("T108", "q:requests carried over from last year"): {"zh": "上年结转申请", "en": "requests carried over from last year"},
    ("T108", "q:requests concluded"): {"zh": "办结申请", "en": "requests concluded"},
    ("T108", "q:requests carried into next year"): {"zh": "结转下年度申请", "en": "requests carried into next year"},
    ("T108", "q:administrative reconsideration cases"): {"zh": "行政复议案件", "en": "administrative reconsideration cases"},
    ("T108", "q:administrative litigation cases"): {"zh": "行政诉讼案件", "en": "administrative litigation cases"},
    ("T108", "q:items proactively disclosed (legacy 统计表)"): {
        "zh": "主动公开政府信息条数（2019年前统计表）", "en": "items proactively disclosed (legacy 统计表)",
    },
    ("T108", "q:reconsideration applications (legacy 统计表)"): {
        "zh": "行政复议申请（2019年前统计表）", "en": "reconsideration applications (legacy 统计表)",
    },
    # across years (spec §4 C6, C7)
    ("T111", "carry"): {
        "zh": "表三「二、上年结转」{column}栏：{year}年结转{n}件，但{previous_year}年报告「四、结转下年度继续办理」为{previous}件",
        "en": "table 三 二、上年结转, column {column}: {n} carried into {year}, but the {previous_year} report left {previous} open (四、结转下年度继续办理)",
    },
    ("T112", "valid"): {
        "zh": "表二「{row}」现行有效件数为{valid}，但{previous_year}年报告的现行有效件数{before}加本年制发{new}件、减本年废止{gone}件应为{expected}",
        "en": "table 二 「{row}」: {valid} in force, but the {previous_year} report's {before} in force plus {new} issued minus {gone} repealed this year makes {expected}",
    },
    ("T112", "valid-readings"): {
        "zh": "表二「{row}」的数字连在一起、无法单独确定各栏；但无论如何拆分（{year}年：{readings}；{previous_year}年：{previous_readings}，制发/废止/现行有效），现行有效件数都不等于上年现行有效件数加本年制发、减本年废止",
        "en": "table 二 「{row}」: the digits ran together and the columns cannot be told apart; but however they are split ({year}: {readings}; {previous_year}: {previous_readings}, issued/repealed/in force), the count in force never equals last year's plus issued minus repealed",
    },
}
