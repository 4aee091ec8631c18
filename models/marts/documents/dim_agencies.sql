-- One row per agency: the mentions that resolve to one body (its division and its name without
-- the division words) are one agency, named by its most complete written name.
with

agencies as not materialized (
    select * from {{ ref('int_agencies_parsed') }}
),

per_agency as (
    select
        agency_key,
        max(agency_code) as agency_code,
        arg_max(agency_name, length(agency_name)) as agency_name,
        string_agg(distinct division_name, '、' order by division_name) as division_name,
        any_value(region_code) as region_code,
        any_value(region_name) as region_name,
        any_value(prefecture_name) as prefecture_name,
        any_value(province_name) as province_name,
        any_value(admin_level) as admin_level,
        any_value(region_method) as region_method,
        any_value(region_reason) as region_reason,
        count(distinct document_id) as document_count
    from agencies
    group by agency_key
),

unknown_member as (
    select
        'unknown' as agency_key,
        null as agency_code,
        '未知单位' as agency_name,
        null as division_name,
        null as region_code,
        null as region_name,
        null as prefecture_name,
        null as province_name,
        null as admin_level,
        null as region_method,
        'the document names no agency' as region_reason,
        0 as document_count
),

final as (
    select * from per_agency
    union all
    select * from unknown_member
)

select
    cast(agency_key as varchar) as agency_key,
    cast(agency_code as varchar) as agency_code,
    cast(agency_name as varchar) as agency_name,
    cast(division_name as varchar) as division_name,
    cast(region_code as varchar) as region_code,
    cast(region_name as varchar) as region_name,
    cast(prefecture_name as varchar) as prefecture_name,
    cast(province_name as varchar) as province_name,
    cast(admin_level as varchar) as admin_level,
    cast(region_method as varchar) as region_method,
    cast(region_reason as varchar) as region_reason,
    cast(document_count as bigint) as document_count
from final
