{% macro review_rule__target_dropped() %}
-- published indicators a self-evaluation leaves out (fct_target_lineage), one flag per
-- self-evaluation naming them all
select
    selfeval_document_key as subject_key,
    format(
        '年初绩效目标表中的{}项指标未在自评表中评价：{}。', count(*),
        string_agg(format('「{}」（{}）', planned_indicator_name, coalesce(planned_target_raw, '')), '、' order by position)
    ) as message_zh,
    format(
        '{} published indicators are not evaluated: {}.', count(*),
        string_agg(format('"{}" ({})', planned_indicator_name, coalesce(planned_target_raw, '')), ', ' order by position)
    ) as message_en,
    json_object(
        'dropped', list(json_object('indicator', planned_indicator_name, 'target', planned_target_raw,
            'target_line', planned_line_start) order by position),
        'target_document_key', any_value(target_document_key)
    ) as evidence,
    min(evaluated_line_start_of_table) as line_start
from (
    select
        *,
        min(evaluated_line_start) over (partition by selfeval_document_key, selfeval_project_key) as evaluated_line_start_of_table
    from lineage
)
where status = 'dropped'
group by selfeval_document_key
{% endmacro %}
