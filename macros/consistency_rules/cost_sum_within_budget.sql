{% macro consistency_rule__cost_sum_within_budget() %}
select
    document_key, 'budget' as subject_type, subject_key, label as subject_label, budget_wan as expected,
    cost_sum as observed, 0 as tolerance, null as value_kind, line_start, line_end
from cost_groups
where n_costs > 1
{% endmacro %}
