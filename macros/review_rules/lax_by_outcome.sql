{% macro review_rule__lax_by_outcome() %}
select
    indicator_result_key as subject_key,
    format('「{}」目标{}，实际完成{}，为目标的{}倍。', indicator_name, target_raw, actual_raw, round(achievement_ratio, 1))
        as message_zh,
    format('"{}": target {}, actual {}, {} times the target.', indicator_name, target_raw, actual_raw,
        round(achievement_ratio, 1)) as message_en,
    json_object('target', target_raw, 'actual', actual_raw, 'ratio', achievement_ratio) as evidence
from results
where operator in ('>=', '>') and value_kind = 'count' and value_number > 0
    and achievement_ratio >= {{ var('lax_outcome_ratio') }}
{% endmacro %}
