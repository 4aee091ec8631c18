-- One row per project table, per department document, and per other document with flags of its
-- own (a document flag of a one-project document is its project's), ranked for review: a risk
-- score from its flags (Σ severity²) weighted by the size of its budget (× (1 + log10(1 + 万元))).
with

flags as not materialized (
    select * from {{ ref('fct_target_flags') }}
),

projects as not materialized (
    select * from {{ ref('dim_projects') }}
),

project_budgets as not materialized (
    select * from {{ ref('fct_project_budgets') }}
),

documents as not materialized (
    select * from {{ ref('dim_documents') }}
),

department_budgets as (
    select document_key, max(total_wan) filter (where is_total) as total_wan
    from {{ ref('fct_department_budgets') }}
    group by document_key
),

execution as not materialized (
    select * from {{ ref('fct_budget_execution') }}
),

agencies as not materialized (
    select * from {{ ref('dim_agencies') }}
),

target_grades as not materialized (
    select * from {{ ref('rpt_target_table_grades') }}
),

items as (
    select
        projects.project_key as review_subject_key,
        'project' as subject_type,
        projects.project_key,
        projects.document_key,
        projects.agency_key,
        projects.fiscal_year,
        projects.project_name as title,
        -- a project's self-evaluation states its budget in the execution block (全年预算数)
        coalesce(project_budgets.budget_total_wan, project_execution.budget_full_year_wan) as budget_wan
    from projects
    inner join project_budgets
        on projects.project_key = project_budgets.project_key
    left join execution as project_execution
        on projects.project_key = project_execution.project_key
    union all
    select
        documents.document_key,
        'document',
        null,
        documents.document_key,
        documents.agency_key,
        documents.fiscal_year,
        concat_ws(' ', agencies.agency_name, documents.fiscal_year || '年', coalesce(documents.title_raw, documents.file_name)),
        coalesce(department_budgets.total_wan, execution.budget_full_year_wan)
    from documents
    inner join agencies
        on documents.agency_key = agencies.agency_key
    left join department_budgets
        on documents.document_key = department_budgets.document_key
    left join execution
        on documents.document_key = execution.document_key
    where documents.doc_type in ('department_targets', 'department_selfeval')
        or documents.document_key in (select document_key from flags where project_key is null)
),

flag_totals as (
    select
        coalesce(project_key, document_key) as review_subject_key,
        count(*) as n_flags,
        count(*) filter (where severity = 3) as n_high,
        sum(severity * severity) as flag_points,
        string_agg(distinct rule_name_zh, '、' order by rule_name_zh) as rules_zh,
        string_agg(distinct rule_name_en, '; ' order by rule_name_en) as rules_en,
        min(line_start) as first_flag_line
    from flags
    group by 1
),

scored as (
    select
        items.*,
        coalesce(flag_totals.n_flags, 0) as n_flags,
        coalesce(flag_totals.n_high, 0) as n_high_severity_flags,
        coalesce(flag_totals.flag_points, 0) as flag_points,
        coalesce(flag_totals.flag_points, 0) * (1 + log10(1 + coalesce(items.budget_wan, 0))) as risk_score,
        flag_totals.rules_zh,
        flag_totals.rules_en,
        flag_totals.first_flag_line,
        target_grades.grade as target_grade
    from items
    left join flag_totals
        on items.review_subject_key = flag_totals.review_subject_key
    left join target_grades
        on items.review_subject_key = target_grades.review_subject_key
),

final as (
    select
        *,
        -- the subject key last: ties (the same score, budget and title) rank the same in every build
        row_number() over (order by risk_score desc, budget_wan desc nulls last, title, review_subject_key) as review_rank
    from scored
)

select
    cast(review_subject_key as varchar) as review_subject_key,
    cast(review_rank as integer) as review_rank,
    cast(subject_type as varchar) as subject_type,
    cast(project_key as varchar) as project_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(title as varchar) as title,
    cast(budget_wan as decimal(18, 4)) as budget_wan,
    cast(n_flags as integer) as n_flags,
    cast(n_high_severity_flags as integer) as n_high_severity_flags,
    cast(flag_points as integer) as flag_points,
    cast(risk_score as double) as risk_score,
    cast(rules_zh as varchar) as rules_zh,
    cast(rules_en as varchar) as rules_en,
    cast(first_flag_line as integer) as first_flag_line,
    cast(target_grade as varchar) as target_grade
from final
