-- One row per review flag: a target, a self-evaluated result, a document or a pair of series
-- that a budget bureau should look at, with the rule, the figures and one sentence saying why.
-- Rules and severities: seed review_rules; thresholds: vars in dbt_project.yml.
with

targets as (
    select * from {{ ref('fct_indicator_targets') }}
),

results as (
    select * from {{ ref('fct_indicator_results') }}
),

year_over_year as (
    select * from {{ ref('rpt_indicator_year_over_year') }}
),

rules as (
    select * from {{ ref('review_rules') }}
),

agencies as (
    select * from {{ ref('dim_agencies') }}
),

results_in_context as (
    select
        results.*,
        targets.level1_code,
        targets.level2_code
    from results
    inner join targets
        on results.indicator_result_key = targets.indicator_target_key
),

lax_zero_bound as (
    select
        'lax_zero_bound' as rule_id,
        indicator_target_key,
        format('「{}」的目标值为{}，下限为零，不做任何工作也能达成。', indicator_name, target_raw) as message_zh,
        format('"{}" has the target {}: a floor of zero is met by doing nothing.', indicator_name, target_raw)
            as message_en,
        json_object('target', target_raw, 'value_number', value_number) as evidence
    from targets
    where operator in ('>=', '>') and value_number = 0 and value_kind in ('count', 'money', 'percent', 'rate')
),

lax_one_on_large_budget as (
    select
        'lax_one_on_large_budget' as rule_id,
        indicator_target_key,
        format('「{}」仅要求{}，而对应预算为{}万元。', indicator_name, target_raw, round(budget_wan, 2)) as message_zh,
        format('"{}" asks for only {} on a budget of {} 万元.', indicator_name, target_raw, round(budget_wan, 2))
            as message_en,
        json_object('target', target_raw, 'budget_wan', budget_wan) as evidence
    from targets
    where level2_code = 'quantity' and operator in ('>=', '>') and value_number = 1 and value_kind = 'count'
        and budget_wan >= {{ var('lax_one_min_budget_wan') }}
),

output_capped as (
    select
        'output_capped' as rule_id,
        indicator_target_key,
        format('产出数量「{}」的目标值{}设了上限而非下限。', indicator_name, target_raw) as message_zh,
        format('The output quantity "{}" is capped from above ({}) instead of set as a floor.', indicator_name, target_raw)
            as message_en,
        json_object('target', target_raw, 'operator', operator) as evidence
    from targets
    where level2_code = 'quantity' and operator in ('<=', '<') and value_kind = 'count'
),

lax_by_outcome as (
    select
        'lax_by_outcome' as rule_id,
        indicator_result_key as indicator_target_key,
        format('「{}」目标{}，实际完成{}，为目标的{}倍。', indicator_name, target_raw, actual_raw, round(achievement_ratio, 1))
            as message_zh,
        format('"{}": target {}, actual {}, {} times the target.', indicator_name, target_raw, actual_raw,
            round(achievement_ratio, 1)) as message_en,
        json_object('target', target_raw, 'actual', actual_raw, 'ratio', achievement_ratio) as evidence
    from results_in_context
    where operator in ('>=', '>') and value_kind = 'count' and value_number > 0
        and achievement_ratio >= {{ var('lax_outcome_ratio') }}
),

padded_cost as (
    select
        'padded_cost' as rule_id,
        indicator_result_key as indicator_target_key,
        format('成本指标「{}」上限{}，实际仅{}，为上限的{}%。', indicator_name, target_raw, actual_raw,
            round(100 * achievement_ratio, 1)) as message_zh,
        format('Cost "{}": cap {}, actual only {}, {}% of the cap.', indicator_name, target_raw, actual_raw,
            round(100 * achievement_ratio, 1)) as message_en,
        json_object('target', target_raw, 'actual', actual_raw, 'ratio', achievement_ratio) as evidence
    from results_in_context
    where level2_code = 'cost' and value_kind = 'money' and operator in ('<=', '<') and is_scored
        and achievement_ratio <= {{ var('padded_cost_ratio') }}
),

