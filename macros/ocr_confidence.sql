{#
  For each record of `records` (a relation with document_id, line_start, line_end, `key` and a
  <value>_raw column per value) from a document read by OCR: the model's confidence in the cells
  each value was read from (the least sure of the cells on the record's lines that hold the value,
  or that the value holds when it was joined from several cells; a value found in no single cell
  takes the least sure cell of the record's lines), and whether that is below
  var('ocr_min_confidence'). Records of documents read from their text have no row.
#}
{% macro ocr_confidence(records, key, values) %}
with

ocr_records as (
    select
        {{ key }} as record_key,
        document_id,
        line_start,
        line_end,
        {%- for value in values %}
        replace(replace({{ value }}_raw, ' ', ''), chr(10), '') as {{ value }}_squashed{{ ',' if not loop.last }}
        {%- endfor %}
    from {{ records }}
),

ocr_on_lines as (
    select
        ocr_records.record_key,
        {%- for value in values %}
        any_value(ocr_records.{{ value }}_squashed) as {{ value }}_squashed,
        min(cells.confidence) filter (
            where ocr_records.{{ value }}_squashed <> ''
            and (
                contains(cells.cell_text_squashed, ocr_records.{{ value }}_squashed)
                or contains(ocr_records.{{ value }}_squashed, cells.cell_text_squashed)
            )
        ) as {{ value }}_in_cells,
        {%- endfor %}
        min(cells.confidence) as row_confidence
    from ocr_records
    inner join {{ ref('stg_jixiao_raw__ocr_cells') }} as cells
        on ocr_records.document_id = cells.document_id
        and cells.line_start between ocr_records.line_start and ocr_records.line_end
    group by ocr_records.record_key
)

select
    record_key as {{ key }},
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
from ocr_on_lines
{% endmacro %}
