{% macro consistency_rule__department_column_total() %}
with

department_columns as (
    select
        document_key,
        unnest(['总额', '基本支出', '项目支出', '其他资金']) as column_name,
        unnest([
            max(total_wan) filter (where is_total), max(basic_wan) filter (where is_total),
            max(project_wan) filter (where is_total), max(other_wan) filter (where is_total)
        ]) as stated,
        unnest([
            sum(total_wan) filter (where not is_total), sum(basic_wan) filter (where not is_total),
            sum(project_wan) filter (where not is_total), sum(other_wan) filter (where not is_total)
        ]) as summed,
        min(line_start) filter (where is_total) as line_start
    from tasks
    group by document_key
    having count(*) filter (where is_total) = 1
)

select
    document_key, 'department_column' as subject_type, document_key || '|' || column_name as subject_key,
    '合计·' || column_name as subject_label, stated as expected, summed as observed, 0.005 as tolerance,
    null as value_kind, line_start, line_start as line_end
from department_columns
{% endmacro %}
