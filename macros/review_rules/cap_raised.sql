{% macro review_rule__cap_raised() %}
select
    indicator_target_key as subject_key,
    format('「{}」上限由{}（{}年）上调为{}（{}年）。', indicator_name, previous_target_raw, previous_fiscal_year,
        target_raw, fiscal_year) as message_zh,
    format('"{}" cap raised from {} ({}) to {} ({}).', indicator_name, previous_target_raw, previous_fiscal_year,
        target_raw, fiscal_year) as message_en,
    json_object('target', target_raw, 'previous_target', previous_target_raw) as evidence
from year_over_year
where target_change_direction = 'raised' and value_kind = 'rate' and operator in ('<=', '<')
{% endmacro %}
