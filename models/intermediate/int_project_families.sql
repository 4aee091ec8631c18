-- One row per project table: the family that links the same project across years (the name
-- without its year, a （2024） suffix or a -中央 suffix, within one agency).
with

projects as not materialized (
    select * from {{ ref('stg_jixiao_raw__projects') }}
),

documents as not materialized (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

agencies as not materialized (
    select * from {{ ref('int_agencies_parsed') }}
),

named as (
    select
        projects.project_key,
        projects.document_id,
        coalesce(project_agencies.agency_key, document_agencies.agency_key) as agency_key,
        documents.fiscal_year,
        projects.project_name,
        regexp_replace(projects.project_name, '[（(]20[0-9]{2}[)）]|20[0-9]{2}年?度?|\s', '', 'g') as name_without_year
    from projects
    inner join documents
        on projects.document_id = documents.document_id
    left join agencies as project_agencies
        on projects.document_id = project_agencies.document_id
        and projects.agency_raw = project_agencies.agency_raw
    left join agencies as document_agencies
        on documents.document_id = document_agencies.document_id
        and documents.agency_raw = document_agencies.agency_raw
),

families as (
    select
        *,
        regexp_replace(name_without_year, '(?:[-—－]+|——)中央$', '') as family_name
    from named
),

final as (
    select
        *,
        -- a project whose name is not read is a family of its own
        md5(coalesce(agency_key, 'unknown') || '|' || coalesce(nullif(family_name, ''), 'project ' || project_key))
            as project_family_key
    from families
)

select * from final
