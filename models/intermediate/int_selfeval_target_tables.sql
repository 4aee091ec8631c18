-- One row per self-evaluated table (a project's self-evaluation, or a department's): the target
-- table of the same agency and fiscal year it evaluates. A project is matched by its project
-- code, else by its name without the year, else by its family (the name without a -中央
-- suffix); a department self-evaluation by the department's target document. Where several
-- target tables match equally well, none is chosen and the reason says so.
with

documents as (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

agencies as (
    select * from {{ ref('int_agencies_parsed') }}
),

projects as (
    select
        families.project_key,
        families.document_id,
        families.agency_key,
        families.fiscal_year,
        families.name_without_year,
        families.project_family_key,
        nullif(trim(raw_projects.project_code), '') as project_code
    from {{ ref('int_project_families') }} as families
    inner join {{ ref('stg_jixiao_raw__projects') }} as raw_projects
        on families.project_key = raw_projects.project_key
),

-- the tables whose indicators a self-evaluation should carry over: a project's, or a department
-- document's
tables as (
    select
        projects.project_key as table_key,
        'project' as table_type,
        projects.document_id,
        projects.project_key,
        documents.doc_type,
        projects.agency_key,
        projects.fiscal_year,
        projects.project_code,
        projects.name_without_year,
        projects.project_family_key
    from projects
    inner join documents
        on projects.document_id = documents.document_id
    where documents.doc_type in ('project_targets', 'project_selfeval')

    union all

    select
        documents.document_id as table_key,
        'department' as table_type,
        documents.document_id,
        null as project_key,
        documents.doc_type,
        agencies.agency_key,
        documents.fiscal_year,
        null as project_code,
        null as name_without_year,
        null as project_family_key
    from documents
    left join agencies
        on documents.document_id = agencies.document_id
        and documents.agency_raw = agencies.agency_raw
    where documents.doc_type in ('department_targets', 'department_selfeval')
),

selfevals as (
    select * from tables where doc_type in ('project_selfeval', 'department_selfeval')
),

targets as (
    select * from tables where doc_type in ('project_targets', 'department_targets')
),

candidates as (
    select
        selfevals.table_key as selfeval_table_key,
        targets.table_key as target_table_key,
        targets.document_id as target_document_id,
        targets.project_key as target_project_key,
        case
            when selfevals.table_type = 'department' then 'department'
            when selfevals.project_code = targets.project_code then 'project_code'
            when selfevals.name_without_year = targets.name_without_year then 'project_name'
            when selfevals.project_family_key = targets.project_family_key then 'project_family'
        end as match_method
    from selfevals
    inner join targets
        on selfevals.agency_key = targets.agency_key
        and selfevals.fiscal_year = targets.fiscal_year
        and selfevals.table_type = targets.table_type
),

ranked as (
    select
        *,
        case match_method when 'project_family' then 3 when 'project_name' then 2 else 1 end as match_rank
    from candidates
    where match_method is not null
),

best as (
    select
        selfeval_table_key,
        min(match_rank) as match_rank,
        count(*) filter (where match_rank = best_rank) as n_best
    from (select *, min(match_rank) over (partition by selfeval_table_key) as best_rank from ranked)
    group by selfeval_table_key
),

chosen as (
    select ranked.*
    from ranked
    inner join best
        on ranked.selfeval_table_key = best.selfeval_table_key
        and ranked.match_rank = best.match_rank
    where best.n_best = 1
),

final as (
    select
        selfevals.table_key as selfeval_table_key,
        selfevals.table_type,
        selfevals.document_id as selfeval_document_id,
        selfevals.project_key as selfeval_project_key,
        selfevals.agency_key,
        selfevals.fiscal_year,
        chosen.target_table_key,
        chosen.target_document_id,
        chosen.target_project_key,
        coalesce(chosen.match_method, 'none') as match_method,
        case
            when chosen.match_method is not null then null
            when best.n_best > 1 then format('{} target tables of the year match equally well', best.n_best)
            when selfevals.agency_key is null or selfevals.fiscal_year is null
                then 'the self-evaluation names no agency or fiscal year'
            else 'no target table of the agency and year in the warehouse'
        end as unmatched_reason
    from selfevals
    left join chosen
        on selfevals.table_key = chosen.selfeval_table_key
    left join best
        on selfevals.table_key = best.selfeval_table_key
)

select * from final
