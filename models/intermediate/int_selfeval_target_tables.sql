-- One row per self-evaluated table (a project's self-evaluation, or a department's; each table
-- typed by its own kind, so a budget book's tables count as what they are): the target table of
-- the same agency and fiscal year it evaluates. A project is matched by its project
-- code, else by its name without the year, else by its family (the name without a -中央
-- suffix); a department self-evaluation by the department's target document. Where several
-- target tables match equally well, none is chosen and the reason says so.
with

documents as not materialized (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

agencies as not materialized (
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
        raw_projects.table_no,
        raw_projects.project_code
    from {{ ref('int_project_families') }} as families
    inner join {{ ref('stg_jixiao_raw__projects') }} as raw_projects
        on families.project_key = raw_projects.project_key
),

table_kinds as not materialized (
    select * from {{ ref('stg_jixiao_raw__performance_tables') }}
),

-- the indicators each table holds: a project's, or a department document's (those of no project)
indicator_counts as (
    select coalesce(projects.project_key, indicators.document_id) as table_key, count(*) as n_indicators
    from {{ ref('stg_jixiao_raw__indicators') }} as indicators
    left join projects
        on indicators.document_id = projects.document_id
        and indicators.table_no = projects.table_no
    group by 1
),

-- the tables whose indicators a self-evaluation should carry over: a project's (of the kind its
-- own table is, else its document's: a budget book holds several kinds), or a department
-- document's (its department tables together)
tables as (
    select
        projects.project_key as table_key,
        'project' as table_type,
        projects.document_id,
        projects.project_key,
        coalesce(table_kinds.table_kind, documents.doc_type) as table_kind,
        projects.agency_key,
        projects.fiscal_year,
        projects.project_code,
        projects.name_without_year,
        projects.project_family_key
    from projects
    inner join documents
        on projects.document_id = documents.document_id
    left join table_kinds
        on projects.document_id = table_kinds.document_id
        and projects.table_no = table_kinds.table_no
    where coalesce(table_kinds.table_kind, documents.doc_type) in ('project_targets', 'project_selfeval')

    union all

    select
        documents.document_id as table_key,
        'department' as table_type,
        documents.document_id,
        null as project_key,
        coalesce(department_kinds.table_kind, documents.doc_type) as table_kind,
        agencies.agency_key,
        documents.fiscal_year,
        null as project_code,
        null as name_without_year,
        null as project_family_key
    from documents
    left join (
        select document_id, arg_max(table_kind, n) as table_kind
        from (
            select document_id, table_kind, count(*) as n from table_kinds
            where table_kind in ('department_targets', 'department_selfeval')
            group by all
        )
        group by document_id
    ) as department_kinds
        on documents.document_id = department_kinds.document_id
    left join agencies
        on documents.document_id = agencies.document_id
        and documents.agency_raw = agencies.agency_raw
    where coalesce(department_kinds.table_kind, documents.doc_type) in ('department_targets', 'department_selfeval')
),

selfevals as (
    select tables.*, coalesce(indicator_counts.n_indicators, 0) as n_indicators
    from tables
    left join indicator_counts
        on tables.table_key = indicator_counts.table_key
    where tables.table_kind in ('project_selfeval', 'department_selfeval')
),

targets as (
    select * from tables where table_kind in ('project_targets', 'department_targets')
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
    -- a self-evaluation whose indicators were not read cannot show what it left out
    where selfevals.n_indicators > 0
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
            when selfevals.n_indicators = 0 then 'no indicator of the self-evaluation was read'
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
