-- One row per distinct pair of level labels as written: each label's seed core as the readers
-- match it (jixiao_label, the readers' own vocabulary: ordinals, points, annotations and the
-- 指标/值/等 suffixes taken off), the points it carries, and whether the match was loose.
-- Materialised as a table so that nothing downstream needs the function.
with

indicators as not materialized (
    select * from {{ ref('stg_jixiao_raw__indicators') }}
),

pairs as (
    select distinct level1_raw, level2_raw
    from indicators
),

classified as (
    select
        level1_raw,
        level2_raw,
        jixiao_label(level1_raw) as level1_label,
        jixiao_label(level2_raw) as level2_label
    from pairs
),

final as (
    select
        level1_raw,
        level2_raw,
        level1_label.core as level1_core,
        level2_label.core as level2_core,
        level1_label.points as level1_points_raw,
        level2_label.points as level2_points_raw,
        coalesce(level1_label.is_exact, true) and coalesce(level2_label.is_exact, true) as are_labels_exact
    from classified
)

select * from final
