{% macro consistency_rule__cost_coverage() %}
select
    document_key, 'budget' as subject_type, subject_key, label as subject_label,
    budget_wan * {{ var('cost_coverage_min_share') }} as expected, cost_sum as observed, 0 as tolerance,
    null as value_kind, line_start, line_end
from cost_groups
{% endmacro %}
