{% macro review_rule__full_score_target_missed() %}
select
    indicator_result_key as subject_key,
    format('「{}」目标{}未达成（实际{}），仍得满分{}。', indicator_name, target_raw, actual_raw, score_raw) as message_zh,
    format('"{}" missed its target {} (actual {}) yet scored the full {}.', indicator_name, target_raw, actual_raw,
        score_raw) as message_en,
    json_object('target', target_raw, 'actual', actual_raw, 'weight', weight, 'score', score) as evidence
from results
where is_met = false and is_scored and score >= weight and weight > 0
{% endmacro %}
