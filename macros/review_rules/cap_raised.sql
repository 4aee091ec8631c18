{% macro review_rule__cap_raised() %}
-- related: last year's row, where the lower cap is written
select
    indicator_target_key as subject_key,
    format('「{}」上限由{}（{}年）上调为{}（{}年）。', indicator_name, previous_target_raw, previous_fiscal_year,
        target_raw, fiscal_year) as message_zh,
    format('"{}" cap raised from {} ({}) to {} ({}).', indicator_name, previous_target_raw, previous_fiscal_year,
        target_raw, fiscal_year) as message_en,
    json_object('target', target_raw, 'previous_target', previous_target_raw) as evidence,
    previous_document_key as related_document_key,
    previous_line_start as related_line_start,
    previous_line_end as related_line_end
from year_over_year
where target_change_direction = 'raised' and value_kind = 'rate' and operator in ('<=', '<')
{% endmacro %}
