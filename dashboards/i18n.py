"""Labels in Chinese (default) and English; the sidebar switch sets the language."""

from __future__ import annotations

import streamlit as st

LABELS: dict[str, tuple[str, str]] = {
    "app_title": ("绩效 jixiao", "jixiao performance warehouse"),
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
    "coverage": ("覆盖情况：部门 × 年度 × 文档类型", "Coverage: agency × year × document type"),
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
    "distribution": ("各部门、项目、年度的目标值分布", "Targets across agencies, projects and years"),
    "cost_per_unit": ("单位产出成本（元）", "Cost per unit of output (元)"),
    "filters": ("筛选", "Filters"),
    "rule": ("规则", "Rule"),
    "severity": ("严重程度", "Severity"),
    "year": ("年度", "Year"),
    "queue": ("审核队列（按风险排序）", "Review queue (ranked by risk)"),
    "pick_row": ("点击一行查看提示与原文", "Select a row to see its flags and source text"),
    "flags_of": ("审核提示", "Flags"),
    "lineage": ("年初目标与自评对照", "Published targets beside the evaluated ones"),
    "figure": ("项目", "figure"),
    "figure_value": ("数值", "value"),
    "kept": ("一致", "kept"),
    "changed": ("改变", "changed"),
    "dropped": ("未自评", "dropped"),
    "added": ("新增", "added"),
    "easier": ("放宽", "easier"),
    "harder": ("提高", "harder"),
    "source_text": ("原文（高亮为相关行）", "Source text (relevant lines highlighted)"),
    "hide_dismissed": ("隐藏已驳回的提示", "Hide dismissed flags"),
    "decide": ("审核意见", "Decision"),
    "decide_on": ("针对的提示", "On the flag"),
    "decision": ("意见", "Decision"),
    "confirmed": ("确认", "confirmed"),
    "dismissed": ("驳回", "dismissed"),
    "noted": ("备注", "noted"),
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
    "download": ("下载 CSV", "Download CSV"),
    "sql_error": ("查询失败", "Query failed"),
    "doc_list": ("全部文档及其状态", "All documents and their status"),
    "doc_text": ("文档原文", "Document text"),
    "empty": ("仓库中还没有数据：先运行 `jixiao ingest <文件夹>`、`jixiao build`、`jixiao check`。",
              "The warehouse is empty: run `jixiao ingest <folder>`, `jixiao build` and `jixiao check` first."),
    "updating": ("数据仓库正在更新或不可用，请稍后刷新。", "The warehouse is being updated or unavailable; refresh in a moment."),
    "nothing": ("没有符合条件的数据。", "Nothing matches."),
    "wan": ("万元", "万元"),
    "value": ("目标值", "Target value"),
    "unit": ("单位", "unit"),
    "fiscal_year": ("年度", "Fiscal year"),
    "rows": ("行", "rows"),
    "project_targets": ("项目绩效目标", "project targets"),
    "department_targets": ("部门整体绩效目标", "department targets"),
    "department_selfeval": ("部门整体自评", "department self-evaluation"),
    "project_selfeval": ("项目自评", "project self-evaluation"),
    "doc_type": ("文档类型", "Document type"),
    "render_ms": ("页面查询耗时 {} 毫秒", "Page queries took {} ms"),
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


def lang() -> str:
    return st.session_state.get("lang", "zh")


def t(key: str) -> str:
    zh, en = LABELS[key]
    return en if lang() == "en" else zh


def language_switch() -> None:
    choice = st.sidebar.radio(t("language"), ["中文", "English"], horizontal=True, index=0 if lang() == "zh" else 1)
    st.session_state["lang"] = "en" if choice == "English" else "zh"


COLUMNS: dict[str, tuple[str, str]] = {
    "agency_name": ("部门", "agency"), "fiscal_year": ("年度", "year"), "doc_type": ("文档类型", "document type"),
    "file_name": ("文件", "file"), "status": ("状态", "status"), "status_reason": ("原因", "reason"),
    "layout": ("版式", "layout"), "encoding": ("编码", "encoding"), "indicator_name": ("指标", "indicator"),
    "target_raw": ("目标值", "target"), "value_number": ("目标数值", "target number"), "unit": ("单位", "unit"),
    "previous_target_raw": ("上年目标", "previous target"), "target_change_direction": ("变化", "change"),
    "actual_raw": ("实际完成", "actual"), "actual_number": ("实际数值", "actual number"),
    "achievement_ratio": ("完成比", "achievement"), "is_met": ("达成", "met"), "weight": ("分值", "weight"),
    "score": ("得分", "score"), "project_or_goal": ("项目/目标", "project or goal"), "indicator_key": ("类别", "class"),
    "project_name": ("项目", "project"), "family_name": ("项目系列", "project family"), "budget_total_wan": ("预算（万元）", "budget (万元)"),
    "yuan_per_unit": ("单位成本（元）", "cost per unit (元)"), "review_rank": ("排名", "rank"), "title": ("对象", "subject"),
    "budget_wan": ("预算（万元）", "budget (万元)"), "n_flags": ("提示数", "flags"), "risk_score": ("风险分", "risk"),
    "target_grade": ("目标表质量", "target table grade"),
    "rules_zh": ("规则", "rules"), "rules_en": ("规则", "rules"), "rule_id": ("规则", "rule"),
    "severity": ("严重程度", "severity"), "message": ("说明", "message"), "line_start": ("起始行", "line"),
    "change_direction": ("方向", "direction"), "planned_target_raw": ("年初目标值", "published target"),
    "evaluated_target_raw": ("自评目标值", "evaluated target"), "planned_line_start": ("目标表行", "target line"),
    "evaluated_line_start": ("自评表行", "self-evaluation line"),
}  # fmt: skip


def labelled(frame):  # type: ignore[no-untyped-def]
    """The frame with its column names in the current language (unknown columns kept)."""
    index = 1 if lang() == "en" else 0
    return frame.rename(columns={c: COLUMNS[c][index] for c in frame.columns if c in COLUMNS})
