with

source as not materialized (
    select * from {{ source('raw', 'document_texts') }}
),

renamed as (
    select
        document_id,
        text,
        len(string_split(text, chr(10))) as line_count
    from source
)

select * from renamed
