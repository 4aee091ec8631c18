-- Every raw indicator row with an actual value is a row of fct_indicator_results: returns the
-- documents whose counts differ.
with

raw_counts as (
    select document_id as document_key, count(*) as raw_rows
    from {{ source('raw', 'indicators') }}
    where actual_raw is not null
    group by 1
),

result_counts as (
    select document_key, count(*) as result_rows
    from {{ ref('fct_indicator_results') }}
    group by 1
)

select *
from raw_counts
full outer join result_counts using (document_key)
where raw_rows is distinct from result_rows
