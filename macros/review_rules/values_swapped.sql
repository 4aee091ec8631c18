{% macro review_rule__values_swapped() %}
-- two indicators of one agency (the same unit) whose targets changed places from one year to the
-- next. A swap is flagged once: on the member of the pair whose indicator_name sorts first (then
-- its indicator_target_key), naming the other, with both targets of both in both years and their
-- lines. An indicator whose value several others took (they held one value, and took its) is
-- flagged once, naming every other of its pairs; a pair whose first member is one of them is that
-- member's flag. Related: the subject's row of last year (the others' are in the evidence).
with

rows_of_year as (
    select
        year_over_year.*,
        targets.document_key,
        targets.line_start,
        targets.line_end
    from year_over_year
    inner join targets
        on year_over_year.indicator_target_key = targets.indicator_target_key
),

swaps as (
    select
        a.indicator_target_key,
        a.indicator_name,
        a.previous_fiscal_year,
        a.fiscal_year,
        a.previous_target_raw,
        a.target_raw,
        a.line_start,
        a.line_end,
        a.previous_document_key,
        a.previous_line_start,
        a.previous_line_end,
        b.indicator_target_key as other_key,
        b.indicator_name as other_name,
        b.previous_target_raw as other_previous_target_raw,
        b.target_raw as other_target_raw,
        b.document_key as other_document_key,
        b.line_start as other_line_start,
        b.line_end as other_line_end,
        b.previous_document_key as other_previous_document_key,
        b.previous_line_start as other_previous_line_start,
        b.previous_line_end as other_previous_line_end
    from rows_of_year as a
    inner join rows_of_year as b
        on a.agency_key = b.agency_key
        and a.fiscal_year = b.fiscal_year
        and a.previous_fiscal_year = b.previous_fiscal_year
        and a.series_key <> b.series_key
        and a.unit is not distinct from b.unit
        and a.value_number = b.previous_value_number
        and b.value_number = a.previous_value_number
        and a.value_number <> a.previous_value_number
        -- each pair once, on its member whose name sorts first
        and (
            coalesce(a.indicator_name, '') < coalesce(b.indicator_name, '')
            or (
                coalesce(a.indicator_name, '') = coalesce(b.indicator_name, '')
                and a.indicator_target_key < b.indicator_target_key
            )
        )
),

pairs_of_subject as (
    -- the subject first, then every other of its pairs
    select
        indicator_target_key,
        indicator_name,
        previous_fiscal_year,
        fiscal_year,
        target_raw,
        line_start,
        line_end,
        previous_target_raw,
        previous_document_key,
        previous_line_start,
        previous_line_end,
        string_agg(format('「{}」', other_name), '、' order by other_name, other_key) as others_zh,
        string_agg(format('"{}"', other_name), ', ' order by other_name, other_key) as others_en,
        previous_target_raw || '/' || string_agg(other_previous_target_raw, '/' order by other_name, other_key)
            as previous_targets,
        previous_line_start::varchar || '/'
        || string_agg(other_previous_line_start::varchar, '/' order by other_name, other_key) as previous_lines,
        target_raw || '/' || string_agg(other_target_raw, '/' order by other_name, other_key) as targets_now,
        line_start::varchar || '/' || string_agg(other_line_start::varchar, '/' order by other_name, other_key)
            as lines_now,
        list(json_object(
            'indicator', other_name, 'target', other_target_raw, 'document_key', other_document_key,
            'line_start', other_line_start, 'line_end', other_line_end,
            'previous_target', other_previous_target_raw, 'previous_document_key', other_previous_document_key,
            'previous_line_start', other_previous_line_start, 'previous_line_end', other_previous_line_end
        ) order by other_name, other_key) as swapped_with
    from swaps
    group by
        indicator_target_key, indicator_name, previous_fiscal_year, fiscal_year, target_raw, line_start, line_end,
        previous_target_raw, previous_document_key, previous_line_start, previous_line_end
)

select
    indicator_target_key as subject_key,
    format(
        '「{}」与{}的目标值在{}年与{}年之间互换（{}年：{}，第{}行；{}年：{}，第{}行）。', indicator_name, others_zh,
        previous_fiscal_year, fiscal_year, previous_fiscal_year, previous_targets, previous_lines, fiscal_year,
        targets_now, lines_now
    ) as message_zh,
    format(
        '"{}" and {} swapped their targets between {} and {} ({}: {}, lines {}; {}: {}, lines {}).', indicator_name,
        others_en, previous_fiscal_year, fiscal_year, previous_fiscal_year, previous_targets, previous_lines,
        fiscal_year, targets_now, lines_now
    ) as message_en,
    json_object(
        'indicator', indicator_name, 'target', target_raw, 'line_start', line_start, 'line_end', line_end,
        'previous_target', previous_target_raw, 'previous_document_key', previous_document_key,
        'previous_line_start', previous_line_start, 'previous_line_end', previous_line_end,
        'swapped_with', swapped_with
    ) as evidence,
    previous_document_key as related_document_key,
    previous_line_start as related_line_start,
    previous_line_end as related_line_end
from pairs_of_subject
{% endmacro %}
