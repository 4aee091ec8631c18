-- depends_on: {{ ref('consistency_rules') }}
-- One row per consistency check and subject (project, task, department column, self-evaluation,
-- indicator): what the document states (observed) beside what it should be (expected).
-- `jixiao check` judges these rows with Great Expectations (jixiao/checks.py), one expectation
-- per row of seed consistency_rules (its relation: =, <=, >=, 0-100, readable, not_blank); the
-- judgement is not made here. excess = |observed - expected| minus the rounding the document allows.
--
-- The checks are a registry: each seed row's rows come from the macro
-- consistency_rule__<checked_as, else rule_id> in macros/consistency_rules/, selecting from the
-- inputs below the columns document_key, subject_type, subject_key, subject_label, expected,
-- observed, tolerance, value_kind, line_start, line_end. Several rules may judge one set of rows
-- (blank_target and malformed_value both judge indicator_value's).
{%- set checks = registered_rules(
    "select distinct coalesce(nullif(checked_as, ''), rule_id) as id from " ~ ref('consistency_rules') ~ " order by 1",
    'consistency_rule__', 'consistency_rules'
) %}
with

projects as (
    select
        project_budgets.*,
        dim_projects.project_name,
        dim_projects.line_start,
        dim_projects.line_end
    from {{ ref('fct_project_budgets') }} as project_budgets
    inner join {{ ref('dim_projects') }} as dim_projects using (project_key)
),

tasks as not materialized (
    select * from {{ ref('fct_department_budgets') }}
),

execution as not materialized (
    select * from {{ ref('fct_budget_execution') }}
),

targets as not materialized (
    select * from {{ ref('fct_indicator_targets') }}
),

results as not materialized (
    select * from {{ ref('fct_indicator_results') }}
),

-- money cost targets with a budget to hold them against, and per project (or task) together
cost_targets as (
    select * from targets
    where level2_code = 'cost' and value_kind = 'money' and budget_wan is not null
        and coalesce(operator, '<=') in ('<=', '<', '=')
),

cost_groups as (
    select
        document_key,
        coalesce(project_key, document_key || '|goal' || goal_no) as subject_key,
        any_value(budget_wan) as budget_wan,
        sum(value_number) as cost_sum,
        count(*) as n_costs,
        string_agg(indicator_name || ' ' || target_raw, '；' order by row_no) as label,
        min(line_start) as line_start,
        max(line_end) as line_end
    from cost_targets
    group by 1, 2
),

-- a self-evaluation's weights and scores, stated and summed
selfeval_totals as (
    select
        execution.document_key,
        coalesce(execution.total_weight_stated, 100) as weight_expected,
        execution.total_score_stated as score_expected,
        coalesce(sum(results.weight), 0) + coalesce(any_value(execution.weight), 0) as weight_sum,
        coalesce(sum(results.score), 0) + coalesce(any_value(execution.score), 0) as score_sum,
        max(execution.line_end) as line_start
    from execution
    left join results
        on execution.document_key = results.document_key
    group by execution.document_key, execution.total_weight_stated, execution.total_score_stated
),

-- a project's indicators counted by what the rules ask of them
project_counts as (
    select
        project_key,
        any_value(document_key) as document_key,
        count(distinct level1_code) filter (where level1_code in ('output', 'effect', 'satisfaction')) as n_level1,
        -- a quantity (数量) target that counts something: a percentage is a rate, not an amount
        count(*) filter (where level2_code = 'quantity' and value_kind = 'count') as n_numeric_output,
        min(line_start) as line_start,
        max(line_end) as line_end
    from targets
    where project_key is not null
    group by project_key
),

project_indicators as (
    select
        project_counts.*,
        projects.project_name
    from project_counts
    inner join projects using (project_key)
),
{% for check in checks %}
check_{{ check.id }} as (
    select
        '{{ check.id }}' as rule_id,
        document_key, subject_type, subject_key, subject_label, expected, observed, tolerance, value_kind,
        line_start, line_end
    from (
{{ check.sql }}
    )
),
{% endfor %}
unioned as (
    {%- for check in checks %}
    select * from check_{{ check.id }}
    {%- if not loop.last %}
    union all{% endif %}
    {%- else %}
    select
        null as rule_id, null as document_key, null as subject_type, null as subject_key, null as subject_label,
        null as expected, null as observed, null as tolerance, null as value_kind, null as line_start,
        null as line_end
    where false
    {%- endfor %}
),

final as (
    select
        md5(rule_id || '|' || subject_key) as check_key,
        rule_id,
        document_key,
        subject_type,
        subject_key,
        subject_label,
        cast(expected as double) as expected,
        cast(observed as double) as observed,
        cast(abs(observed - expected) - tolerance as double) as excess,
        value_kind,
        line_start,
        line_end
    from unioned
)

select * from final
