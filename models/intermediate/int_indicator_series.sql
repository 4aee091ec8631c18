-- One row per indicator name used by an agency: the series it belongs to across years.
-- Same normalised name -> same series; otherwise the most similar name of the same agency and
-- level-2 label, with a value of the same kind and never seen in the same year, when both are
-- each other's best match above var('series_fuzzy_threshold'); a curated override (seed
-- indicator_series_overrides) wins.
with

indicators as not materialized (
    select * from {{ ref('int_indicators_enriched') }}
),

agencies as not materialized (
    select * from {{ ref('int_agencies_parsed') }}
),

overrides as not materialized (
    select * from {{ ref('indicator_series_overrides') }}
),

names as (
    select
        agency_key,
        coalesce(level2_code, 'unknown') as level2_code,
        indicator_name_normalised,
        list_distinct(list(fiscal_year)) as years,
        list_distinct(list(value_kind)) as kinds,
        min(indicator_name) as example_name
    from indicators
    where agency_key is not null
    group by 1, 2, 3
),

candidates as (
    select
        a.agency_key,
        a.level2_code,
        a.indicator_name_normalised as name_a,
        b.indicator_name_normalised as name_b,
        jaro_winkler_similarity(a.indicator_name_normalised, b.indicator_name_normalised) as similarity
    from names as a
    inner join names as b
        on a.agency_key = b.agency_key
        and a.level2_code = b.level2_code
        and a.indicator_name_normalised <> b.indicator_name_normalised
        and not list_has_any(a.years, b.years)
        and list_has_any(a.kinds, b.kinds)
),

best as (
    select
        *,
        row_number() over (partition by agency_key, level2_code, name_a order by similarity desc, name_b) as rank_a,
        row_number() over (partition by agency_key, level2_code, name_b order by similarity desc, name_a) as rank_b
    from candidates
    where similarity >= {{ var('series_fuzzy_threshold') }}
),

fuzzy as (
    -- mutual best matches: both names join the series of the smaller one
    select agency_key, level2_code, name_a as indicator_name_normalised, least(name_a, name_b) as series_name, similarity
    from best
    where rank_a = 1 and rank_b = 1
),

override_names as (
    select
        agencies.agency_key,
        {{ normalise_indicator_name('overrides.indicator_name') }} as indicator_name_normalised,
        overrides.series_name
    from overrides
    inner join (select distinct agency_key, agency_name from agencies) as agencies
        on overrides.agency_name = agencies.agency_name
),

final as (
    select
        md5(names.agency_key || '|' || names.level2_code || '|' || names.indicator_name_normalised) as series_member_key,
        names.agency_key,
        names.level2_code,
        names.indicator_name_normalised,
        coalesce(override_names.series_name, fuzzy.series_name, names.indicator_name_normalised) as series_name,
        case
            when override_names.series_name is not null then 'override'
            when fuzzy.series_name is not null then 'fuzzy'
            else 'normalised_name'
        end as match_method,
        case when override_names.series_name is null then fuzzy.similarity end as similarity,
        md5(
            names.agency_key || '|'
            || coalesce(override_names.series_name, fuzzy.series_name, names.indicator_name_normalised)
        ) as series_key
    from names
    left join fuzzy
        on names.agency_key = fuzzy.agency_key
        and names.level2_code = fuzzy.level2_code
        and names.indicator_name_normalised = fuzzy.indicator_name_normalised
    left join override_names
        on names.agency_key = override_names.agency_key
        and names.indicator_name_normalised = override_names.indicator_name_normalised
)

select * from final
