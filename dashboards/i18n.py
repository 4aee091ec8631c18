"""Labels in Chinese (default) and English; the sidebar switch sets the language."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

LABELS: dict[str, tuple[str, str]] = {
    "language": ("语言", "Language"),
    "overview": ("概览", "Overview"),
    "agency": ("部门年度对比", "Agency over years"),
    "indicators": ("指标对比", "Indicator explorer"),
    "review": ("目标审核", "Review queue"),
    "consistency": ("数据一致性", "Consistency"),
    "sql": ("SQL 查询", "SQL"),
    "documents": ("文档", "Documents"),
    "documents_n": ("文档", "Documents"),
    "agencies_n": ("部门", "Agencies"),
    "years_n": ("年度", "Years"),
    "projects_n": ("项目", "Projects"),
    "budget_total": ("项目预算合计（万元）", "Project budgets (万元)"),
    "indicators_n": ("指标", "Indicators"),
    "findings_n": ("一致性问题", "Findings"),
    "flags_n": ("审核提示", "Review flags"),
    "coverage": ("覆盖情况：{} × 年度 × 文档类型", "Coverage: {} × year × document type"),
    "pick_agency": ("选择部门", "Agency"),
    "pick_family": ("项目族（可选）", "Project family (optional)"),
    "all": ("全部", "All"),
    "budget_by_year": ("各年度预算（万元）", "Budget by year (万元)"),
    "tasks_by_year": ("部门任务预算（万元）", "Department tasks (万元)"),
    "series": ("指标目标的年度变化（每个指标系列一条线，按单位分图）", "Indicator targets over years (one line per series, a chart per unit)"),
    "target_vs_actual": ("目标与实际", "Target vs actual"),
    "execution": ("预算执行率（%，每份自评一栏）", "Budget execution rate (%, one bar per self-evaluation)"),
    "search_indicator": ("搜索指标（名称或类别）", "Search an indicator (name or class)"),
    "pick_indicator": ("选择指标", "Indicator"),
    "cost_per_unit": ("单位产出成本（元）", "Cost per unit of output (元)"),
    "rule": ("规则", "Rule"),
    "severity": ("严重程度", "Severity"),
    "year": ("年度", "Year"),
    "queue": ("审核队列（按风险排序）", "Review queue (ranked by risk)"),
    "pick_row": ("点击一行查看提示与原文", "Select a row to see its flags and source text"),
    "queue_first": ("按排名显示前 {} 项，共 {} 项（可按条件筛选或导出 SQL 页的完整结果）",
                    "The first {} of {} items by rank (filter, or export the whole queue from the SQL page)"),
    "show_more": ("再显示 {} 项", "Show {} more"),
    "targets_first": ("列出同类目标值中按年度与数值排序的前 {} 个，共 {} 个（图中的箱线为全部）",
                      "The first {} of {} peer targets by year and value (the boxes are of them all)"),
    "flags_of": ("审核提示", "Flags"),
    "lineage": ("年初目标与自评对照", "Published targets beside the evaluated ones"),
    "figure": ("项目", "figure"),
    "figure_value": ("数值", "value"),
    "source_text": ("原文（高亮为相关行）", "Source text (relevant lines highlighted)"),
    "hide_dismissed": ("隐藏已驳回的提示", "Hide dismissed flags"),
    "decide": ("审核意见", "Decision"),
    "decide_on": ("针对的提示", "On the flag"),
    "decision": ("意见", "Decision"),
    "reviewer": ("审核人", "Reviewer"),
    "note": ("说明（可选）", "Note (optional)"),
    "save": ("保存", "Save"),
    "saved": ("已保存：{}", "Saved: {}"),
    "need_reviewer": ("请填写审核人。", "Give the reviewer's name."),
    "decided": ("{}（{}，{}）", "{} ({}, {})"),
    "findings": ("各文档的一致性问题", "Findings per document"),
    "findings_by_rule": ("按规则统计", "By rule"),
    "data_docs": ("Great Expectations 数据文档", "Great Expectations Data Docs"),
    "sql_help": ("只读查询（最多返回 {} 行，最长运行 {:g} 秒）。", "Read-only query (at most {} rows, {:g} s)."),
    "examples": ("示例查询", "Example queries"),
    "run": ("运行", "Run"),
    "sql_error": ("查询失败", "Query failed"),
    "doc_list": ("全部文档及其状态", "All documents and their status"),
    "doc_text": ("文档原文", "Document text"),
    "empty": ("仓库中还没有数据：先运行 `jixiao ingest <文件夹>`、`jixiao build`、`jixiao check`。",
              "The warehouse is empty: run `jixiao ingest <folder>`, `jixiao build` and `jixiao check` first."),
    "updating": ("数据仓库正在更新或不可用，请稍后刷新。", "The warehouse is being updated or unavailable; refresh in a moment."),
    "nothing": ("没有符合条件的数据。", "Nothing matches."),
    "value": ("目标值", "Target value"),
    "unit": ("单位", "unit"),
    "fiscal_year": ("年度", "Fiscal year"),
    "rows": ("行", "rows"),
    "render_ms": ("页面查询耗时 {} 毫秒", "Page queries took {} ms"),
    "money_unit": ("金额单位", "Money in"),
    "export_csv": ("下载 CSV", "CSV"),
    "export_xlsx": ("下载 Excel", "Excel"),
    "peers": ("同类比较", "Peers"),
    "peer_by": ("同类范围", "Peers are"),
    "peer_level": ("同一行政级别", "the same admin level"),
    "peer_province": ("同一省份", "the same province"),
    "peer_all": ("全部部门", "every agency"),
    "peer_distribution": ("同类部门目标值分布（箱线图；所选部门以菱形标出）", "Peers' targets (box per year; the agency marked ◆)"),
    "mark_agency": ("标出的部门", "Agency to mark"),
    "none": ("（无）", "(none)"),
    "rows_by": ("按行汇总", "Rows by"),
    "by_agency": ("部门", "agency"),
    "by_province": ("省份", "province"),
    "by_level": ("行政级别", "admin level"),
    "drill_region": ("展开省份的部门", "Agencies of a province"),
    "coverage_alt": ("{} 行 × {} 个年度；空白格表示该年没有文档。", "{} rows × {} years; a blank cell is a year without documents."),
    "chart_alt_lines": ("{} 个指标系列，{} 个单位，{}–{} 年。", "{} indicator series in {} units, {}–{}."),
    "chart_alt_bars": ("{} 个年度，{} 个部分；合计最高 {}。", "{} years, {} parts; the highest year totals {}."),
    "chart_alt_rates": ("{} 份自评的预算执行率，{}%–{}%。", "Execution rates of {} self-evaluations, {}%–{}%."),
    "chart_alt_findings": ("{} 个一致性问题，涉及 {} 条规则。", "{} findings under {} rules."),
    "chart_alt_box": ("{} 个同类目标值，{} 个年度；所选部门 {} 个。", "{} peer targets over {} years; {} of the agency."),
    "schema": ("表与字段", "Tables and columns"),
    "schema_help": ("数据仓库的公开表（marts）；说明来自 dbt 文档。", "The warehouse's public tables (marts), described by the dbt docs."),
    "my_query": ("（我的查询）", "(my query)"),
    "running": ("查询中…", "Running…"),
    "download_full": ("下载完整结果（CSV，最多 {} MB）", "Download the whole result (CSV, up to {} MB)"),
    "truncated_rows": ("只显示前 {:,} 行（{}）；完整结果可下载。", "Showing the first {:,} rows ({}); the whole result can be downloaded."),
    "search_documents": ("搜索文档（文件名、部门、标题）", "Search documents (file, agency, title)"),
    "text_page": ("原文第几页（每页 {} 行）", "Text page ({} lines a page)"),
    "lines_of": ("第 {}–{} 行，共 {} 行", "lines {}–{} of {}"),
    "open_flags": ("查看该文档的审核提示", "Its review flags"),
    "open_findings": ("查看该文档的一致性问题", "Its consistency findings"),
    "doc_filter": ("文档", "Document"),
    "related": ("对照文档：{}，第 {} 行", "Compared with: {}, line {}"),
    "open_related": ("打开对照文档", "Open that document"),
    "location": ("位置：{}", "Where: {}"),
    # the Data Docs of the warehouse served (consistency page)
    "data_docs_none": ("这个数据仓库还没有数据文档：运行 `jixiao check` 会把它们写到 {}。",
                       "This warehouse has no Data Docs yet: `jixiao check` writes them to {}."),
    "data_docs_path": ("本数据仓库的数据文档（服务器上的文件）：", "This warehouse's Data Docs (a file on the server):"),
    "data_docs_download": ("下载数据文档（zip）", "Download the Data Docs (zip)"),
    "data_docs_unzip": ("解压后用浏览器打开 index.html；样式从网上加载，离线时页面没有样式。",
                        "Unzip and open index.html in a browser; its styles load from the web (offline the pages are unstyled)."),
    "data_docs_too_big": ("数据文档共 {:.1f} MB，超过下载上限 {:g} MB（JIXIAO_DATA_DOCS_MAX_MB），请在服务器上打开上面的文件。",
                          "The Data Docs are {:.1f} MB, over the download cap of {:g} MB (JIXIAO_DATA_DOCS_MAX_MB): open the file above on the server."),
}  # fmt: skip

# Every code the warehouse writes that a page shows, in both languages. tests/test_dashboard.py
# checks this against the accepted values the models' YAML declares and the ingest layouts, so
# a new code without its words fails there.
CODES: dict[str, dict[object, tuple[str, str]]] = {
    "severity": {3: ("高", "high"), 2: ("中", "medium"), 1: ("低", "low"),
                 "error": ("错误", "error"), "warning": ("警告", "warning")},
    "doc_type": {"project_targets": ("项目绩效目标", "project targets"),
                 "department_targets": ("部门整体绩效目标", "department targets"),
                 "department_selfeval": ("部门整体自评", "department self-evaluation"),
                 "project_selfeval": ("项目自评", "project self-evaluation")},
    "status": {"parsed": ("已读取", "parsed"), "partial": ("部分读取", "partly read"), "rejected": ("未读取", "rejected")},
    "admin_level": {"provincial": ("省级", "provincial"), "prefectural": ("市级", "prefectural"),
                    "county": ("县级", "county"), "township": ("乡镇级", "township")},
    "target_change_direction": {"raised": ("提高", "raised"), "lowered": ("下调", "lowered"),
                                "unchanged": ("不变", "unchanged"), "not comparable": ("不可比", "not comparable")},
    "lineage_status": {"kept": ("一致", "kept"), "changed": ("改变", "changed"), "reworded": ("改写", "reworded"),
                       "not_restated": ("未填写", "not restated"), "dropped": ("未自评", "dropped"),
                       "added": ("新增", "added")},
    "change_direction": {"easier": ("放宽", "easier"), "harder": ("提高", "harder")},
    "value_kind": {"count": ("数量", "count"), "percent": ("百分比", "percent"), "money": ("金额", "money"),
                   "rate": ("比率", "rate"), "deadline": ("期限", "deadline"), "duration": ("时长", "duration"),
                   "qualitative": ("定性", "qualitative"), "malformed": ("格式错误", "malformed"),
                   "blank": ("空白", "blank")},
    "direction": {"increase": ("提高", "increase"), "decrease": ("降低", "decrease"), "maintain": ("保持", "maintain")},
    "decision": {"confirmed": ("确认", "confirmed"), "dismissed": ("驳回", "dismissed"), "noted": ("备注", "noted")},
    "layout": {"html_tables": ("网页表格", "HTML tables"), "tab_cells": ("每行一个单元格", "one cell a line"),
               "tab_rows": ("制表符分隔的行", "TAB-separated rows"), "pipe_rows": ("竖线分隔的行", "|-separated rows"),
               "pdf_text": ("PDF 文本", "PDF text"), "cell_stream": ("单元格流（通用读取）", "cell stream (general reader)"),
               "doc": ("Word 97 文档", "Word 97 document"), "image": ("图片（OCR 识别）", "image (OCR)")},
    "is_met": {True: ("是", "yes"), False: ("否", "no")},
    "reading_method": {"text": ("文本", "text"), "ocr": ("OCR 识别（扫描件）", "OCR (scan)"),
                       "text+ocr": ("文本 + OCR", "text + OCR")},
}  # fmt: skip

# Columns shown under a name of the code list they hold, where the two differ.
CODE_OF_COLUMN = {"lineage_status": "lineage_status", "target_change_direction": "target_change_direction"}

# Column names in both languages, and how their values are shown: money (万元, or 亿元 with the
# switch), ratio (0.857 shown as 85.7%), pct (already in %), int, number (two decimals), year.
COLUMNS: dict[str, tuple[str, str, str]] = {
    "agency_name": ("部门", "agency", "text"), "fiscal_year": ("年度", "year", "year"),
    "doc_type": ("文档类型", "document type", "text"), "file_name": ("文件", "file", "text"),
    "status": ("状态", "status", "text"), "status_reason": ("原因", "reason", "text"),
    "layout": ("版式", "layout", "text"), "encoding": ("编码", "encoding", "text"),
    "indicator_name": ("指标", "indicator", "text"), "target_raw": ("目标值", "target", "text"),
    "value_number": ("目标数值", "target number", "number"), "unit": ("单位", "unit", "text"),
    "previous_target_raw": ("上年目标", "previous target", "text"),
    "target_change_direction": ("变化", "change", "text"), "actual_raw": ("实际完成", "actual", "text"),
    "actual_number": ("实际数值", "actual number", "number"), "achievement_ratio": ("完成比", "achievement", "ratio"),
    "is_met": ("达成", "met", "text"), "weight": ("分值", "weight", "number"), "score": ("得分", "score", "number"),
    "project_or_goal": ("项目/目标", "project or goal", "text"), "indicator_class": ("类别", "class", "text"),
    "project_name": ("项目", "project", "text"), "family_name": ("项目系列", "project family", "text"),
    "task_text": ("任务", "task", "text"),
    "budget_total_wan": ("预算（{money}）", "budget ({money})", "money"),
    "budget_full_year_wan": ("全年预算（{money}）", "full-year budget ({money})", "money"),
    "executed_wan": ("执行数（{money}）", "executed ({money})", "money"),
    "execution_rate_pct": ("执行率", "execution rate", "pct"),
    "execution_rate_raw": ("执行率（原文）", "rate as written", "text"), "evaluated": ("自评对象", "evaluated", "text"),
    "yuan_per_unit": ("单位成本（元）", "cost per unit (元)", "number"),
    "peer_median": ("同类中位数", "peer median", "number"), "peer_n": ("同类数", "peers", "int"),
    "peer_min": ("同类最低", "peer lowest", "number"), "peer_q1": ("同类下四分位", "peer lower quartile", "number"),
    "peer_q3": ("同类上四分位", "peer upper quartile", "number"), "peer_max": ("同类最高", "peer highest", "number"),
    "peer_median_yuan": ("同类中位数（元）", "peer median (元)", "number"),
    "review_rank": ("排名", "rank", "int"), "title": ("对象", "subject", "text"),
    "budget_wan": ("预算（{money}）", "budget ({money})", "money"), "n_flags": ("提示数", "flags", "int"),
    "risk_score": ("风险分", "risk", "number"), "target_grade": ("目标表质量", "target table grade", "text"),
    "rules": ("规则", "rules", "text"), "rule_name": ("规则", "rule", "text"),
    "severity": ("严重程度", "severity", "text"), "message": ("说明", "message", "text"),
    "line_start": ("起始行", "line", "int"), "line_end": ("结束行", "last line", "int"),
    "change_direction": ("方向", "direction", "text"), "lineage_status": ("对照结果", "status", "text"),
    "planned_target_raw": ("年初目标值", "published target", "text"),
    "evaluated_target_raw": ("自评目标值", "evaluated target", "text"),
    "planned_line_start": ("目标表行", "target line", "int"),
    "evaluated_line_start": ("自评表行", "self-evaluation line", "int"),
    "province_name": ("省份", "province", "text"), "admin_level": ("行政级别", "admin level", "text"),
    "documents": ("文档数", "documents", "int"), "findings": ("一致性问题", "findings", "int"),
    "flags": ("审核提示", "flags", "int"), "title_raw": ("标题", "title", "text"),
    "table_name": ("表", "table", "text"), "column_name": ("字段", "column", "text"),
    "data_type": ("类型", "type", "text"), "description": ("说明", "description", "text"),
    "source_location": ("位置", "where", "text"), "value_kind": ("数值类型", "value kind", "text"),
    "related_file_name": ("对照文档", "compared with", "text"), "related_line_start": ("对照行", "its line", "int"),
    "evidence": ("依据", "evidence", "text"),
    "target_ocr_confidence": ("OCR 置信度", "OCR confidence", "ratio"),
    "actual_ocr_confidence": ("实际值 OCR 置信度", "actual's OCR confidence", "ratio"),
    "reading_method": ("读取方式", "read from", "text"), "ocr_cells_unsure": ("OCR 存疑单元格", "unsure OCR cells", "int"),
}  # fmt: skip


def lang() -> str:
    """The language: the session's, else the address's (``?lang=en``), else Chinese."""
    if "lang" in st.session_state:
        return st.session_state["lang"]
    return "en" if st.query_params.get("lang") == "en" else "zh"


def t(key: str) -> str:
    zh, en = LABELS[key]
    return en if lang() == "en" else zh


def code(field: str, value: object) -> str:
    """A code in words (the code itself if the list lacks it: shown, never hidden)."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    words = CODES[field].get(value) or CODES[field].get(str(value))
    if words is None and field == "layout" and isinstance(value, str) and ":" in value:
        kind, layout = value.split(":", 1)  # a binary format read by a text layout (pdf:pdf_text)
        return code("layout", kind).replace("pdf", "PDF") + " · " + code("layout", layout)
    if words is None:
        return str(value)
    return words[1] if lang() == "en" else words[0]


