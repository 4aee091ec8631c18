-- One row per indicator series and fiscal year: the target that year, the target the
-- previous year the series appears, the change, and the actual where a self-evaluation exists.
with

targets as (
    select * from {{ ref('fct_indicator_targets') }}
),

results as (
    select * from {{ ref('fct_indicator_results') }}
),

ranked as (
    -- a target document's row wins over the same indicator restated in a self-evaluation
    select
        *,
        row_number() over (
            partition by series_key, fiscal_year
            order by doc_type like '%selfeval', document_key, table_no, row_no
        ) as pick,
        count(*) over (partition by series_key, fiscal_year) as rows_in_year
    from targets
    where series_key is not null
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

with_previous as (
    select
        per_year.*,
        lag(per_year.fiscal_year) over w as previous_fiscal_year,
        lag(per_year.target_raw) over w as previous_target_raw,
        lag(per_year.value_number) over w as previous_value_number,
        lag(per_year.unit) over w as previous_unit,
        lag(per_year.operator) over w as previous_operator
    from per_year
    window w as (partition by per_year.series_key order by per_year.fiscal_year)
),

final as (
    select
        md5(with_previous.series_key || '|' || with_previous.fiscal_year) as series_year_key,
        with_previous.series_key,
        with_previous.agency_key,
        with_previous.fiscal_year,
        with_previous.indicator_key,
        with_previous.indicator_name,
        with_previous.target_raw,
        with_previous.operator,
        with_previous.value_number,
        with_previous.unit,
        with_previous.value_kind,
        with_previous.rows_in_year,
        with_previous.previous_fiscal_year,
        with_previous.previous_target_raw,
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
        actuals.actual_raw,
        actuals.actual_number,
        actuals.is_met
    from with_previous
    left join actuals
        on with_previous.series_key = actuals.series_key
        and with_previous.fiscal_year = actuals.fiscal_year
)

select
    cast(series_year_key as varchar) as series_year_key,
    cast(series_key as varchar) as series_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(indicator_key as varchar) as indicator_key,
    cast(indicator_name as varchar) as indicator_name,
    cast(target_raw as varchar) as target_raw,
    cast(operator as varchar) as operator,
    cast(value_number as double) as value_number,
    cast(unit as varchar) as unit,
    cast(value_kind as varchar) as value_kind,
    cast(rows_in_year as integer) as rows_in_year,
    cast(previous_fiscal_year as integer) as previous_fiscal_year,
    cast(previous_target_raw as varchar) as previous_target_raw,
    cast(previous_value_number as double) as previous_value_number,
    cast(target_change as double) as target_change,
    cast(target_change_direction as varchar) as target_change_direction,
    cast(actual_raw as varchar) as actual_raw,
    cast(actual_number as double) as actual_number,
    cast(is_met as boolean) as is_met
from final
