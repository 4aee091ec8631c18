{% macro review_rule__lax_one_on_large_budget() %}
select
    indicator_target_key as subject_key,
    format('「{}」仅要求{}，而对应预算为{}万元。', indicator_name, target_raw, round(budget_wan, 2)) as message_zh,
    format('"{}" asks for only {} on a budget of {} 万元.', indicator_name, target_raw, round(budget_wan, 2))
        as message_en,
    json_object('target', target_raw, 'budget_wan', budget_wan) as evidence
from targets
where level2_code = 'quantity' and operator in ('>=', '>') and value_number = 1 and value_kind = 'count'
    and budget_wan >= {{ var('lax_one_min_budget_wan') }}
{% endmacro %}
