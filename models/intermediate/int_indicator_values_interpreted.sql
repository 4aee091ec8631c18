-- One row per indicator row: its target (and, in self-evaluations, its actual) interpreted by
-- jixiao_value / jixiao_actual (jixiao/values.py, registered by the dbt plugin), once per
-- distinct value; whether an actual meets its target (macro is_met) from the two interpreted.
-- Materialised as a table so that nothing downstream needs the functions.
-- A value OCR read below var('ocr_min_confidence') is kept as written, but no number, date or
-- verdict is taken from it (its confidence says why; review rule ocr_unsure shows it).
with

indicators as not materialized (
    select * from {{ ref('stg_jixiao_raw__indicators') }}
),

documents as not materialized (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

ocr as not materialized (
    select * from {{ ref('int_indicator_ocr_confidence') }}
),

rows as (
    select
        indicators.indicator_row_key,
        indicators.target_raw,
        indicators.actual_raw,
        documents.fiscal_year
    from indicators
    inner join documents
        on indicators.document_id = documents.document_id
),

-- values repeat (≥95%, 100%, 2024年12月底前…): each distinct one is interpreted once
targets as (
    select target_raw, fiscal_year, jixiao_value(target_raw, fiscal_year) as target_value
    from (select distinct target_raw, fiscal_year from rows)
),

actuals as (
    select
        actual_raw,
        target_raw,
        fiscal_year,
        jixiao_actual(actual_raw, target_raw, fiscal_year) as actual_value
    from (select distinct actual_raw, target_raw, fiscal_year from rows where actual_raw is not null)
),

interpreted as (
    select
        rows.indicator_row_key,
        rows.target_raw,
        rows.actual_raw,
        rows.fiscal_year,
        targets.target_value,
        actuals.actual_value,
        -- from the values interpreted above, not from the text again
        {{ is_met('targets.target_value', 'actuals.actual_value') }} as is_met,
        ocr.target_confidence as target_ocr_confidence,
        ocr.actual_confidence as actual_ocr_confidence,
        coalesce(ocr.is_target_unsure, false) as is_target_unsure,
        coalesce(ocr.is_actual_unsure, false) as is_actual_unsure
    from rows
    inner join targets
        on rows.target_raw is not distinct from targets.target_raw
        and rows.fiscal_year is not distinct from targets.fiscal_year
    left join actuals
        on rows.actual_raw = actuals.actual_raw
        and rows.target_raw is not distinct from actuals.target_raw
        and rows.fiscal_year is not distinct from actuals.fiscal_year
    left join ocr
        on rows.indicator_row_key = ocr.indicator_row_key
),

final as (
    select
        indicator_row_key,
        target_raw,
        target_value.operator as operator,
        case when not is_target_unsure then target_value.value_number end as value_number,
        target_value.unit as unit,
        target_value.value_kind as value_kind,
        case when not is_target_unsure then target_value.deadline_date end as deadline_date,
        target_value.direction as direction,
        actual_raw,
        actual_value.operator as actual_operator,
        case when not is_actual_unsure then actual_value.value_number end as actual_number,
        actual_value.unit as actual_unit,
        actual_value.value_kind as actual_kind,
        case when not is_actual_unsure then actual_value.deadline_date end as actual_date,
        case when not (is_target_unsure or is_actual_unsure) then is_met end as is_met,
        target_ocr_confidence,
        actual_ocr_confidence
    from interpreted
)

select * from final
