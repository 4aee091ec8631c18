-- Every raw indicator row with an actual value is a row of fct_indicator_results.
select raw.document_id, count(*) as raw_rows, count(results.indicator_result_key) as result_rows
from {{ source('raw', 'indicators') }} as raw
left join {{ ref('fct_indicator_results') }} as results
    on md5(raw.document_id || '|' || raw.table_no || '|' || raw.row_no) = results.indicator_result_key
where raw.actual_raw is not null
group by raw.document_id
having count(*) <> count(results.indicator_result_key)
