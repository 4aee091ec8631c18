-- a table: several intermediate models and tests read it, each would recompute it as a view
{{ config(materialized='table') }}

with

source as not materialized (
    select * from {{ source('raw', 'projects') }}
),

renamed as (
    select
        document_id,
        table_no,
        md5(document_id || '|' || table_no) as project_key,
        nullif(trim(agency_raw), '') as agency_raw,
        nullif(trim(implementer_raw), '') as implementer_raw,
        nullif(trim(project_code), '') as project_code,
        trim(project_name) as project_name,
        budget_total_raw,
        fiscal_raw,
        other_raw,
        amount_unit_raw,
        {{ to_wan('budget_total_raw', 'amount_unit_raw') }} as budget_total_wan,
        {{ to_wan('fiscal_raw', 'amount_unit_raw') }} as fiscal_wan,
        -- an empty 其他资金 cell means none
        coalesce({{ to_wan('other_raw', 'amount_unit_raw') }}, case when trim(other_raw) = '' then 0 end) as other_wan,
        purpose,
        goal_text,
        spend_plan_raw,
        spend_plan_periods_raw,
        case when spend_plan_raw is not null then
            list_transform(string_split(spend_plan_raw, '|'), pct -> try_cast(replace(trim(pct), '%', '') as double))
        end as spend_plan_pct,
        case when spend_plan_periods_raw is not null then string_split(spend_plan_periods_raw, '|') end
            as spend_plan_periods,
        title_raw,
        line_start,
        line_end,
        location
    from source
)

select * from renamed
