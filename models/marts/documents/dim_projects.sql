with

projects as not materialized (
    select * from {{ ref('stg_jixiao_raw__projects') }}
),

families as not materialized (
    select * from {{ ref('int_project_families') }}
),

final as (
    select
        projects.project_key,
        projects.document_id as document_key,
        coalesce(families.agency_key, 'unknown') as agency_key,
        families.fiscal_year,
        projects.table_no,
        projects.project_code,
        projects.project_name,
        families.project_family_key,
        families.family_name,
        projects.purpose,
        projects.goal_text,
        projects.title_raw,
        projects.line_start,
        projects.line_end,
        projects.location
    from projects
    inner join families
        on projects.project_key = families.project_key
)

select
    cast(project_key as varchar) as project_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(table_no as integer) as table_no,
    cast(project_code as varchar) as project_code,
    cast(project_name as varchar) as project_name,
    cast(project_family_key as varchar) as project_family_key,
    cast(family_name as varchar) as family_name,
    cast(purpose as varchar) as purpose,
    cast(goal_text as varchar) as goal_text,
    cast(title_raw as varchar) as title_raw,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end,
    cast(location as varchar) as source_location
from final
