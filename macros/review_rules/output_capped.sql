{% macro review_rule__output_capped() %}
select
    indicator_target_key as subject_key,
    format('产出数量「{}」的目标值{}设了上限而非下限。', indicator_name, target_raw) as message_zh,
    format('The output quantity "{}" is capped from above ({}) instead of set as a floor.', indicator_name, target_raw)
        as message_en,
    json_object('target', target_raw, 'operator', operator) as evidence
from targets
where level2_code = 'quantity' and operator in ('<=', '<') and value_kind = 'count'
{% endmacro %}
