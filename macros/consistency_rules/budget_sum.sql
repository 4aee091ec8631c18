{% macro consistency_rule__budget_sum() %}
select
    document_key, 'project' as subject_type, project_key as subject_key, project_name as subject_label,
    fiscal_wan + coalesce(other_wan, 0) as expected, budget_total_wan as observed, 0.005 as tolerance,
    null as value_kind, line_start, line_end
from projects
where budget_total_wan is not null and fiscal_wan is not null
{% endmacro %}
