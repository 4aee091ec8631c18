{% macro review_rule__target_added() %}
-- an indicator evaluated that its target table never published (fct_target_lineage)
select
    evaluated_indicator_target_key as subject_key,
    format(
        '「{}」（{}）未见于年初绩效目标表，为自评时新增。', evaluated_indicator_name, coalesce(evaluated_target_raw, '空')
    ) as message_zh,
    format(
        '"{}" ({}) is not in the published target table: added at the self-evaluation.', evaluated_indicator_name,
        coalesce(evaluated_target_raw, 'blank')
    ) as message_en,
    json_object('evaluated', evaluated_target_raw, 'target_document_key', target_document_key) as evidence
from lineage
where status = 'added'
{% endmacro %}
