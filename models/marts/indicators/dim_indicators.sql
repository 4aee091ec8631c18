with

level1_labels as not materialized (
    select * from {{ ref('indicator_level1_labels') }}
),

level2_labels as not materialized (
    select * from {{ ref('indicator_level2_labels') }}
),

level1 as (
    select distinct level1_code, level1_name_zh, level1_name_en from level1_labels
),

level2 as (
    select distinct level1_code, level2_code, level2_name_zh, level2_name_en from level2_labels
),

known as (
    select
        level1.level1_code || '.' || level2.level2_code as indicator_key,
        level1.level1_code,
        level2.level2_code,
        level1.level1_name_zh,
        level2.level2_name_zh,
        level1.level1_name_en,
        level2.level2_name_en
    from level2
    inner join level1
        on level2.level1_code = level1.level1_code
),

unknown_level2 as (
    -- a recognised level 1 with a level-2 label the seeds do not know (yet)
    select
        level1_code || '.unknown' as indicator_key,
        level1_code,
        'unknown' as level2_code,
        level1_name_zh,
        '未识别' as level2_name_zh,
        level1_name_en,
        'unrecognised' as level2_name_en
    from level1
    union all
    select 'unknown.unknown', 'unknown', 'unknown', '未识别', '未识别', 'unrecognised', 'unrecognised'
),

final as (
    select * from known
    union all
    select * from unknown_level2
)

select
    cast(indicator_key as varchar) as indicator_key,
    cast(level1_code as varchar) as level1_code,
    cast(level2_code as varchar) as level2_code,
    cast(level1_name_zh as varchar) as level1_name_zh,
    cast(level2_name_zh as varchar) as level2_name_zh,
    cast(level1_name_en as varchar) as level1_name_en,
    cast(level2_name_en as varchar) as level2_name_en
from final
