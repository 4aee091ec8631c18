with

tasks as not materialized (
    select * from {{ ref('stg_jixiao_raw__department_tasks') }}
),

documents as not materialized (
    select * from {{ ref('dim_documents') }}
),

amounts as not materialized (
    select * from {{ ref('int_department_task_amounts') }}
),

final as (
    select
        md5(tasks.document_id || '|' || tasks.task_no || '|' || tasks.line_start) as department_budget_key,
        tasks.document_id as document_key,
        documents.agency_key,
        documents.fiscal_year,
        tasks.task_no,
        tasks.is_total,
        tasks.task_text,
        amounts.total_wan,
        amounts.basic_wan,
        amounts.project_wan,
        amounts.other_wan,
        amounts.total_ocr_confidence,
        tasks.line_start,
        tasks.line_end,
        tasks.location
    from tasks
    inner join documents
        on tasks.document_id = documents.document_key
    inner join amounts
        on tasks.task_row_key = amounts.task_row_key
)

select
    cast(department_budget_key as varchar) as department_budget_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(task_no as varchar) as task_no,
    cast(is_total as boolean) as is_total,
    cast(task_text as varchar) as task_text,
    cast(total_wan as decimal(18, 4)) as total_wan,
    cast(basic_wan as decimal(18, 4)) as basic_wan,
    cast(project_wan as decimal(18, 4)) as project_wan,
    cast(other_wan as decimal(18, 4)) as other_wan,
    cast(total_ocr_confidence as double) as total_ocr_confidence,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end,
    cast(location as varchar) as source_location
from final
