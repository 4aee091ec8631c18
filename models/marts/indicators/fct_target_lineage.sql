-- One row per indicator of a self-evaluated table or of the target table it evaluates
-- (int_selfeval_target_tables): the target as published beside the target as evaluated.
-- An evaluated indicator meets its published row by normalised name (the k-th row of a name the
-- k-th of that name), else by the most similar name of the same level-2 class and value kind
-- (macro name_similarity ≥ var lineage_name_threshold), each the other's best match, ties to the
-- nearer row. Status: kept (the same target, however written: ≥95% and 不低于95% are one),
-- changed (another value, unit, comparison or deadline, or a number become words), reworded (a
-- qualitative target in other words), not_restated (the self-evaluation leaves the target
-- blank), dropped (published, not evaluated) or added (evaluated, never published).
with

pairs as not materialized (
    select * from {{ ref('int_selfeval_target_tables') }}
    where target_table_key is not null
),

-- the tables a pair holds: only their indicators are numbered (whole tables, so the numbers are
-- the same as over every table; numbering every target sorted all of them)
paired_tables as (
    select target_table_key as table_key from pairs
    union
    select selfeval_table_key from pairs
),

indicators as (
    select
        *,
        {{ normalise_indicator_name('indicator_name') }} as name_normalised,
        row_number() over (partition by table_key order by table_no, row_no) as position
    from (
        select
            *,
            coalesce(project_key, document_key) as table_key
        from {{ ref('fct_indicator_targets') }}
        where indicator_name is not null
    )
    where table_key in (select table_key from paired_tables)
),

ranked_names as (
    select
        *,
        row_number() over (partition by table_key, name_normalised order by position) as name_rank
    from indicators
),

planned as (
    select pairs.selfeval_table_key, ranked_names.*
    from pairs
    inner join ranked_names
        on pairs.target_table_key = ranked_names.table_key
),

evaluated as (
    select pairs.selfeval_table_key, ranked_names.*
    from pairs
    inner join ranked_names
        on pairs.selfeval_table_key = ranked_names.table_key
),

same_names as (
    select
        planned.selfeval_table_key,
        planned.indicator_target_key as planned_key,
        evaluated.indicator_target_key as evaluated_key,
        1.0 as similarity,
        true as is_same_name
    from planned
    inner join evaluated
        on planned.selfeval_table_key = evaluated.selfeval_table_key
        and planned.name_normalised = evaluated.name_normalised
        and planned.name_rank = evaluated.name_rank
),

planned_left as (
    select * from planned
    where not exists (
        select 1 from same_names
        where same_names.selfeval_table_key = planned.selfeval_table_key
            and same_names.planned_key = planned.indicator_target_key
    )
),

evaluated_left as (
    select * from evaluated
    where not exists (
        select 1 from same_names
        where same_names.selfeval_table_key = evaluated.selfeval_table_key
            and same_names.evaluated_key = evaluated.indicator_target_key
    )
),

similar_names as (
    select
        planned_left.selfeval_table_key,
        planned_left.indicator_target_key as planned_key,
        evaluated_left.indicator_target_key as evaluated_key,
        abs(planned_left.position - evaluated_left.position) as distance,
        {{ name_similarity('planned_left.name_normalised', 'evaluated_left.name_normalised') }} as similarity
    from planned_left
    inner join evaluated_left
        on planned_left.selfeval_table_key = evaluated_left.selfeval_table_key
        and planned_left.level2_code = evaluated_left.level2_code
        and planned_left.value_kind = evaluated_left.value_kind
),

best as (
    select
        *,
        row_number() over (
            partition by selfeval_table_key, planned_key order by similarity desc, distance, evaluated_key
        ) as rank_planned,
        row_number() over (
            partition by selfeval_table_key, evaluated_key order by similarity desc, distance, planned_key
        ) as rank_evaluated
    from similar_names
    where similarity >= {{ var('lineage_name_threshold') }}
),

matched as (
    select * from same_names
    union all
    select selfeval_table_key, planned_key, evaluated_key, similarity, false as is_same_name
    from best
    where rank_planned = 1 and rank_evaluated = 1
),

