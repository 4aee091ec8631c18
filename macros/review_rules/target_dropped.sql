{% macro review_rule__target_dropped() %}
-- published indicators a self-evaluation leaves out (fct_target_lineage), one flag per
-- self-evaluation naming them all. Related, when they are of one target table: its document and
-- the lines from the first to the last row left out
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
    min(evaluated_line_start_of_table) as line_start,
    if(count(distinct target_table_key) = 1, any_value(target_document_key), null) as related_document_key,
    if(count(distinct target_table_key) = 1, min(published_line_start), null) as related_line_start,
    if(count(distinct target_table_key) = 1, max(published_line_end), null) as related_line_end
from (
    select
        lineage.*,
        coalesce(lineage.target_project_key, lineage.target_document_key) as target_table_key,
        published.line_start as published_line_start,
        published.line_end as published_line_end,
        min(lineage.evaluated_line_start) over (
            partition by lineage.selfeval_document_key, lineage.selfeval_project_key
        ) as evaluated_line_start_of_table
    from lineage
    left join targets as published
        on lineage.planned_indicator_target_key = published.indicator_target_key
)
where status = 'dropped'
group by selfeval_document_key
{% endmacro %}
