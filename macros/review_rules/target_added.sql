{% macro review_rule__target_added() %}
-- an indicator evaluated that its target table never published (fct_target_lineage). Related: the
-- target table it is missing from (its first to its last row)
with

target_tables as (
    select
        coalesce(project_key, document_key) as table_key,
        min(line_start) as line_start,
        max(line_end) as line_end
    from targets
    group by 1
)

select
    evaluated_indicator_target_key as subject_key,
    format(
        '「{}」（{}）未见于年初绩效目标表，为自评时新增。', evaluated_indicator_name, coalesce(evaluated_target_raw, '空')
    ) as message_zh,
    format(
        '"{}" ({}) is not in the published target table: added at the self-evaluation.', evaluated_indicator_name,
        coalesce(evaluated_target_raw, 'blank')
    ) as message_en,
    json_object('evaluated', evaluated_target_raw, 'target_document_key', target_document_key) as evidence,
    lineage.target_document_key as related_document_key,
    target_tables.line_start as related_line_start,
    target_tables.line_end as related_line_end
from lineage
left join target_tables
    on coalesce(lineage.target_project_key, lineage.target_document_key) = target_tables.table_key
where lineage.status = 'added'
{% endmacro %}
