-- One row per distinct agency string as written (documents and project tables), parsed into
-- code, agency name, submitting division and region.
with

documents as (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

projects as (
    select * from {{ ref('stg_jixiao_raw__projects') }}
),

regions as (
    select * from {{ ref('regions') }}
),

agency_strings as (
    select agency_raw from documents where agency_raw is not null
    union
    select agency_raw from projects where agency_raw is not null
),

split_code as (
    select
        agency_raw,
        nullif(regexp_extract(trim(agency_raw), '^[\[【(（]?([0-9]{3,})[\]】)）]?', 1), '') as agency_code,
        regexp_replace(
            regexp_replace(regexp_replace(trim(agency_raw), '^[\[【(（]?[0-9]{3,}[\]】)）]?', ''), '\s', '', 'g'),
            '[（(]?本级[)）]?$', ''
        ) as full_name
    from agency_strings
),

split_division as (
    -- 天津市工业和信息化局财金处: the agency ends at its last organisation word; a short unit
    -- name after it (处, 科, 室, 股) is the division that filled in the table
    select
        agency_raw,
        agency_code,
        full_name,
        coalesce(
            nullif(regexp_extract(
                full_name, '^(.*(?:局|委员会|委|厅|办公室|联合会|总会|院|中心|署|馆|站|队|所))([^局委厅]{1,10}(?:处|科|室|股|组))$', 1
            ), ''),
            full_name
        ) as agency_name,
        nullif(regexp_extract(
            full_name, '^(.*(?:局|委员会|委|厅|办公室|联合会|总会|院|中心|署|馆|站|队|所))([^局委厅]{1,10}(?:处|科|室|股|组))$', 2
        ), '') as division_name
    from split_code
),

region_matches as (
    select
        split_division.agency_raw,
        regions.region_name,
        regions.admin_level,
        regions.prefecture_name,
        regions.province_name,
        row_number() over (
            partition by split_division.agency_raw order by length(regions.region_path) desc
        ) as match_rank
    from split_division
    inner join regions
        on starts_with(split_division.agency_name, regions.region_path)
),

final as (
    select
        split_division.agency_raw,
        split_division.agency_code,
        split_division.agency_name,
        split_division.division_name,
        md5(split_division.agency_name) as agency_key,
        region_matches.region_name,
        region_matches.prefecture_name,
        region_matches.province_name,
        case region_matches.admin_level
            when 'province' then 'provincial'
            when 'prefecture' then 'prefectural'
            when 'county' then 'county'
        end as admin_level
    from split_division
    left join region_matches
        on split_division.agency_raw = region_matches.agency_raw
        and region_matches.match_rank = 1
)

select * from final
