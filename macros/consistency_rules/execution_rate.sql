{% macro consistency_rule__execution_rate() %}
select
    document_key, 'document' as subject_type, document_key as subject_key,
    '执行率 ' || execution_rate_raw as subject_label,
    round(executed_wan / budget_full_year_wan * 100, 6) as expected, execution_rate_stated_pct as observed,
    -- the stated rate is rounded to the decimals it shows
    0.5 * pow(10, -coalesce(length(regexp_extract(execution_rate_raw, '\.([0-9]+)', 1)), 0)) + 0.000001
        as tolerance,
    null as value_kind, line_start, line_start as line_end
from execution
where budget_full_year_wan > 0 and execution_rate_stated_pct is not null
{% endmacro %}
