{% macro review_rule__peer_low() %}
-- peers: the same indicator (name, unit) set by agencies of the same admin level (a county's
-- targets are not a province's), across their projects and years
with

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
)

select
    indicator_target_key as subject_key,
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
{% endmacro %}
