{% macro consistency_rule__weights_total() %}
select
    document_key, 'document' as subject_type, document_key as subject_key,
    '指标分值与预算执行分值之和' as subject_label, weight_expected as expected, weight_sum as observed,
    0.001 as tolerance, null as value_kind, line_start, line_start as line_end
from selfeval_totals
{% endmacro %}
