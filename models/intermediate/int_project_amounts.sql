-- One row per project table: its amounts in 万元 as the warehouse takes them. An amount read by
-- OCR below var('ocr_min_confidence') is kept as written (stg_jixiao_raw__projects) but gives no
-- number here (macros/ocr_confidence.sql); every other amount is the staging model's.
with

projects as not materialized (
    select * from {{ ref('stg_jixiao_raw__projects') }}
),

ocr as (
    {{ ocr_confidence(ref('stg_jixiao_raw__projects'), 'project_key', ['budget_total', 'fiscal', 'other']) }}
),

final as (
    select
        projects.project_key,
        case when not coalesce(ocr.is_budget_total_unsure, false) then projects.budget_total_wan end
            as budget_total_wan,
        case when not coalesce(ocr.is_fiscal_unsure, false) then projects.fiscal_wan end as fiscal_wan,
        case when not coalesce(ocr.is_other_unsure, false) then projects.other_wan end as other_wan,
        ocr.budget_total_confidence as budget_ocr_confidence
    from projects
    left join ocr
        on projects.project_key = ocr.project_key
)

select * from final
