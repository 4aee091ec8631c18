with

indicators as not materialized (
    select * from {{ ref('int_indicators_enriched') }}
),

series as not materialized (
    select * from {{ ref('int_indicator_series') }}
),

budgets as not materialized (
    select * from {{ ref('int_indicator_budgets') }}
),

families as not materialized (
    select * from {{ ref('int_project_families') }}
),

-- not materialized: read twice, it would be held in memory whole (every column of every row);
-- inlined, the count below reads only its columns
joined as not materialized (
    select
        indicators.*,
        series.series_key as name_series_key,
        series.match_method as series_match_method,
        series.similarity as series_similarity,
        budgets.budget_wan,
        budgets.budget_source,
        families.project_family_key
    from indicators
    left join series
        on indicators.agency_key = series.agency_key
        and coalesce(indicators.level2_code, 'unknown') = series.level2_code
        and indicators.indicator_name_normalised = series.indicator_name_normalised
    left join budgets
        on indicators.indicator_row_key = budgets.indicator_row_key
    left join families
        on indicators.project_key = families.project_key
),

-- how many project families (department documents counted as none) use each name series
series_families as (
    select name_series_key, count(distinct project_family_key) as n_families
    from joined
    where name_series_key is not null
    group by name_series_key
),

final as (
    select
        indicators.indicator_row_key as indicator_target_key,
        indicators.document_id as document_key,
        coalesce(indicators.agency_key, 'unknown') as agency_key,
        indicators.fiscal_year,
        indicators.doc_type,
        indicators.project_key,
        indicators.goal_no,
        indicators.table_no,
        indicators.row_no,
        coalesce(indicators.level1_code, 'unknown') || '.' || coalesce(indicators.level2_code, 'unknown')
            as indicator_key,
        indicators.level1_code,
        indicators.level2_code,
        indicators.level1_raw,
        indicators.level2_raw,
        indicators.indicator_name,
        indicators.description_raw as indicator_description,
        indicators.target_raw,
        indicators.operator,
        indicators.value_number,
        indicators.unit,
        indicators.value_kind,
        indicators.deadline_date,
        indicators.direction,
        indicators.basis_raw,
        indicators.budget_wan,
        indicators.budget_source,
        -- an indicator name the agency uses in several projects makes a series per project family
        -- (and one for its department documents); a name used in one project links that project
        -- and the department documents across years
        case
            when series_families.n_families > 1
                then md5(indicators.name_series_key || '|' || coalesce(indicators.project_family_key, 'department'))
            else indicators.name_series_key
        end as series_key,
        indicators.series_match_method,
        indicators.series_similarity,
        indicators.level1_points_raw,
        indicators.extra_raw,
        indicators.placement_confidence,
        indicators.target_ocr_confidence,
        indicators.are_labels_exact,
        indicators.line_start,
        indicators.line_end,
        indicators.location
    from joined as indicators
    left join series_families
        on indicators.name_series_key = series_families.name_series_key
)

select
    cast(indicator_target_key as varchar) as indicator_target_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(doc_type as varchar) as doc_type,
    cast(project_key as varchar) as project_key,
    cast(goal_no as integer) as goal_no,
    cast(table_no as integer) as table_no,
    cast(row_no as integer) as row_no,
    cast(indicator_key as varchar) as indicator_key,
    cast(level1_code as varchar) as level1_code,
    cast(level2_code as varchar) as level2_code,
    cast(level1_raw as varchar) as level1_raw,
    cast(level2_raw as varchar) as level2_raw,
    cast(indicator_name as varchar) as indicator_name,
    cast(indicator_description as varchar) as indicator_description,
    cast(target_raw as varchar) as target_raw,
    cast(operator as varchar) as operator,
    cast(value_number as double) as value_number,
    cast(unit as varchar) as unit,
    cast(value_kind as varchar) as value_kind,
    cast(deadline_date as date) as deadline_date,
    cast(direction as varchar) as direction,
    cast(basis_raw as varchar) as basis_raw,
    cast(budget_wan as decimal(18, 4)) as budget_wan,
    cast(budget_source as varchar) as budget_source,
    cast(series_key as varchar) as series_key,
    cast(series_match_method as varchar) as series_match_method,
    cast(series_similarity as double) as series_similarity,
    cast(level1_points_raw as varchar) as level1_points_raw,
    cast(extra_raw as varchar) as extra_raw,
    cast(placement_confidence as double) as placement_confidence,
    cast(target_ocr_confidence as double) as target_ocr_confidence,
    cast(are_labels_exact as boolean) as are_labels_exact,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end,
    cast(location as varchar) as source_location
from final
