with

source as not materialized (
    select * from {{ source('raw', 'department_tasks') }}
),

renamed as (
    select
        md5(document_id || '|' || task_no || '|' || line_start) as task_row_key,
        document_id,
        task_no,
        task_no = 'total' as is_total,
        task_text,
        total_raw,
        basic_raw,
        project_raw,
        other_raw,
        {{ to_number('total_raw') }} as total_wan,
        -- cells a PDF lost, or left blank, are zero
        coalesce({{ to_number('basic_raw') }}, 0) as basic_wan,
        coalesce({{ to_number('project_raw') }}, 0) as project_wan,
        coalesce({{ to_number('other_raw') }}, 0) as other_wan,
        line_start,
        line_end,
        location
    from source
)

select * from renamed
