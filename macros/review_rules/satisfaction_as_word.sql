{% macro review_rule__satisfaction_as_word() %}
select
    indicator_target_key as subject_key,
    format('满意度指标「{}」的目标值为「{}」，不是可衡量的比例。', indicator_name, target_raw) as message_zh,
    format('Satisfaction "{}" has the target "{}", not a measurable share.', indicator_name, target_raw)
        as message_en,
    json_object('target', target_raw) as evidence
from targets
where level1_code = 'satisfaction' and value_kind = 'qualitative'
{% endmacro %}
