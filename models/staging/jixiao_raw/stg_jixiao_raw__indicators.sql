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
        description_raw,
        target_raw,
        basis_raw,
        actual_raw,
        weight_raw,
        score_raw,
        {{ to_number('weight_raw') }} as weight,
        {{ to_number('score_raw') }} as score,
        deviation_reason_raw,
        extra_raw,
        placement_confidence,
        line_start,
        line_end,
        location
    from source
)

select * from renamed