cost_above_budget as (
    select
        'cost_above_budget' as rule_id,
        indicator_target_key,
        format('成本指标「{}」为{}，超过预算{}万元。', indicator_name, target_raw, round(budget_wan, 2)) as message_zh,
        format('Cost "{}" is {}, above the budget of {} 万元.', indicator_name, target_raw, round(budget_wan, 2))
            as message_en,
        json_object('target', target_raw, 'value_wan', value_number, 'budget_wan', budget_wan) as evidence
    from targets
    where level2_code = 'cost' and value_kind = 'money' and value_number > budget_wan
),

unmeasurable_target as (
    select
        'unmeasurable_target' as rule_id,
        indicator_target_key,
        format('{}「{}」的目标值「{}」是文字，无法衡量。', level2_raw, indicator_name, target_raw) as message_zh,
        format('{} "{}" has the target "{}", words that cannot be measured.', level2_raw, indicator_name, target_raw)
            as message_en,
        json_object('target', target_raw, 'level2', level2_raw) as evidence
    from targets
    where level2_code in ('quantity', 'quality', 'cost') and value_kind = 'qualitative'
),

satisfaction_as_word as (
    select
        'satisfaction_as_word' as rule_id,
        indicator_target_key,
        format('满意度指标「{}」的目标值为「{}」，不是可衡量的比例。', indicator_name, target_raw) as message_zh,
        format('Satisfaction "{}" has the target "{}", not a measurable share.', indicator_name, target_raw)
            as message_en,
        json_object('target', target_raw) as evidence
    from targets
    where level1_code = 'satisfaction' and value_kind = 'qualitative'
),

malformed_target as (
    select
        'malformed_target' as rule_id,
        indicator_target_key,
        format('「{}」的目标值「{}」无法解析为指标值。', indicator_name, target_raw) as message_zh,
        format('"{}" has the target "{}", which cannot be read as a target.', indicator_name, target_raw) as message_en,
        json_object('target', target_raw) as evidence
    from targets
    where value_kind = 'malformed'
),

full_score_target_missed as (
    select
        'full_score_target_missed' as rule_id,
        indicator_result_key as indicator_target_key,
        format('「{}」目标{}未达成（实际{}），仍得满分{}。', indicator_name, target_raw, actual_raw, score_raw) as message_zh,
        format('"{}" missed its target {} (actual {}) yet scored the full {}.', indicator_name, target_raw, actual_raw,
            score_raw) as message_en,
        json_object('target', target_raw, 'actual', actual_raw, 'weight', weight, 'score', score) as evidence
    from results_in_context
    where is_met = false and is_scored and score >= weight and weight > 0
),

score_above_weight as (
    select
        'score_above_weight' as rule_id,
        indicator_result_key as indicator_target_key,
        format('「{}」得分{}超过分值{}。', indicator_name, score_raw, weight_raw) as message_zh,
        format('"{}" scored {}, above its weight {}.', indicator_name, score_raw, weight_raw) as message_en,
        json_object('weight', weight, 'score', score) as evidence
    from results_in_context
    where score > weight
),

satisfaction_rows as (
    select
        document_key,
        count(*) as n_rows,
        count(*) filter (where actual_kind = 'percent' and actual_number >= 100) as n_full,
        min(line_start) as line_start
    from results_in_context
    where level1_code = 'satisfaction'
    group by document_key
),

satisfaction_always_full as (
    select
        'satisfaction_always_full' as rule_id,
        document_key,
        format('满意度指标{}行中有{}行实际完成为100%。', n_rows, n_full) as message_zh,
        format('{} of {} satisfaction rows report exactly 100%.', n_full, n_rows) as message_en,
        json_object('rows', n_rows, 'full', n_full) as evidence,
        line_start
    from satisfaction_rows
    where n_rows >= {{ var('satisfaction_min_rows') }}
        and n_full >= {{ var('satisfaction_full_share') }} * n_rows
),

