with

targets as not materialized (
    select * from {{ ref('fct_indicator_targets') }}
),

indicators as not materialized (
    select * from {{ ref('int_indicators_enriched') }}
),

final as (
    select
        targets.indicator_target_key as indicator_result_key,
        targets.document_key,
        targets.agency_key,
        targets.fiscal_year,
        targets.project_key,
        targets.goal_no,
        targets.indicator_key,
        targets.indicator_name,
        targets.target_raw,
        targets.operator,
        targets.value_number,
        targets.unit,
        targets.value_kind,
        targets.deadline_date,
        targets.series_key,
        indicators.actual_raw,
        indicators.actual_number,
        indicators.actual_unit,
        indicators.actual_kind,
        indicators.actual_date,
        indicators.weight_raw,
        indicators.score_raw,
        indicators.weight,
        indicators.score,
        -- '-' in 分值/得分 means the row was not scored
        coalesce(trim(indicators.weight_raw) not in ('-', '—', ''), false) as is_scored,
        case
            when targets.value_number is not null and targets.value_number <> 0
                and indicators.actual_number is not null
                and targets.value_kind = indicators.actual_kind
                and targets.unit is not distinct from indicators.actual_unit
                then indicators.actual_number / targets.value_number
        end as achievement_ratio,
        indicators.is_met,
        indicators.actual_ocr_confidence,
        indicators.deviation_reason_raw as deviation_reason,
        targets.line_start,
        targets.line_end,
        targets.source_location as location
    from targets
    inner join indicators
        on targets.indicator_target_key = indicators.indicator_row_key
    where indicators.actual_raw is not null
)

select
    cast(indicator_result_key as varchar) as indicator_result_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(project_key as varchar) as project_key,
    cast(goal_no as integer) as goal_no,
    cast(indicator_key as varchar) as indicator_key,
    cast(indicator_name as varchar) as indicator_name,
    cast(target_raw as varchar) as target_raw,
    cast(operator as varchar) as operator,
    cast(value_number as double) as value_number,
    cast(unit as varchar) as unit,
    cast(value_kind as varchar) as value_kind,
    cast(deadline_date as date) as deadline_date,
    cast(series_key as varchar) as series_key,
    cast(actual_raw as varchar) as actual_raw,
    cast(actual_number as double) as actual_number,
    cast(actual_unit as varchar) as actual_unit,
    cast(actual_kind as varchar) as actual_kind,
    cast(actual_date as date) as actual_date,
    cast(weight_raw as varchar) as weight_raw,
    cast(score_raw as varchar) as score_raw,
    cast(weight as decimal(18, 4)) as weight,
    cast(score as decimal(18, 4)) as score,
    cast(is_scored as boolean) as is_scored,
    cast(achievement_ratio as double) as achievement_ratio,
    cast(is_met as boolean) as is_met,
    cast(actual_ocr_confidence as double) as actual_ocr_confidence,
    cast(deviation_reason as varchar) as deviation_reason,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end,
    cast(location as varchar) as source_location
from final
