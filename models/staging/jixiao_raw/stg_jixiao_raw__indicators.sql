-- a table: several intermediate models and tests read it, each would recompute it as a view
{{ config(materialized='table') }}

with

repeated as (
    -- (document, table, row) numbers a reader gave two rows: rare, so only those rows are sorted
    -- (a window over every row sorts the whole raw table)
    select document_id, table_no, row_no
    from {{ source('raw', 'indicators') }}
    group by document_id, table_no, row_no
    having count(*) > 1
),

duplicates as (
    select
        indicators.rowid as raw_rowid,
        row_number() over (
            partition by indicators.document_id, indicators.table_no, indicators.row_no
            order by indicators.line_start, indicators.line_end, indicators.level3_raw
        ) as duplicate_no
    from {{ source('raw', 'indicators') }} as indicators
    semi join repeated using (document_id, table_no, row_no)
),

source as (
    select
        indicators.*,
        coalesce(duplicates.duplicate_no, 1) as duplicate_no
    from {{ source('raw', 'indicators') }} as indicators
    left join duplicates on indicators.rowid = duplicates.raw_rowid
),

renamed as (
    select
        document_id,
        table_no,
        row_no,
        -- unique by construction: a reader that numbers two rows alike (a goal table and a project
        -- table of one number) gets the second one's key from its place in the text
        md5(
            document_id || '|' || table_no || '|' || row_no
            || case when duplicate_no > 1 then '|' || duplicate_no else '' end
        ) as indicator_row_key,
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
