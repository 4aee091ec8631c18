-- One row per indicator row: the budget it is set against, the project's 预算数 in project
-- tables or, in department documents, the 总额 of the task its goal serves (目标N -> 对应工作任务).
with

indicators as not materialized (
    select * from {{ ref('int_indicators_enriched') }}
),

projects as not materialized (
    select * from {{ ref('int_project_amounts') }}
),

goals as not materialized (
    select * from {{ ref('stg_jixiao_raw__goals') }}
    where goal_group = 'annual'
),

tasks as (
    select tasks.document_id, tasks.task_no, amounts.total_wan
    from {{ ref('stg_jixiao_raw__department_tasks') }} as tasks
    inner join {{ ref('int_department_task_amounts') }} as amounts
        on tasks.task_row_key = amounts.task_row_key
    where not tasks.is_total
),

goal_tasks as (
    -- one budget per goal: a goal written twice, or a task number twice, that names two different
    -- amounts has none
    select
        goals.document_id,
        try_cast(goals.goal_no as integer) as goal_no,
        case when count(distinct tasks.total_wan) = 1 then any_value(tasks.total_wan) end as total_wan
    from goals
    inner join tasks
        on goals.document_id = tasks.document_id
        and trim(goals.task_no_raw) = tasks.task_no
    group by 1, 2
),

final as (
    select
        indicators.indicator_row_key,
        coalesce(projects.budget_total_wan, goal_tasks.total_wan) as budget_wan,
        case
            when projects.project_key is not null then 'project'
            when goal_tasks.total_wan is not null then 'task'
        end as budget_source
    from indicators
    left join projects
        on indicators.project_key = projects.project_key
    left join goal_tasks
        on indicators.document_id = goal_tasks.document_id
        and indicators.goal_no = goal_tasks.goal_no
)

select * from final