target_lowered as (
    select
        'target_lowered' as rule_id,
        indicator_target_key,
        format(
            '「{}」目标由{}（{}年）下调为{}（{}年）{}。', indicator_name, previous_target_raw, previous_fiscal_year,
            target_raw, fiscal_year,
            case
                when previous_is_met then '，而上年实际已达成'
                else format('，而预算由{}万元增至{}万元', round(previous_budget_wan, 2), round(budget_wan, 2))
            end
        ) as message_zh,
        format(
            '"{}" lowered from {} ({}) to {} ({}){}.', indicator_name, previous_target_raw, previous_fiscal_year,
            target_raw, fiscal_year,
            case
                when previous_is_met then ' although last year''s actual met it'
                else format(' while its budget rose from {} to {} 万元', round(previous_budget_wan, 2), round(budget_wan, 2))
            end
        ) as message_en,
        json_object(
            'target', target_raw, 'previous_target', previous_target_raw, 'budget_wan', budget_wan,
            'previous_budget_wan', previous_budget_wan, 'previous_actual', previous_actual_number
        ) as evidence
    from year_over_year
    where target_change_direction = 'lowered'
        and coalesce(operator, '>=') in ('>=', '>', '=') and coalesce(previous_operator, '>=') in ('>=', '>', '=')
        and (previous_is_met or budget_wan > previous_budget_wan)
),

cap_raised as (
    select
        'cap_raised' as rule_id,
        indicator_target_key,
        format('「{}」上限由{}（{}年）上调为{}（{}年）。', indicator_name, previous_target_raw, previous_fiscal_year,
            target_raw, fiscal_year) as message_zh,
        format('"{}" cap raised from {} ({}) to {} ({}).', indicator_name, previous_target_raw, previous_fiscal_year,
            target_raw, fiscal_year) as message_en,
        json_object('target', target_raw, 'previous_target', previous_target_raw) as evidence
    from year_over_year
    where target_change_direction = 'raised' and value_kind = 'rate' and operator in ('<=', '<')
),

swapped_pairs as (
    select
        a.indicator_target_key,
        a.indicator_name,
        b.indicator_name as other_name,
        a.previous_fiscal_year,
        a.fiscal_year,
        a.previous_target_raw,
        a.target_raw,
        b.previous_target_raw as other_previous_target_raw,
        b.target_raw as other_target_raw
    from year_over_year as a
    inner join year_over_year as b
        on a.agency_key = b.agency_key
        and a.fiscal_year = b.fiscal_year
        and a.previous_fiscal_year = b.previous_fiscal_year
        and a.series_key <> b.series_key
        and a.unit is not distinct from b.unit
        and a.value_number = b.previous_value_number
        and b.value_number = a.previous_value_number
        and a.value_number <> a.previous_value_number
    -- an indicator whose values several others took is flagged once, with one of them named
    qualify row_number() over (partition by a.indicator_target_key order by b.indicator_name, b.series_key) = 1
),

values_swapped as (
    select
        'values_swapped' as rule_id,
        indicator_target_key,
        format('「{}」与「{}」的目标值在{}年与{}年之间互换（{}/{} → {}/{}）。', indicator_name, other_name,
            previous_fiscal_year, fiscal_year, previous_target_raw, other_previous_target_raw, target_raw,
            other_target_raw) as message_zh,
        format('"{}" and "{}" swapped their targets between {} and {} ({}/{} -> {}/{}).', indicator_name, other_name,
            previous_fiscal_year, fiscal_year, previous_target_raw, other_previous_target_raw, target_raw,
            other_target_raw) as message_en,
        json_object('target', target_raw, 'previous_target', previous_target_raw, 'other_indicator', other_name,
            'other_target', other_target_raw, 'other_previous_target', other_previous_target_raw) as evidence
    from swapped_pairs
),

