with

execution as not materialized (
    select * from {{ ref('stg_jixiao_raw__budget_execution') }}
),

documents as not materialized (
    select * from {{ ref('dim_documents') }}
),

-- amounts read by OCR below var('ocr_min_confidence') give no number (macros/ocr_confidence.sql)
ocr as (
    {{ ocr_confidence(
        ref('stg_jixiao_raw__budget_execution'), 'document_id',
        ['budget_initial', 'budget_full_year', 'executed', 'weight', 'score']
    ) }}
),

execution_read as (
    select
        execution.* replace (
            case when not coalesce(ocr.is_budget_initial_unsure, false) then execution.budget_initial_wan end
                as budget_initial_wan,
            case when not coalesce(ocr.is_budget_full_year_unsure, false) then execution.budget_full_year_wan end
                as budget_full_year_wan,
            case when not coalesce(ocr.is_executed_unsure, false) then execution.executed_wan end as executed_wan,
            case when not coalesce(ocr.is_weight_unsure, false) then execution.weight end as weight,
            case when not coalesce(ocr.is_score_unsure, false) then execution.score end as score
        ),
        least(ocr.budget_full_year_confidence, ocr.executed_confidence) as execution_ocr_confidence
    from execution
    left join ocr
        on execution.document_id = ocr.document_id
),

-- the project a self-evaluation of one project table evaluates
single_projects as (
    select document_key, any_value(project_key) as project_key
    from {{ ref('dim_projects') }}
    group by document_key
    having count(*) = 1
),

final as (
    select
        execution.document_id as document_key,
        single_projects.project_key,
        documents.agency_key,
        documents.fiscal_year,
        execution.budget_initial_wan,
        execution.budget_full_year_wan,
        execution.executed_wan,
        case when execution.budget_full_year_wan > 0
            then execution.executed_wan / execution.budget_full_year_wan * 100
        end as execution_rate_pct,
        execution.execution_rate_raw,
        execution.execution_rate_stated_pct,
        execution.weight,
        execution.score,
        execution.total_weight_stated,
        execution.total_score_stated,
        execution.execution_ocr_confidence,
        execution.line_start,
        execution.line_end,
        execution.location
    from execution_read as execution
    inner join documents
        on execution.document_id = documents.document_key
    left join single_projects
        on execution.document_id = single_projects.document_key
)

select
    cast(document_key as varchar) as document_key,
    cast(project_key as varchar) as project_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(budget_initial_wan as decimal(18, 4)) as budget_initial_wan,
    cast(budget_full_year_wan as decimal(18, 4)) as budget_full_year_wan,
    cast(executed_wan as decimal(18, 4)) as executed_wan,
    cast(execution_rate_pct as double) as execution_rate_pct,
    cast(execution_rate_raw as varchar) as execution_rate_raw,
    cast(execution_rate_stated_pct as double) as execution_rate_stated_pct,
    cast(weight as decimal(18, 4)) as weight,
    cast(score as decimal(18, 4)) as score,
    cast(total_weight_stated as decimal(18, 4)) as total_weight_stated,
    cast(total_score_stated as decimal(18, 4)) as total_score_stated,
    cast(execution_ocr_confidence as double) as execution_ocr_confidence,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end,
    cast(location as varchar) as source_location
from final
