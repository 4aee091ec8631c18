{% macro review_rule__lax_zero_bound() %}
select
    indicator_target_key as subject_key,
    format('「{}」的目标值为{}，下限为零，不做任何工作也能达成。', indicator_name, target_raw) as message_zh,
    format('"{}" has the target {}: a floor of zero is met by doing nothing.', indicator_name, target_raw)
        as message_en,
    json_object('target', target_raw, 'value_number', value_number) as evidence
from targets
where operator in ('>=', '>') and value_number = 0 and value_kind in ('count', 'money', 'percent', 'rate')
{% endmacro %}
