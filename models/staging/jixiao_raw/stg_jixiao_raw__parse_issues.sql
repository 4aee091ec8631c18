with

source as not materialized (
    select * from {{ source('raw', 'parse_issues') }}
),

renamed as (
    select
        md5(
            document_id || '|' || row_number() over (partition by document_id order by line, severity, message)
        ) as issue_key,
        document_id,
        line,
        location,
        severity,
        message
    from source
)

select * from renamed