lined as (
    select
        coalesce(planned.selfeval_table_key, evaluated.selfeval_table_key) as selfeval_table_key,
        planned.indicator_target_key as planned_key,
        evaluated.indicator_target_key as evaluated_key,
        matched.is_same_name,
        matched.similarity,
        planned.indicator_name as planned_name,
        evaluated.indicator_name as evaluated_name,
        coalesce(evaluated.level1_code, planned.level1_code) as level1_code,
        coalesce(evaluated.level2_code, planned.level2_code) as level2_code,
        coalesce(planned.direction, evaluated.direction) as direction,
        planned.target_raw as planned_target_raw,
        evaluated.target_raw as evaluated_target_raw,
        planned.operator as planned_operator,
        evaluated.operator as evaluated_operator,
        planned.value_number as planned_value,
        evaluated.value_number as evaluated_value,
        planned.unit as planned_unit,
        evaluated.unit as evaluated_unit,
        planned.value_kind as planned_kind,
        evaluated.value_kind as evaluated_kind,
        planned.deadline_date as planned_deadline,
        evaluated.deadline_date as evaluated_deadline,
        planned.line_start as planned_line_start,
        evaluated.line_start as evaluated_line_start,
        planned.position as planned_position,
        evaluated.position as evaluated_position
    from matched
    inner join planned
        on matched.selfeval_table_key = planned.selfeval_table_key
        and matched.planned_key = planned.indicator_target_key
    inner join evaluated
        on matched.selfeval_table_key = evaluated.selfeval_table_key
        and matched.evaluated_key = evaluated.indicator_target_key

    union all

    select
        planned.selfeval_table_key, planned.indicator_target_key, null, null, null,
        planned.indicator_name, null, planned.level1_code, planned.level2_code, planned.direction,
        planned.target_raw, null, planned.operator, null, planned.value_number, null, planned.unit, null,
        planned.value_kind, null, planned.deadline_date, null, planned.line_start, null, planned.position, null
    from planned
    where not exists (
        select 1 from matched
        where matched.selfeval_table_key = planned.selfeval_table_key
            and matched.planned_key = planned.indicator_target_key
    )

    union all

    select
        evaluated.selfeval_table_key, null, evaluated.indicator_target_key, null, null,
        null, evaluated.indicator_name, evaluated.level1_code, evaluated.level2_code, evaluated.direction,
        null, evaluated.target_raw, null, evaluated.operator, null, evaluated.value_number, null, evaluated.unit,
        null, evaluated.value_kind, null, evaluated.deadline_date, null, evaluated.line_start, null,
        evaluated.position
    from evaluated
    where not exists (
        select 1 from matched
        where matched.selfeval_table_key = evaluated.selfeval_table_key
            and matched.evaluated_key = evaluated.indicator_target_key
    )
),

compared as (
    select
        *,
        case
            when planned_key is null or evaluated_key is null then null
            when coalesce(trim(evaluated_target_raw), '') = '' or evaluated_kind = 'blank' then null
            when regexp_replace(planned_target_raw, '\s', '', 'g') = regexp_replace(evaluated_target_raw, '\s', '', 'g')
                then null
            when planned_kind = 'deadline' and evaluated_kind = 'deadline' then
                case
                    when planned_deadline is not null and evaluated_deadline is not null
                        then if(planned_deadline <> evaluated_deadline, 'deadline', null)
                    when {{ normalise_indicator_name('planned_target_raw') }}
                        <> {{ normalise_indicator_name('evaluated_target_raw') }} then 'deadline'
                end
            when planned_value is not null and evaluated_value is not null then
                case
                    when planned_value <> evaluated_value then 'value'
                    -- units compared where both are written, without a trailing note (%(含) is %)
                    when regexp_replace(planned_unit, '[（(].*$', '') <> regexp_replace(evaluated_unit, '[（(].*$', '')
                        then 'unit'
                    -- =100% and ≥100% ask the same
                    when planned_operator <> evaluated_operator
                        and not (
                            planned_value = 100 and planned_kind = 'percent'
                            and least(planned_operator, evaluated_operator) = '='
                            and greatest(planned_operator, evaluated_operator) = '>='
                        )
                        then 'comparison'
                end
            when planned_value is null and evaluated_value is null and planned_kind = evaluated_kind
                then if(
                    {{ normalise_indicator_name('planned_target_raw') }}
                    = {{ normalise_indicator_name('evaluated_target_raw') }}, null, 'words'
                )
            else 'kind'
        end as change
    from lined
),

