with

source as (
    select * from {{ source('raw', 'parse_issues') }}
),

renamed as (
    select
        document_id,
        line,
        severity,
        message
    from source
)

select * from renamed
