{% macro consistency_rule__score_within_weight() %}
select
    document_key, 'indicator' as subject_type, indicator_result_key as subject_key, indicator_name as subject_label,
    weight as expected, score as observed, 0 as tolerance, null as value_kind, line_start, line_end
from results
where weight is not null and score is not null
{% endmacro %}
