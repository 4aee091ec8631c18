-- One row per agency mention: an agency string as written in a document (its own agency, or the
-- agency of one of its project tables), parsed into code, name and division and resolved to its
-- administrative division (seed regions) by jixiao.agencies.identify, from the name and, where the
-- name does not say, from the document's title and opening lines.
with

documents as not materialized (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

projects as not materialized (
    select * from {{ ref('stg_jixiao_raw__projects') }}
),

texts as not materialized (
    select * from {{ ref('stg_jixiao_raw__document_texts') }}
),

regions as not materialized (
    select * from {{ ref('regions') }}
),

overrides as not materialized (
    select * from {{ ref('agency_overrides') }}
),

mentions as (
    select document_id, agency_raw from documents where agency_raw is not null
    union
    select document_id, agency_raw from projects where agency_raw is not null
),

written as (
    select
        mentions.document_id,
        mentions.agency_raw,
        cast(overrides.region_code as varchar) as override_region_code,
        coalesce(overrides.agency_name, mentions.agency_raw) as agency_written
    from mentions
    left join overrides
        on mentions.agency_raw = overrides.agency_raw
),

-- most names say their division: they are resolved without their document's text
by_name as (
    select
        *,
        jixiao_agency(agency_written, null, override_region_code) as agency
    from written
),

-- the others (区卫生健康局, an ambiguous 青山区) by the title and text around them: the title and
-- opening lines first; a budget book may name its city only pages later
by_context as (
    select
        by_name.document_id,
        by_name.agency_raw,
        jixiao_agency(
            by_name.agency_written,
            concat_ws(chr(10), documents.title_raw, left(texts.text, 50000)),
            by_name.override_region_code
        ) as agency
    from by_name
    inner join documents
        on by_name.document_id = documents.document_id
    left join texts
        on by_name.document_id = texts.document_id
    where by_name.agency.region_code is null
),

identified as (
    select
        by_name.document_id,
        by_name.agency_raw,
        coalesce(by_context.agency, by_name.agency) as agency
    from by_name
    left join by_context
        on by_name.document_id = by_context.document_id
        and by_name.agency_raw = by_context.agency_raw
),

final as (
    select
        identified.document_id,
        identified.agency_raw,
        identified.agency.agency_code,
        identified.agency.agency_name,
        identified.agency.division_name,
        md5(identified.agency.identity) as agency_key,
        identified.agency.region_code,
        regions.region_name,
        nullif(regions.prefecture_name, '') as prefecture_name,
        regions.province_name,
        case regions.admin_level
            when 'province' then 'provincial'
            when 'prefecture' then 'prefectural'
            else regions.admin_level
        end as admin_level,
        identified.agency.region_method,
        identified.agency.region_reason
    from identified
    left join regions
        on identified.agency.region_code = regions.region_code
)

select * from final
