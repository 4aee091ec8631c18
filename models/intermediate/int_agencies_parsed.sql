-- One row per agency mention: an agency string as written in a document (its own agency, or the
-- agency of one of its project tables), parsed into code, name and division and resolved to its
-- administrative division (seed regions) by jixiao.agencies.identify, from the name and, where the
-- name does not say, from the document's title and opening lines.
with

documents as (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

projects as (
    select * from {{ ref('stg_jixiao_raw__projects') }}
),

texts as (
    select * from {{ ref('stg_jixiao_raw__document_texts') }}
),

regions as (
    select * from {{ ref('regions') }}
),

overrides as (
    select * from {{ ref('agency_overrides') }}
),

mentions as (
    select document_id, agency_raw from documents where agency_raw is not null
    union
    select document_id, agency_raw from projects where agency_raw is not null
),

with_context as (
    select
        mentions.document_id,
        mentions.agency_raw,
        overrides.region_code as override_region_code,
        coalesce(overrides.agency_name, mentions.agency_raw) as agency_written,
        -- the title and opening lines first; a budget book may name its city only pages later
        concat_ws(chr(10), documents.title_raw, left(texts.text, 50000)) as context
    from mentions
    inner join documents
        on mentions.document_id = documents.document_id
    left join texts
        on mentions.document_id = texts.document_id
    left join overrides
        on mentions.agency_raw = overrides.agency_raw
),

identified as (
    select
        document_id,
        agency_raw,
        jixiao_agency(agency_written, context, cast(override_region_code as varchar)) as agency
    from with_context
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