-- peers: the same indicator (name, unit) set by agencies of the same admin level (a county's
-- targets are not a province's), across their projects and years
peer_targets as (
    select
        targets.*,
        {{ normalise_indicator_name('targets.indicator_name') }} as peer_name,
        coalesce(agencies.admin_level, 'unknown') as peer_level
    from targets
    left join agencies
        on targets.agency_key = agencies.agency_key
    where targets.operator in ('>=', '>') and targets.value_number is not null
),

peer_groups as (
    select
        *,
        count(distinct agency_key) over peer as peer_agencies,
        count(*) over peer as peer_rows,
        median(value_number) over peer as peer_median
    from peer_targets
    window peer as (partition by indicator_key, value_kind, unit, peer_name, peer_level)
),

peer_scored as (
    select
        *,
        median(abs(value_number - peer_median)) over (
            partition by indicator_key, value_kind, unit, peer_name, peer_level
        ) as peer_mad
    from peer_groups
    where peer_agencies >= {{ var('peer_min_agencies') }} and peer_rows >= {{ var('peer_min_rows') }}
),

peer_low as (
    select
        'peer_low' as rule_id,
        indicator_target_key,
        format('「{}」目标{}，明显低于同类{}个目标的中位数{}。', indicator_name, target_raw, peer_rows, peer_median)
            as message_zh,
        format('"{}" targets {}, far below the median {} of {} peer targets.', indicator_name, target_raw,
            peer_median, peer_rows) as message_en,
        json_object('target', target_raw, 'peer_median', peer_median, 'peer_rows', peer_rows,
            'robust_z', (value_number - peer_median) / (1.4826 * peer_mad)) as evidence
    from peer_scored
    where peer_mad > 0
        and (value_number - peer_median) / (1.4826 * peer_mad) <= {{ var('peer_z_max') }}
        and value_number < {{ var('peer_ratio_max') }} * peer_median
),

indicator_flags as (
    select * from lax_zero_bound
    union all select * from lax_one_on_large_budget
    union all select * from output_capped
    union all select * from lax_by_outcome
    union all select * from padded_cost
    union all select * from cost_above_budget
    union all select * from unmeasurable_target
    union all select * from satisfaction_as_word
    union all select * from malformed_target
    union all select * from full_score_target_missed
    union all select * from score_above_weight
    union all select * from target_lowered
    union all select * from cap_raised
    union all select * from values_swapped
    union all select * from peer_low
),

flagged_indicators as (
    select
        indicator_flags.rule_id,
        'indicator' as subject_type,
        indicator_flags.indicator_target_key,
        targets.project_key,
        targets.document_key,
        targets.agency_key,
        targets.fiscal_year,
        indicator_flags.message_zh,
        indicator_flags.message_en,
        indicator_flags.evidence,
        targets.line_start,
        targets.line_end
    from indicator_flags
    inner join targets
        on indicator_flags.indicator_target_key = targets.indicator_target_key
),

flagged_documents as (
    select
        satisfaction_always_full.rule_id,
        'document' as subject_type,
        null as indicator_target_key,
        null as project_key,
        documents.document_key,
        documents.agency_key,
        documents.fiscal_year,
        satisfaction_always_full.message_zh,
        satisfaction_always_full.message_en,
        satisfaction_always_full.evidence,
        satisfaction_always_full.line_start,
        satisfaction_always_full.line_start as line_end
    from satisfaction_always_full
    inner join {{ ref('dim_documents') }} as documents
        on satisfaction_always_full.document_key = documents.document_key
),

all_flags as (
    select * from flagged_indicators
    union all
    select * from flagged_documents
),

final as (
    select
        md5(all_flags.rule_id || '|' || coalesce(all_flags.indicator_target_key, all_flags.document_key)) as flag_key,
        all_flags.rule_id,
        rules.name_zh as rule_name_zh,
        rules.name_en as rule_name_en,
        rules.severity,
        all_flags.subject_type,
        all_flags.indicator_target_key,
        all_flags.project_key,
        all_flags.document_key,
        all_flags.agency_key,
        all_flags.fiscal_year,
        all_flags.message_zh,
        all_flags.message_en,
        all_flags.evidence,
        all_flags.line_start,
        all_flags.line_end
    from all_flags
    inner join rules
        on all_flags.rule_id = rules.rule_id
)

select
    cast(flag_key as varchar) as flag_key,
    cast(rule_id as varchar) as rule_id,
    cast(rule_name_zh as varchar) as rule_name_zh,
    cast(rule_name_en as varchar) as rule_name_en,
    cast(severity as integer) as severity,
    cast(subject_type as varchar) as subject_type,
    cast(indicator_target_key as varchar) as indicator_target_key,
    cast(project_key as varchar) as project_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(message_zh as varchar) as message_zh,
    cast(message_en as varchar) as message_en,
    cast(evidence as varchar) as evidence,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end
from final
