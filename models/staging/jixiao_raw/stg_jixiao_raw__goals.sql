with

source as not materialized (
    select * from {{ source('raw', 'goals') }}
),

renamed as (
    select
        document_id,
        goal_group,
        goal_no,
        md5(document_id || '|' || goal_group || '|' || goal_no || '|' || line_start) as goal_row_key,
        goal_text,
        task_no_raw,
        actual_text,
        deviation_reason_raw,
        line_start,
        line_end,
        location
    from source
)

select * from renamed
