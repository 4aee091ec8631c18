-- One row per indicator row, with its document, agency, project, canonical labels and
-- interpreted values side by side.
with

indicators as not materialized (
    select * from {{ ref('stg_jixiao_raw__indicators') }}
),

documents as not materialized (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

projects as not materialized (
    select * from {{ ref('stg_jixiao_raw__projects') }}
),

agencies as not materialized (
    select * from {{ ref('int_agencies_parsed') }}
),

values_interpreted as not materialized (
    select * from {{ ref('int_indicator_values_interpreted') }}
),

ocr as not materialized (
    select * from {{ ref('int_indicator_ocr_confidence') }}
),

labels_classified as not materialized (
    select * from {{ ref('int_indicator_labels_classified') }}
),

level1_labels as not materialized (
    select * from {{ ref('indicator_level1_labels') }}
),

level2_labels as not materialized (
    select * from {{ ref('indicator_level2_labels') }}
),

joined as (
    select
        indicators.indicator_row_key,
        indicators.document_id,
        documents.doc_type,
        documents.fiscal_year,
        indicators.table_no,
        indicators.row_no,
        projects.project_key,
        case when projects.project_key is null and indicators.table_no > 0 then indicators.table_no end as goal_no,
        coalesce(project_agencies.agency_key, document_agencies.agency_key) as agency_key,
        indicators.level1_raw,
        indicators.level2_raw,
        coalesce(level2_labels.level1_code, level1_labels.level1_code) as level1_code,
        level2_labels.level2_code,
        labels_classified.level1_points_raw,
        labels_classified.are_labels_exact,
        indicators.level3_raw as indicator_name,
        {{ normalise_indicator_name('indicators.level3_raw') }} as indicator_name_normalised,
        indicators.description_raw,
        indicators.basis_raw,
        values_interpreted.target_raw,
        values_interpreted.operator,
        values_interpreted.value_number,
        values_interpreted.unit,
        values_interpreted.value_kind,
        values_interpreted.deadline_date,
        values_interpreted.direction,
        values_interpreted.actual_raw,
        values_interpreted.actual_number,
        values_interpreted.actual_unit,
        values_interpreted.actual_kind,
        values_interpreted.actual_date,
        values_interpreted.is_met,
        values_interpreted.target_ocr_confidence,
        values_interpreted.actual_ocr_confidence,
        indicators.weight_raw,
        indicators.score_raw,
        case when not coalesce(ocr.is_weight_unsure, false) then indicators.weight end as weight,
        case when not coalesce(ocr.is_score_unsure, false) then indicators.score end as score,
        indicators.deviation_reason_raw,
        indicators.extra_raw,
        indicators.placement_confidence,
        indicators.line_start,
        indicators.line_end,
        indicators.location
    from indicators
    inner join documents
        on indicators.document_id = documents.document_id
    inner join values_interpreted
        on indicators.indicator_row_key = values_interpreted.indicator_row_key
    left join ocr
        on indicators.indicator_row_key = ocr.indicator_row_key
    left join projects
        on indicators.document_id = projects.document_id
        and indicators.table_no = projects.table_no
    left join agencies as project_agencies
        on projects.document_id = project_agencies.document_id
        and projects.agency_raw = project_agencies.agency_raw
    left join agencies as document_agencies
        on documents.document_id = document_agencies.document_id
        and documents.agency_raw = document_agencies.agency_raw
    left join labels_classified
        on indicators.level1_raw is not distinct from labels_classified.level1_raw
        and indicators.level2_raw is not distinct from labels_classified.level2_raw
    left join level1_labels
        on labels_classified.level1_core = level1_labels.label_core
    left join level2_labels
        on labels_classified.level2_core = level2_labels.label_core
)

select * from joined
