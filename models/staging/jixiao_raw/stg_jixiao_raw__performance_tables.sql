with

source as not materialized (
    select * from {{ source('raw', 'performance_tables') }}
),

renamed as (
    select
        document_id,
        table_no,
        table_kind,
        nullif(trim(title_raw), '') as title_raw,
        line_start,
        line_end
    from source
)

select * from renamed
