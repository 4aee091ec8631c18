-- One row per indicator series and fiscal year: the target that year, the target the
-- previous year the series appears (and the row, document and lines it is written in), the change,
-- and the actual where a self-evaluation exists.
with

targets as not materialized (
    select * from {{ ref('fct_indicator_targets') }}
),

results as not materialized (
    select * from {{ ref('fct_indicator_results') }}
),

budgets as not materialized (
    select * from {{ ref('int_indicator_budgets') }}
),

ranked as (
    -- a target document's row wins over the same indicator restated in a self-evaluation
    select
        targets.*,
        budgets.budget_wan,
        row_number() over (
            partition by targets.series_key, targets.fiscal_year
            order by targets.doc_type like '%selfeval', targets.document_key, targets.table_no, targets.row_no
        ) as pick,
        count(*) over (partition by targets.series_key, targets.fiscal_year) as rows_in_year
    from targets
    left join budgets
        on targets.indicator_target_key = budgets.indicator_row_key
    -- a series compares years: a document whose fiscal year is unknown has no place in it
    where targets.series_key is not null and targets.fiscal_year is not null
),

per_year as (
    select * from ranked where pick = 1
),

actuals as (
    select
        series_key,
        fiscal_year,
        any_value(actual_raw order by document_key, indicator_result_key) as actual_raw,
        any_value(actual_number order by document_key, indicator_result_key) as actual_number,
        any_value(is_met order by document_key, indicator_result_key) as is_met
    from results
    where series_key is not null
    group by series_key, fiscal_year
),

joined as (
    select
        per_year.*,
        actuals.actual_raw,
        actuals.actual_number,
        actuals.is_met
    from per_year
    left join actuals
        on per_year.series_key = actuals.series_key
        and per_year.fiscal_year = actuals.fiscal_year
),

with_previous as (
    select
        joined.*,
        lag(joined.fiscal_year) over w as previous_fiscal_year,
        lag(joined.target_raw) over w as previous_target_raw,
        lag(joined.indicator_target_key) over w as previous_indicator_target_key,
        lag(joined.document_key) over w as previous_document_key,
        lag(joined.line_start) over w as previous_line_start,
        lag(joined.line_end) over w as previous_line_end,
        lag(joined.value_number) over w as previous_value_number,
        lag(joined.unit) over w as previous_unit,
        lag(joined.operator) over w as previous_operator,
        lag(joined.budget_wan) over w as previous_budget_wan,
        lag(joined.actual_number) over w as previous_actual_number,
        lag(joined.is_met) over w as previous_is_met
    from joined
    window w as (partition by joined.series_key order by joined.fiscal_year)
),

final as (
    select
        md5(with_previous.series_key || '|' || with_previous.fiscal_year) as series_year_key,
        with_previous.series_key,
        with_previous.agency_key,
        with_previous.fiscal_year,
        with_previous.indicator_key,
        with_previous.indicator_target_key,
        with_previous.indicator_name,
        with_previous.target_raw,
        with_previous.operator,
        with_previous.value_number,
        with_previous.unit,
        with_previous.value_kind,
        with_previous.rows_in_year,
        with_previous.previous_fiscal_year,
        with_previous.previous_target_raw,
        with_previous.previous_indicator_target_key,
        with_previous.previous_document_key,
        with_previous.previous_line_start,
        with_previous.previous_line_end,
        with_previous.previous_value_number,
        case when with_previous.unit is not distinct from with_previous.previous_unit
            then with_previous.value_number - with_previous.previous_value_number
        end as target_change,
        case
            when with_previous.previous_fiscal_year is null then null
            when with_previous.unit is distinct from with_previous.previous_unit
                or with_previous.value_number is null or with_previous.previous_value_number is null then 'not comparable'
            when with_previous.value_number > with_previous.previous_value_number then 'raised'
            when with_previous.value_number < with_previous.previous_value_number then 'lowered'
            else 'unchanged'
        end as target_change_direction,
        with_previous.previous_operator,
        with_previous.budget_wan,
        with_previous.previous_budget_wan,
        with_previous.previous_actual_number,
        with_previous.previous_is_met,
        with_previous.actual_raw,
        with_previous.actual_number,
        with_previous.is_met
    from with_previous
)

select
    cast(series_year_key as varchar) as series_year_key,
    cast(series_key as varchar) as series_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(indicator_key as varchar) as indicator_key,
    cast(indicator_target_key as varchar) as indicator_target_key,
    cast(indicator_name as varchar) as indicator_name,
    cast(target_raw as varchar) as target_raw,
    cast(operator as varchar) as operator,
    cast(value_number as double) as value_number,
    cast(unit as varchar) as unit,
    cast(value_kind as varchar) as value_kind,
    cast(rows_in_year as integer) as rows_in_year,
    cast(previous_fiscal_year as integer) as previous_fiscal_year,
    cast(previous_target_raw as varchar) as previous_target_raw,
    cast(previous_indicator_target_key as varchar) as previous_indicator_target_key,
    cast(previous_document_key as varchar) as previous_document_key,
    cast(previous_line_start as integer) as previous_line_start,
    cast(previous_line_end as integer) as previous_line_end,
    cast(previous_value_number as double) as previous_value_number,
    cast(target_change as double) as target_change,
    cast(target_change_direction as varchar) as target_change_direction,
    cast(previous_operator as varchar) as previous_operator,
    cast(budget_wan as decimal(18, 4)) as budget_wan,
    cast(previous_budget_wan as decimal(18, 4)) as previous_budget_wan,
    cast(previous_actual_number as double) as previous_actual_number,
    cast(previous_is_met as boolean) as previous_is_met,
    cast(actual_raw as varchar) as actual_raw,
    cast(actual_number as double) as actual_number,
    cast(is_met as boolean) as is_met
from final
