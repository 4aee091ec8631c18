{% macro review_rule__satisfaction_always_full() %}
with

satisfaction_rows as (
    select
        document_key,
        count(*) as n_rows,
        count(*) filter (where actual_kind = 'percent' and actual_number >= 100) as n_full,
        min(line_start) as line_start
    from results
    where level1_code = 'satisfaction'
    group by document_key
)

select
    document_key as subject_key,
    format('满意度指标{}行中有{}行实际完成为100%。', n_rows, n_full) as message_zh,
    format('{} of {} satisfaction rows report exactly 100%.', n_full, n_rows) as message_en,
    json_object('rows', n_rows, 'full', n_full) as evidence,
    line_start
from satisfaction_rows
where n_rows >= {{ var('satisfaction_min_rows') }}
    and n_full >= {{ var('satisfaction_full_share') }} * n_rows
{% endmacro %}
