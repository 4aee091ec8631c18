{% macro review_rule__malformed_target() %}
select
    indicator_target_key as subject_key,
    format('「{}」的目标值「{}」无法解析为指标值。', indicator_name, target_raw) as message_zh,
    format('"{}" has the target "{}", which cannot be read as a target.', indicator_name, target_raw) as message_en,
    json_object('target', target_raw) as evidence
from targets
where value_kind = 'malformed'
{% endmacro %}
