{% macro review_rule__unmeasurable_target() %}
select
    indicator_target_key as subject_key,
    format('{}「{}」的目标值「{}」是文字，无法衡量。', level2_raw, indicator_name, target_raw) as message_zh,
    format('{} "{}" has the target "{}", words that cannot be measured.', level2_raw, indicator_name, target_raw)
        as message_en,
    json_object('target', target_raw, 'level2', level2_raw) as evidence
from targets
where level2_code in ('quantity', 'quality', 'cost') and value_kind = 'qualitative'
{% endmacro %}
