{% macro review_rule__target_changed() %}
-- a self-evaluation that evaluates another target than the one its target table published
-- (fct_target_lineage): another value, unit, comparison, deadline or wording. Related: the
-- published row in the year's target table
select
    evaluated_indicator_target_key as subject_key,
    format(
        '「{}」年初目标为{}，自评表中为{}{}。', coalesce(planned_indicator_name, evaluated_indicator_name),
        coalesce(planned_target_raw, '（空）'), coalesce(evaluated_target_raw, '（空）'),
        case change_direction when 'easier' then '，目标被放宽' when 'harder' then '，目标被提高' else '' end
    ) as message_zh,
    format(
        '"{}": published as {}, evaluated against {}{}.', coalesce(planned_indicator_name, evaluated_indicator_name),
        coalesce(planned_target_raw, '(blank)'), coalesce(evaluated_target_raw, '(blank)'),
        case change_direction when 'easier' then ', an easier target' when 'harder' then ', a harder target' else '' end
    ) as message_en,
    json_object(
        'published', planned_target_raw, 'evaluated', evaluated_target_raw, 'change', change,
        'direction', change_direction, 'target_document_key', target_document_key,
        'target_line', planned_line_start
    ) as evidence,
    lineage.target_document_key as related_document_key,
    published.line_start as related_line_start,
    published.line_end as related_line_end
from lineage
left join targets as published
    on lineage.planned_indicator_target_key = published.indicator_target_key
where lineage.status = 'changed'
{% endmacro %}
