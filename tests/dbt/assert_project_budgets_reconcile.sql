-- Σ project budgets per document in the marts equals the raw figures read as numbers in 万元.
with

raw_budgets as (
    select
        document_id as document_key,
        count(*) as raw_projects,
        sum({{ to_wan('budget_total_raw', 'amount_unit_raw') }}) as raw_budget_wan
    from {{ source('raw', 'projects') }}
    group by 1
),

mart_budgets as (
    select document_key, count(*) as mart_projects, sum(budget_total_wan) as mart_budget_wan
    from {{ ref('fct_project_budgets') }}
    group by 1
)

select *
from raw_budgets
full outer join mart_budgets using (document_key)
where raw_projects is distinct from mart_projects
    or raw_budget_wan is distinct from mart_budget_wan
