{% macro review_rule__overshoot_without_reason() %}
with

-- a floor overshot by var overshoot_ratio or more (or a target of 0 by an actual of at least var
-- overshoot_zero_target_actual): the evaluation must say why (偏差原因)
overshoots as (
    select
        *,
        deviation_reason is null or regexp_matches(trim(deviation_reason), '^(无|暂无|否|/|-+|—+)?$') as no_reason,
        coalesce(is_scored and weight > 0 and score >= weight, false) as full_marks
    from results
    where operator in ('>=', '>')
        and actual_number is not null
        and value_kind in ('count', 'money', 'percent', 'rate')
        and (
            (value_number > 0 and achievement_ratio >= {{ var('overshoot_ratio') }})
            or (value_number = 0 and actual_number >= {{ var('overshoot_zero_target_actual') }})
        )
)

select
    indicator_result_key as subject_key,
    format(
        '「{}」目标{}，实际完成{}（{}），{}：大幅超出目标应说明偏差原因。', indicator_name, target_raw, actual_raw,
        if(value_number > 0, format('为目标的{}%', cast(round(100 * achievement_ratio) as integer)), '目标为0'),
        case
            when no_reason and full_marks then format('未说明原因且得满分{}', score_raw)
            when no_reason then '未说明原因'
            else format('得满分{}', score_raw)
        end
    ) as message_zh,
    format(
        '"{}": target {}, actual {} ({}), {}: an overshoot this large must be explained.', indicator_name,
        target_raw, actual_raw,
        if(value_number > 0, format('{}% of the target', cast(round(100 * achievement_ratio) as integer)), 'a target of 0'),
        case
            when no_reason and full_marks then format('no reason given and full marks {}', score_raw)
            when no_reason then 'no reason given'
            else format('full marks {}', score_raw)
        end
    ) as message_en,
    json_object(
        'target', target_raw, 'actual', actual_raw, 'ratio', achievement_ratio, 'deviation_reason', deviation_reason,
        'score', score, 'weight', weight
    ) as evidence
from overshoots
where no_reason or full_marks
{% endmacro %}
