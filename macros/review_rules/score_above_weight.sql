{% macro review_rule__score_above_weight() %}
select
    indicator_result_key as subject_key,
    format('「{}」得分{}超过分值{}。', indicator_name, score_raw, weight_raw) as message_zh,
    format('"{}" scored {}, above its weight {}.', indicator_name, score_raw, weight_raw) as message_en,
    json_object('weight', weight, 'score', score) as evidence
from results
where score > weight
{% endmacro %}
