with

source as not materialized (
    select * from {{ source('raw', 'ocr_cells') }}
),

renamed as (
    select
        md5(document_id || '|' || line_start || '|' || cell_no) as ocr_cell_key,
        document_id,
        line_start,
        line_end,
        cell_no,
        text as cell_text,
        -- the text without spaces: what a record's value is matched against
        replace(replace(text, ' ', ''), chr(10), '') as cell_text_squashed,
        confidence,
        location
    from source
)

select * from renamed
