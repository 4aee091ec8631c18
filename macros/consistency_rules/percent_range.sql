{% macro consistency_rule__percent_range() %}
select
    document_key, 'indicator' as subject_type, indicator_target_key as subject_key,
    indicator_name || ' ' || target_raw as subject_label, null as expected, value_number as observed,
    0 as tolerance, value_kind, line_start, line_end
from targets
where value_kind = 'percent'
{% endmacro %}