def money_factor() -> tuple[float, str]:
    """The divisor of 万元 amounts and its unit: 1 and 万元, or 10,000 and 亿元 (the sidebar switch)."""
    return (10000.0, "亿元") if st.session_state.get("money") == "yi" else (1.0, "万元")


def column_label(column: str) -> str:
    zh, en, _ = COLUMNS[column]
    return (en if lang() == "en" else zh).replace("{money}", money_factor()[1])


def language_switch() -> None:
    """The sidebar's language and money unit, from the address (``?lang=en``, ``?money=yi``) or the
    session; Chinese and 万元 by default. A change takes effect before the page runs (the
    navigation's titles are in the new language at once)."""
    from dashboards import state

    def chosen(name: str, key: str) -> Callable[[], None]:
        return lambda: st.session_state.update({name: st.session_state[key]})

    state.start("lang", "lang_choice", ["zh", "en"])
    st.session_state.setdefault("lang_choice", lang())
    language = st.sidebar.radio(
        LABELS["language"][0] + " / " + LABELS["language"][1], ["zh", "en"], key="lang_choice", horizontal=True,
        format_func=lambda c: "中文" if c == "zh" else "English", on_change=chosen("lang", "lang_choice"),
    )  # fmt: skip
    st.session_state["lang"] = language
    state.keep("lang", language, None if language == "zh" else language)
    state.start("money", "money_choice", ["wan", "yi"])
    st.session_state.setdefault("money_choice", st.session_state.get("money", "wan"))
    unit = st.sidebar.radio(
        t("money_unit"), ["wan", "yi"], format_func=lambda c: "万元" if c == "wan" else "亿元", horizontal=True,
        key="money_choice", on_change=chosen("money", "money_choice"),
    )  # fmt: skip
    st.session_state["money"] = unit
    state.keep("money", unit, None if unit == "wan" else unit)
