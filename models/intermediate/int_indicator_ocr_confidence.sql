{{ config(materialized='table') }}

-- One row per indicator row of a document read by OCR: how sure the model was of the cells each
-- value was read from (the least sure of the cells on the row's lines that hold the value, or
-- that the value holds when it was joined from several cells; a value found in no single cell
-- takes the whole row's), and whether that is below var('ocr_min_confidence'): such a value is
-- kept as written, but the warehouse takes no number, date or verdict from it. Documents read
-- from their text have no rows here.
{%- set values = ['target', 'actual', 'weight', 'score'] %}
with

indicators as (
    select
        indicator_row_key,
        document_id,
        line_start,
        line_end,
        {%- for value in values %}
        replace(replace({{ value }}_raw, ' ', ''), chr(10), '') as {{ value }}_squashed{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ ref('stg_jixiao_raw__indicators') }}
),

cells as (
    select * from {{ ref('stg_jixiao_raw__ocr_cells') }}
),

on_its_lines as (
    select
        indicators.indicator_row_key,
        {%- for value in values %}
        any_value(indicators.{{ value }}_squashed) as {{ value }}_squashed,
        min(cells.confidence) filter (
            where indicators.{{ value }}_squashed <> ''
            and (
                contains(cells.cell_text_squashed, indicators.{{ value }}_squashed)
                or contains(indicators.{{ value }}_squashed, cells.cell_text_squashed)
            )
        ) as {{ value }}_in_cells,
        {%- endfor %}
        min(cells.confidence) as row_confidence
    from indicators
    inner join cells
        on indicators.document_id = cells.document_id
        and cells.line_start between indicators.line_start and indicators.line_end
    group by indicators.indicator_row_key
),

final as (
    select
        indicator_row_key,
        row_confidence,
        {%- for value in values %}
        case
            when {{ value }}_squashed <> '' then coalesce({{ value }}_in_cells, row_confidence)
        end as {{ value }}_confidence,
        coalesce(
            {{ value }}_squashed <> '' and coalesce({{ value }}_in_cells, row_confidence) < {{ var('ocr_min_confidence') }},
            false
        ) as is_{{ value }}_unsure{{ ',' if not loop.last }}
        {%- endfor %}
    from on_its_lines
)

select * from final
