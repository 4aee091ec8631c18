with

source as (
    select * from {{ source('raw', 'indicators') }}
),

renamed as (
    select
        document_id,
        table_no,
        row_no,
        md5(document_id || '|' || table_no || '|' || row_no) as indicator_row_key,
        level1_raw,
        level2_raw,
        level3_raw,
        -- label cores: whitespace, an "一级指标:" prefix, an 产出/效益 prefix and the 指标/值
        -- suffix removed, so that 经济效益 and 经济效益指标, 产出数量指标 and 数量指标 meet
        regexp_replace(
            regexp_replace(regexp_replace(level1_raw, '\s', '', 'g'), '^[一二]级指标[:：]?', ''),
            '(类指标|指标|值)$', ''
        ) as level1_core,
        regexp_replace(
            regexp_replace(
                regexp_replace(regexp_replace(level2_raw, '\s', '', 'g'), '^[一二]级指标[:：]?', ''),
                '(类指标|指标|值)$', ''
            ),
            '^(产出|效益)(.+)$', '\2'
        ) as level2_core,
        description_raw,
        target_raw,
        basis_raw,
        actual_raw,
        weight_raw,
        score_raw,
        {{ to_number('weight_raw') }} as weight,
        {{ to_number('score_raw') }} as score,
        deviation_reason_raw,
        line_start,
        line_end,
        location
    from source
)

select * from renamed
