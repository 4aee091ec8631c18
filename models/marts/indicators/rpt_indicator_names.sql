-- One row per indicator name, unit and class with a numeric target: how many numeric targets it
-- has. The indicator page searches these names (and their classes) instead of every target.
with

targets as not materialized (
    select * from {{ ref('fct_indicator_targets') }}
),

indicators as not materialized (
    select * from {{ ref('dim_indicators') }}
),

named as (
    select
        targets.indicator_name,
        targets.unit,
        targets.indicator_key,
        count(*) as numeric_targets
    from targets
    where targets.value_number is not null
    group by 1, 2, 3
)

select
    md5(concat_ws('|', named.indicator_name, coalesce(named.unit, chr(0)), named.indicator_key)) as indicator_name_key,
    named.indicator_name,
    named.unit,
    named.indicator_key,
    indicators.level2_name_zh,
    indicators.level2_name_en,
    named.numeric_targets
from named
inner join indicators using (indicator_key)
