{% macro review_rule__values_swapped() %}
with

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
)

select
    indicator_target_key as subject_key,
    format('「{}」与「{}」的目标值在{}年与{}年之间互换（{}/{} → {}/{}）。', indicator_name, other_name,
        previous_fiscal_year, fiscal_year, previous_target_raw, other_previous_target_raw, target_raw,
        other_target_raw) as message_zh,
    format('"{}" and "{}" swapped their targets between {} and {} ({}/{} -> {}/{}).', indicator_name, other_name,
        previous_fiscal_year, fiscal_year, previous_target_raw, other_previous_target_raw, target_raw,
        other_target_raw) as message_en,
    json_object('target', target_raw, 'previous_target', previous_target_raw, 'other_indicator', other_name,
        'other_target', other_target_raw, 'other_previous_target', other_previous_target_raw) as evidence
from swapped_pairs
{% endmacro %}
