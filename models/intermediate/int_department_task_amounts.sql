-- One row per task row of a department budget table: its amounts in 万元 as the warehouse takes
-- them. An amount read by OCR below var('ocr_min_confidence') is kept as written
-- (stg_jixiao_raw__department_tasks) but gives no number here (macros/ocr_confidence.sql).
with

tasks as not materialized (
    select * from {{ ref('stg_jixiao_raw__department_tasks') }}
),

ocr as (
    {{ ocr_confidence(ref('stg_jixiao_raw__department_tasks'), 'task_row_key', ['total', 'basic', 'project', 'other']) }}
),

final as (
    select
        tasks.task_row_key,
        case when not coalesce(ocr.is_total_unsure, false) then tasks.total_wan end as total_wan,
        case when not coalesce(ocr.is_basic_unsure, false) then tasks.basic_wan end as basic_wan,
        case when not coalesce(ocr.is_project_unsure, false) then tasks.project_wan end as project_wan,
        case when not coalesce(ocr.is_other_unsure, false) then tasks.other_wan end as other_wan,
        ocr.total_confidence as total_ocr_confidence
    from tasks
    left join ocr
        on tasks.task_row_key = ocr.task_row_key
)

select * from final