final as (
    select
        md5(
            compared.selfeval_table_key || '|' || coalesce(compared.planned_key, '') || '|'
            || coalesce(compared.evaluated_key, '')
        ) as lineage_key,
        pairs.selfeval_document_id as selfeval_document_key,
        pairs.selfeval_project_key,
        pairs.target_document_id as target_document_key,
        pairs.target_project_key,
        pairs.table_type,
        pairs.match_method as table_match_method,
        pairs.agency_key,
        pairs.fiscal_year,
        case
            when compared.evaluated_key is null then 'dropped'
            when compared.planned_key is null then 'added'
            when coalesce(trim(compared.evaluated_target_raw), '') = '' or compared.evaluated_kind = 'blank'
                then 'not_restated'
            when compared.change = 'words' then 'reworded'
            when compared.change is not null then 'changed'
            else 'kept'
        end as status,
        nullif(compared.change, 'words') as change,
        -- whether the evaluated target is easier to meet than the published one: a floor lowered,
        -- a cap or a deadline raised (a value without a comparison is a cap when it is a cost or
        -- its words say decrease)
        case
            when compared.change = 'value' and coalesce(
                compared.planned_operator, compared.evaluated_operator,
                if(compared.direction = 'decrease' or compared.level2_code = 'cost', '<=', '>=')
            ) in ('<=', '<')
                then if(compared.evaluated_value > compared.planned_value, 'easier', 'harder')
            when compared.change = 'value'
                then if(compared.evaluated_value < compared.planned_value, 'easier', 'harder')
            when compared.change = 'deadline' and compared.evaluated_deadline is not null
                and compared.planned_deadline is not null
                then if(compared.evaluated_deadline > compared.planned_deadline, 'easier', 'harder')
        end as change_direction,
        case
            when compared.planned_key is null or compared.evaluated_key is null then null
            when compared.is_same_name then 'name'
            else 'similar_name'
        end as name_match_method,
        compared.similarity as name_similarity,
        compared.planned_key as planned_indicator_target_key,
        compared.evaluated_key as evaluated_indicator_target_key,
        compared.level1_code,
        compared.level2_code,
        compared.planned_name,
        compared.evaluated_name,
        compared.planned_target_raw,
        compared.evaluated_target_raw,
        compared.planned_line_start,
        compared.evaluated_line_start,
        coalesce(compared.evaluated_position, compared.planned_position) as position
    from compared
    inner join pairs
        on compared.selfeval_table_key = pairs.selfeval_table_key
)

select
    cast(lineage_key as varchar) as lineage_key,
    cast(selfeval_document_key as varchar) as selfeval_document_key,
    cast(selfeval_project_key as varchar) as selfeval_project_key,
    cast(target_document_key as varchar) as target_document_key,
    cast(target_project_key as varchar) as target_project_key,
    cast(table_type as varchar) as table_type,
    cast(table_match_method as varchar) as table_match_method,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(status as varchar) as status,
    cast(change as varchar) as change,
    cast(change_direction as varchar) as change_direction,
    cast(name_match_method as varchar) as name_match_method,
    cast(name_similarity as double) as name_similarity,
    cast(planned_indicator_target_key as varchar) as planned_indicator_target_key,
    cast(evaluated_indicator_target_key as varchar) as evaluated_indicator_target_key,
    cast(level1_code as varchar) as level1_code,
    cast(level2_code as varchar) as level2_code,
    cast(planned_name as varchar) as planned_indicator_name,
    cast(evaluated_name as varchar) as evaluated_indicator_name,
    cast(planned_target_raw as varchar) as planned_target_raw,
    cast(evaluated_target_raw as varchar) as evaluated_target_raw,
    cast(planned_line_start as integer) as planned_line_start,
    cast(evaluated_line_start as integer) as evaluated_line_start,
    cast(position as integer) as position
from final
