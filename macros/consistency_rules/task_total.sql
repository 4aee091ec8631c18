{% macro consistency_rule__task_total() %}
select
    document_key, 'task' as subject_type, department_budget_key as subject_key,
    '任务' || task_no || '·' || task_text as subject_label,
    basic_wan + project_wan + other_wan as expected, total_wan as observed, 0.005 as tolerance, null as value_kind, line_start, line_end
from tasks
where not is_total and total_wan is not null
{% endmacro %}
