{{ config(materialized='table') }}

-- One row per indicator row: its target (and, in self-evaluations, its actual) interpreted by
-- jixiao_value / jixiao_actual (jixiao/values.py, registered by the dbt plugin). Materialised
-- as a table so that nothing downstream needs the functions.
with

indicators as (
    select * from {{ ref('stg_jixiao_raw__indicators') }}
),

documents as (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

interpreted as (
    select
        indicators.indicator_row_key,
        indicators.target_raw,
        indicators.actual_raw,
        documents.fiscal_year,
        jixiao_value(indicators.target_raw, documents.fiscal_year) as target_value,
        case when indicators.actual_raw is not null
            then jixiao_actual(indicators.actual_raw, indicators.target_raw, documents.fiscal_year)
        end as actual_value,
        case when indicators.actual_raw is not null
            then jixiao_is_met(indicators.target_raw, indicators.actual_raw, documents.fiscal_year)
        end as is_met
    from indicators
    inner join documents
        on indicators.document_id = documents.document_id
),

final as (
    select
        indicator_row_key,
        target_raw,
        target_value.operator as operator,
        target_value.value_number as value_number,
        target_value.unit as unit,
        target_value.value_kind as value_kind,
        target_value.deadline_date as deadline_date,
        target_value.direction as direction,
        actual_raw,
        actual_value.operator as actual_operator,
        actual_value.value_number as actual_number,
        actual_value.unit as actual_unit,
        actual_value.value_kind as actual_kind,
        actual_value.deadline_date as actual_date,
        is_met
    from interpreted
)

select * from final
