with

projects as not materialized (
    select * from {{ ref('dim_projects') }}
),

budgets as not materialized (
    select * from {{ ref('stg_jixiao_raw__projects') }}
),

amounts as not materialized (
    select * from {{ ref('int_project_amounts') }}
),

final as (
    select
        projects.project_key,
        projects.document_key,
        projects.agency_key,
        projects.fiscal_year,
        amounts.budget_total_wan,
        amounts.fiscal_wan,
        amounts.other_wan,
        amounts.budget_ocr_confidence,
        budgets.budget_total_raw,
        budgets.fiscal_raw,
        budgets.other_raw,
        budgets.spend_plan_periods,
        budgets.spend_plan_pct
    from projects
    inner join budgets
        on projects.project_key = budgets.project_key
    inner join amounts
        on projects.project_key = amounts.project_key
)

select
    cast(project_key as varchar) as project_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(budget_total_wan as decimal(18, 4)) as budget_total_wan,
    cast(fiscal_wan as decimal(18, 4)) as fiscal_wan,
    cast(other_wan as decimal(18, 4)) as other_wan,
    cast(budget_ocr_confidence as double) as budget_ocr_confidence,
    cast(budget_total_raw as varchar) as budget_total_raw,
    cast(fiscal_raw as varchar) as fiscal_raw,
    cast(other_raw as varchar) as other_raw,
    cast(spend_plan_periods as varchar[]) as spend_plan_periods,
    cast(spend_plan_pct as double[]) as spend_plan_pct
from final
