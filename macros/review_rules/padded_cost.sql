{% macro review_rule__padded_cost() %}
select
    indicator_result_key as subject_key,
    format('成本指标「{}」上限{}，实际仅{}，为上限的{}%。', indicator_name, target_raw, actual_raw,
        round(100 * achievement_ratio, 1)) as message_zh,
    format('Cost "{}": cap {}, actual only {}, {}% of the cap.', indicator_name, target_raw, actual_raw,
        round(100 * achievement_ratio, 1)) as message_en,
    json_object('target', target_raw, 'actual', actual_raw, 'ratio', achievement_ratio) as evidence
from results
where level2_code = 'cost' and value_kind = 'money' and operator in ('<=', '<') and is_scored
    and achievement_ratio <= {{ var('padded_cost_ratio') }}
{% endmacro %}
