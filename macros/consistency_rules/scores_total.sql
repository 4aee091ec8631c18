{% macro consistency_rule__scores_total() %}
select
    document_key, 'document' as subject_type, document_key as subject_key,
    '指标得分与预算执行得分之和' as subject_label, score_expected as expected, score_sum as observed,
    0.001 as tolerance, null as value_kind, line_start, line_start as line_end
from selfeval_totals
where score_expected is not null
{% endmacro %}
