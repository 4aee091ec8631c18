{% macro consistency_rule__numeric_output() %}
select
    document_key, 'project' as subject_type, project_key as subject_key, project_name as subject_label,
    1 as expected, n_numeric_output as observed, 0 as tolerance, null as value_kind, line_start, line_end
from project_indicators
{% endmacro %}
