-- Every indicator row of raw is in the marts, per document: returns the documents that differ.
with

raw_counts as (
    select document_id as document_key, count(*) as raw_rows
    from {{ source('raw', 'indicators') }}
    group by 1
),

mart_counts as (
    select document_key, count(*) as mart_rows
    from {{ ref('fct_indicator_targets') }}
    group by 1
)

select *
from raw_counts
full outer join mart_counts using (document_key)
where raw_rows is distinct from mart_rows
