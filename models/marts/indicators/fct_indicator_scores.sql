-- One row per scored self-evaluation indicator: its type, the score the official formulas give
-- and the score stated. Positive indicators (≥, >, =, or increase words) met score their weight,
-- otherwise weight × actual / target; reverse ones (≤, <, or decrease words) met score their
-- weight, weight × (1 − (actual − target) / target) up to var reverse_zero_multiple × the target,
-- 0 beyond (a target of 0 scores full only at an actual ≤ 0); a deadline met scores its weight;
-- a qualitative one is held to the band its actual's words name (seed qualitative_bands: 达成
-- 80–100% of the weight, 部分达成 60–80%, 未达成 0–60%). Where
-- the type, the numbers or the band cannot be decided, no score is made and the reason is given.
with

results as (
    select
        results.*,
        targets.direction,
        targets.level1_code
    from {{ ref('fct_indicator_results') }} as results
    inner join {{ ref('fct_indicator_targets') }} as targets
        on results.indicator_result_key = targets.indicator_target_key
    where results.weight is not null and results.weight > 0
),

bands as not materialized (
    select * from {{ ref('qualitative_bands') }}
),

typed as (
    select
        *,
        case
            when value_kind = 'qualitative' or actual_kind = 'qualitative' then 'qualitative'
            when value_kind = 'deadline' then 'deadline'
            when operator in ('>=', '>', '=') then 'positive'
            when operator in ('<=', '<') then 'reverse'
            when direction = 'increase' then 'positive'
            when direction = 'decrease' then 'reverse'
        end as indicator_type
    from results
),

banded as (
    select
        typed.indicator_result_key,
        arg_min(bands.band, bands.precedence) as band,
        arg_min(bands.min_share, bands.precedence) as band_min_share,
        arg_min(bands.max_share, bands.precedence) as band_max_share
    from typed
    inner join bands
        on regexp_matches(coalesce(typed.actual_raw, ''), bands.pattern)
    where typed.indicator_type = 'qualitative'
    group by typed.indicator_result_key
),

scored as (
    select
        typed.*,
        banded.band,
        banded.band_min_share,
        banded.band_max_share,
        case
            when indicator_type in ('positive', 'reverse') and is_met is null then null
            when indicator_type = 'positive' and is_met then weight
            -- (an "=" target missed from above scores no more than its weight)
            when indicator_type = 'positive' and value_number > 0
                then least(weight, greatest(0, round(weight * actual_number / value_number, 2)))
            when indicator_type = 'reverse' and value_number = 0
                then if(actual_number <= 0, weight, 0)
            when indicator_type = 'reverse' and is_met then weight
            when indicator_type = 'reverse' and value_number > 0
                then if(
                    actual_number >= {{ var('reverse_zero_multiple') }} * value_number, 0,
                    greatest(0, round(weight * (1 - (actual_number - value_number) / value_number), 2))
                )
            when indicator_type = 'deadline' and is_met then weight
            -- a qualitative score stands where its band allows it, and is brought to the band's edge
            when indicator_type = 'qualitative' and banded.band is not null
                then greatest(weight * banded.band_min_share, least(weight * banded.band_max_share, score))
        end as recomputed_score,
        case
            when indicator_type is null then 'no operator or direction word says which way the indicator counts'
            when indicator_type in ('positive', 'reverse') and is_met is null
                then 'the actual is not a number of the target''s kind and unit'
            when indicator_type = 'positive' and not is_met and not value_number > 0
                then 'a missed floor of 0 or less has no proportional score'
            when indicator_type = 'deadline' and is_met is null then 'the deadline or its actual date cannot be read'
            when indicator_type = 'deadline' and not is_met then 'a missed deadline has no formula'
            when indicator_type = 'qualitative' and banded.band is null
                then 'the actual names no band (达成, 部分达成, 未达成)'
        end as undetermined_reason
    from typed
    left join banded using (indicator_result_key)
)

select
    cast(indicator_result_key as varchar) as indicator_result_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(project_key as varchar) as project_key,
    cast(indicator_name as varchar) as indicator_name,
    cast(level1_code as varchar) as level1_code,
    cast(indicator_type as varchar) as indicator_type,
    cast(target_raw as varchar) as target_raw,
    cast(actual_raw as varchar) as actual_raw,
    cast(is_met as boolean) as is_met,
    cast(weight as decimal(18, 4)) as weight,
    cast(score as decimal(18, 4)) as score_stated,
    cast(recomputed_score as decimal(18, 4)) as score_recomputed,
    cast(score - recomputed_score as decimal(18, 4)) as score_difference,
    -- beyond the formula's rounding to 2 decimals and var score_tolerance_share of the weight
    cast(
        abs(score - recomputed_score) > greatest(0.01, {{ var('score_tolerance_share') }} * weight) as boolean
    ) as differs_from_formula,
    cast(band as varchar) as qualitative_band,
    cast(weight * band_min_share as decimal(18, 4)) as band_score_min,
    cast(weight * band_max_share as decimal(18, 4)) as band_score_max,
    cast(undetermined_reason as varchar) as undetermined_reason,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end
from scored
