-- One row per target table under review (a project's, or a department document's): how
-- complete and how measurable its indicators are, scored by the criteria of seed
-- target_quality_criteria (the points of each, earned in full or by share), and the grade of
-- seed target_quality_grades with its consequence (中: revise and resubmit; 差: the budget may
-- not be arranged). A cost indicator is expected from fiscal year var cost_indicator_from_year.
with

targets as not materialized (
    select * from {{ ref('fct_indicator_targets') }}
    where doc_type in ('project_targets', 'department_targets')
),

criteria as not materialized (
    select * from {{ ref('target_quality_criteria') }}
),

grades as not materialized (
    select * from {{ ref('target_quality_grades') }}
),

measured as (
    select
        coalesce(project_key, document_key) as review_subject_key,
        if(project_key is null, 'document', 'project') as subject_type,
        any_value(project_key) as project_key,
        any_value(document_key) as document_key,
        any_value(agency_key) as agency_key,
        any_value(fiscal_year) as fiscal_year,
        count(*) as n_indicators,
        bool_or(level2_code = 'quantity') as has_quantity,
        bool_or(level2_code = 'quality') as has_quality,
        bool_or(level2_code = 'timeliness') as has_timeliness,
        bool_or(level2_code = 'cost' or level1_code = 'cost') as has_cost,
        bool_or(level1_code = 'effect') as has_effect,
        bool_or(level1_code = 'satisfaction') as has_satisfaction,
        avg(if(value_kind in ('count', 'percent', 'money', 'rate', 'deadline', 'duration'), 1, 0)) as quantified_share,
        coalesce(
            avg(if(unit is not null, 1, 0)) filter (where value_kind in ('count', 'money', 'rate', 'duration')), 1
        ) as unit_share,
        avg(
            if(value_kind in ('qualitative', 'blank', 'malformed') or (operator in ('>=', '>') and value_number = 0), 1, 0)
        ) as vague_share,
        min(line_start) as line_start,
        max(line_end) as line_end
    from targets
    group by 1, 2
),

earned as (
    select
        measured.review_subject_key,
        criteria.criterion_id,
        criteria.name_zh,
        criteria.name_en,
        criteria.points,
        criteria.points * case criteria.criterion_id
            when 'output_quantity' then if(has_quantity, 1, 0)
            when 'output_quality' then if(has_quality, 1, 0)
            when 'output_timeliness' then if(has_timeliness, 1, 0)
            when 'cost' then if(has_cost or fiscal_year < {{ var('cost_indicator_from_year') }}, 1, 0)
            when 'effect' then if(has_effect, 1, 0)
            when 'satisfaction' then if(has_satisfaction, 1, 0)
            when 'quantified' then quantified_share
            when 'with_units' then unit_share
            when 'not_vague' then 1 - vague_share
            else error('criterion ' || criteria.criterion_id || ' of seed target_quality_criteria has no measure in '
                || 'rpt_target_table_grades')
        end as points_earned
    from measured
    cross join criteria
),

scored as (
    select
        review_subject_key,
        sum(points_earned) as quality_score,
        string_agg(name_zh, '、' order by points desc, criterion_id) filter (where points_earned = 0) as missing_zh,
        string_agg(name_en, '; ' order by points desc, criterion_id) filter (where points_earned = 0) as missing_en
    from earned
    group by review_subject_key
),

graded as (
    select
        measured.*,
        scored.quality_score,
        scored.missing_zh,
        scored.missing_en,
        (select arg_max(g.grade, g.min_score) from grades as g where scored.quality_score >= g.min_score) as grade
    from measured
    inner join scored using (review_subject_key)
)

select
    cast(graded.review_subject_key as varchar) as review_subject_key,
    cast(subject_type as varchar) as subject_type,
    cast(project_key as varchar) as project_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(n_indicators as integer) as n_indicators,
    cast(has_quantity as boolean) as has_quantity,
    cast(has_quality as boolean) as has_quality,
    cast(has_timeliness as boolean) as has_timeliness,
    cast(has_cost as boolean) as has_cost,
    cast(
        case
            when has_cost then '已填报'
            when fiscal_year < {{ var('cost_indicator_from_year') }} then '不要求'
            else '未填报'
        end as varchar
    ) as cost_status,
    cast(has_effect as boolean) as has_effect,
    cast(has_satisfaction as boolean) as has_satisfaction,
    cast(quantified_share as double) as quantified_share,
    cast(unit_share as double) as unit_share,
    cast(vague_share as double) as vague_share,
    cast(round(quality_score, 1) as double) as quality_score,
    cast(grade as varchar) as grade,
    cast(grades.consequence_zh as varchar) as consequence_zh,
    cast(grades.consequence_en as varchar) as consequence_en,
    cast(missing_zh as varchar) as missing_zh,
    cast(missing_en as varchar) as missing_en,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end
from graded
left join grades using (grade)
