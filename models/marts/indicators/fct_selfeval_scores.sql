-- One row per self-evaluation with a budget-execution block: its total as stated beside the total
-- the scoring formulas give (fct_indicator_scores, an undetermined indicator counted as stated;
-- budget execution min(weight, 执行数 / 全年预算数 × weight)), and the grade of each under the bands
-- of the document's jurisdiction (seed grade_bands: its province's bands, else the national ones),
-- beside the grade the document states in words (int_selfeval_stated_grades).
with

execution as not materialized (
    select * from {{ ref('fct_budget_execution') }}
),

scores as not materialized (
    select * from {{ ref('fct_indicator_scores') }}
),

bands as not materialized (
    select * from {{ ref('grade_bands') }}
),

agencies as (
    select agency_key, region_code from {{ ref('dim_agencies') }}
),

stated_grades as not materialized (
    select * from {{ ref('int_selfeval_stated_grades') }}
),

indicator_totals as (
    select
        document_key,
        sum(score_stated) as indicators_stated,
        sum(coalesce(score_recomputed, score_stated)) as indicators_recomputed,
        count(*) filter (where score_recomputed is null) as n_undetermined,
        count(*) filter (where differs_from_formula) as n_differing
    from scores
    group by document_key
),

totals as (
    select
        execution.document_key,
        execution.agency_key,
        execution.fiscal_year,
        coalesce(execution.total_score_stated, indicator_totals.indicators_stated + coalesce(execution.score, 0))
            as total_stated,
        execution.total_score_stated is not null as total_is_stated,
        execution.weight as execution_weight,
        execution.score as execution_score_stated,
        execution.line_start,
        case
            when execution.budget_full_year_wan > 0 and execution.executed_wan is not null
                then round(
                    least(1, execution.executed_wan / execution.budget_full_year_wan)
                    * coalesce(execution.weight, 10), 2
                )
        end as execution_score_recomputed,
        indicator_totals.indicators_stated,
        indicator_totals.indicators_recomputed,
        coalesce(indicator_totals.n_undetermined, 0) as n_undetermined,
        coalesce(indicator_totals.n_differing, 0) as n_differing,
        coalesce(
            (select any_value(b.jurisdiction) from bands as b where b.jurisdiction = left(agencies.region_code, 2) || '0000'),
            'national'
        ) as jurisdiction
    from execution
    left join indicator_totals using (document_key)
    left join agencies using (agency_key)
),

recomputed as (
    select
        *,
        indicators_recomputed + coalesce(execution_score_recomputed, execution_score_stated, 0) as total_recomputed
    from totals
),

graded as (
    select
        recomputed.*,
        (
            select arg_max(b.grade, b.min_score) from bands as b
            where b.jurisdiction = recomputed.jurisdiction and recomputed.total_stated >= b.min_score
        ) as grade_of_total,
        (
            select arg_max(b.grade, b.min_score) from bands as b
            where b.jurisdiction = recomputed.jurisdiction and recomputed.total_recomputed >= b.min_score
        ) as grade_recomputed
    from recomputed
)

select
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(jurisdiction as varchar) as jurisdiction,
    cast(total_stated as decimal(18, 4)) as total_stated,
    cast(total_is_stated as boolean) as total_is_stated,
    cast(total_recomputed as decimal(18, 4)) as total_recomputed,
    cast(total_stated - total_recomputed as decimal(18, 4)) as total_difference,
    -- beyond var score_tolerance_points or var score_tolerance_share of the total
    cast(
        abs(total_stated - total_recomputed)
        > greatest({{ var('score_tolerance_points') }}, {{ var('score_tolerance_share') }} * total_recomputed)
        as boolean
    ) as total_differs_from_formula,
    cast(grade_of_total as varchar) as grade_of_stated_total,
    cast(grade_recomputed as varchar) as grade_recomputed,
    cast(stated_grades.grade as varchar) as grade_stated,
    cast(stated_grades.grade_raw as varchar) as grade_stated_raw,
    cast(stated_grades.line_no as integer) as grade_stated_line,
    cast(stated_grades.grade <> graded.grade_of_total as boolean) as grade_stated_differs_from_total,
    cast(indicators_stated as decimal(18, 4)) as indicators_stated,
    cast(indicators_recomputed as decimal(18, 4)) as indicators_recomputed,
    cast(execution_weight as decimal(18, 4)) as execution_weight,
    cast(execution_score_stated as decimal(18, 4)) as execution_score_stated,
    cast(execution_score_recomputed as decimal(18, 4)) as execution_score_recomputed,
    cast(n_undetermined as integer) as n_indicators_undetermined,
    cast(n_differing as integer) as n_indicators_differing,
    cast(line_start as integer) as line_start
from graded
left join stated_grades
    on graded.document_key = stated_grades.document_id
