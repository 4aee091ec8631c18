{% macro consistency_rule__cost_within_budget() %}
select
    document_key, 'indicator' as subject_type, indicator_target_key as subject_key,
    indicator_name || ' ' || target_raw as subject_label, budget_wan as expected, value_number as observed,
    0 as tolerance, value_kind, line_start, line_end
from cost_targets
{% endmacro %}
