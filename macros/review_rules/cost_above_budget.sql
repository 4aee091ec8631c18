{% macro review_rule__cost_above_budget() %}
select
    indicator_target_key as subject_key,
    format('成本指标「{}」为{}，超过预算{}万元。', indicator_name, target_raw, round(budget_wan, 2)) as message_zh,
    format('Cost "{}" is {}, above the budget of {} 万元.', indicator_name, target_raw, round(budget_wan, 2))
        as message_en,
    json_object('target', target_raw, 'value_wan', value_number, 'budget_wan', budget_wan) as evidence
from targets
where level2_code = 'cost' and value_kind = 'money' and value_number > budget_wan
{% endmacro %}
