with

texts as not materialized (
    select * from {{ ref('stg_jixiao_raw__document_texts') }}
),

final as (
    select
        document_id as document_key,
        text,
        line_count
    from texts
)

select
    cast(document_key as varchar) as document_key,
    cast(text as varchar) as text,
    cast(line_count as integer) as line_count
from final
