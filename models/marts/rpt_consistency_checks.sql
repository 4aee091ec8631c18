-- One row per consistency rule and subject (project, task, department column, self-evaluation,
-- indicator): what the document states (observed) beside what it should be (expected).
-- `jixiao check` judges these rows with Great Expectations (jixiao/checks.py); the judgement is
-- not made here. excess = |observed - expected| minus the rounding the document allows.
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

tasks as (
    select * from {{ ref('fct_department_budgets') }}
),

execution as (
    select * from {{ ref('fct_budget_execution') }}
),

targets as (
    select * from {{ ref('fct_indicator_targets') }}
),

results as (
    select * from {{ ref('fct_indicator_results') }}
),

budget_sum as (
    select
        'budget_sum' as rule_id, document_key, 'project' as subject_type, project_key as subject_key,
        project_name as subject_label,
        fiscal_wan + coalesce(other_wan, 0) as expected, budget_total_wan as observed, 0.005 as tolerance,
        null as value_kind, line_start, line_end
    from projects
    where budget_total_wan is not null and fiscal_wan is not null
),

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
),

department_column_total as (
    select
        'department_column_total', document_key, 'department_column', document_key || '|' || column_name,
        '合计·' || column_name, stated, summed, 0.005, null, line_start, line_start
    from department_columns
),

task_total as (
    select
        'task_total', document_key, 'task', department_budget_key, '任务' || task_no || '·' || task_text,
        basic_wan + project_wan + other_wan, total_wan, 0.005, null, line_start, line_end
    from tasks
    where not is_total and total_wan is not null
),

cost_targets as (
    select * from targets
    where level2_code = 'cost' and value_kind = 'money' and budget_wan is not null
        and coalesce(operator, '<=') in ('<=', '<', '=')
),

cost_within_budget as (
    select
        'cost_within_budget', document_key, 'indicator', indicator_target_key, indicator_name || ' ' || target_raw,
        budget_wan, value_number, 0, value_kind, line_start, line_end
    from cost_targets
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

cost_sum_within_budget as (
    select
        'cost_sum_within_budget', document_key, 'budget', subject_key, label, budget_wan, cost_sum, 0, null,
        line_start, line_end
    from cost_groups
    where n_costs > 1
),

cost_coverage as (
    select
        'cost_coverage', document_key, 'budget', subject_key, label,
        budget_wan * {{ var('cost_coverage_min_share') }}, cost_sum, 0, null, line_start, line_end
    from cost_groups
),

execution_rate as (
    select
        'execution_rate', document_key, 'document', document_key, '执行率 ' || execution_rate_raw,
        round(executed_wan / budget_full_year_wan * 100, 6), execution_rate_stated_pct,
        -- the stated rate is rounded to the decimals it shows
        0.5 * pow(10, -coalesce(length(regexp_extract(execution_rate_raw, '\.([0-9]+)', 1)), 0)) + 0.000001,
        null, line_start, line_start
    from execution
    where budget_full_year_wan > 0 and execution_rate_stated_pct is not null
),

score_within_weight as (
    select
        'score_within_weight', document_key, 'indicator', indicator_result_key, indicator_name,
        weight, score, 0, null, line_start, line_end
    from results
    where weight is not null and score is not null
),

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

weights_total as (
    select
        'weights_total', document_key, 'document', document_key, '指标分值与预算执行分值之和', weight_expected, weight_sum, 0.001, null,
        line_start, line_start
    from selfeval_totals
),

scores_total as (
    select
        'scores_total', document_key, 'document', document_key, '指标得分与预算执行得分之和', score_expected, score_sum, 0.001, null,
        line_start, line_start
    from selfeval_totals
    where score_expected is not null
),

percent_range as (
    select
        'percent_range', document_key, 'indicator', indicator_target_key, indicator_name || ' ' || target_raw,
        null, value_number, 0, value_kind, line_start, line_end
    from targets
    where value_kind = 'percent'
),

deadline_in_year as (
    select
        'deadline_in_year', document_key, 'indicator', indicator_target_key, indicator_name || ' ' || target_raw,
        fiscal_year, year(deadline_date), 0, value_kind, line_start, line_end
    from targets
    where deadline_date is not null and fiscal_year is not null
),

project_indicators as (
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

project_names as (
    select project_key, project_name from projects
),

all_level1 as (
    select
        'all_level1', project_indicators.document_key, 'project', project_indicators.project_key,
        project_names.project_name, 3, n_level1, 0, null, line_start, line_end
    from project_indicators
    inner join project_names using (project_key)
),

numeric_output as (
    select
        'numeric_output', project_indicators.document_key, 'project', project_indicators.project_key,
        project_names.project_name, 1, n_numeric_output, 0, null, line_start, line_end
    from project_indicators
    inner join project_names using (project_key)
),

indicator_values as (
    select
        'indicator_value', document_key, 'indicator', indicator_target_key,
        indicator_name || coalesce(' ' || nullif(trim(target_raw), ''), ''),
        null, null, 0, value_kind, line_start, line_end
    from targets
),

unioned as (
    select * from budget_sum
    union all select * from department_column_total
    union all select * from task_total
    union all select * from cost_within_budget
    union all select * from cost_sum_within_budget
    union all select * from cost_coverage
    union all select * from execution_rate
    union all select * from score_within_weight
    union all select * from weights_total
    union all select * from scores_total
    union all select * from percent_range
    union all select * from deadline_in_year
    union all select * from all_level1
    union all select * from numeric_output
    union all select * from indicator_values
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
