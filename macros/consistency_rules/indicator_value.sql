{% macro consistency_rule__indicator_value() %}
-- every target's value as read: judged by blank_target and malformed_value (seed checked_as)
select
    document_key, 'indicator' as subject_type, indicator_target_key as subject_key,
    indicator_name || coalesce(' ' || nullif(trim(target_raw), ''), '') as subject_label,
    null as expected, null as observed, 0 as tolerance, value_kind, line_start, line_end
from targets
{% endmacro %}
