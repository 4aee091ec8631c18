{% macro review_rule__target_lowered() %}
-- related: last year's row, where the higher target is written
select
    indicator_target_key as subject_key,
    format(
        '「{}」目标由{}（{}年）下调为{}（{}年）{}。', indicator_name, previous_target_raw, previous_fiscal_year,
        target_raw, fiscal_year,
        case
            when previous_is_met then '，而上年实际已达成'
            else format('，而预算由{}万元增至{}万元', round(previous_budget_wan, 2), round(budget_wan, 2))
        end
    ) as message_zh,
    format(
        '"{}" lowered from {} ({}) to {} ({}){}.', indicator_name, previous_target_raw, previous_fiscal_year,
        target_raw, fiscal_year,
        case
            when previous_is_met then ' although last year''s actual met it'
            else format(' while its budget rose from {} to {} 万元', round(previous_budget_wan, 2), round(budget_wan, 2))
        end
    ) as message_en,
    json_object(
        'target', target_raw, 'previous_target', previous_target_raw, 'budget_wan', budget_wan,
        'previous_budget_wan', previous_budget_wan, 'previous_actual', previous_actual_number
    ) as evidence,
    previous_document_key as related_document_key,
    previous_line_start as related_line_start,
    previous_line_end as related_line_end
from year_over_year
where target_change_direction = 'lowered'
    and coalesce(operator, '>=') in ('>=', '>', '=') and coalesce(previous_operator, '>=') in ('>=', '>', '=')
    and (previous_is_met or budget_wan > previous_budget_wan)
{% endmacro %}
