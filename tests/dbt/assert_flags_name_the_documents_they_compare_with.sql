-- A flag that compares with another document names it (fct_target_flags.related_*): a
-- year-over-year flag (target_lowered, cap_raised, values_swapped) the document of its indicator's
-- previous year (rpt_indicator_year_over_year), of its agency and of that earlier fiscal year, at
-- that row's lines; a lineage flag (target_changed, target_added, and target_dropped where it
-- names one) a document of its agency and fiscal year other than its own. Lines come only with a
-- document, first before last. Returns the flags that do not, with the reason.
with

flags as (
    select * from {{ ref('fct_target_flags') }}
),

documents as (
    select * from {{ ref('dim_documents') }}
),

year_over_year as (
    select * from {{ ref('rpt_indicator_year_over_year') }}
)

select flags.flag_key, flags.rule_id, 'related lines without a document, or out of order' as problem
from flags
where (flags.related_document_key is null and coalesce(flags.related_line_start, flags.related_line_end) is not null)
    or (
        flags.related_document_key is not null
        and not coalesce(1 <= flags.related_line_start and flags.related_line_start <= flags.related_line_end, false)
    )

union all

select flags.flag_key, flags.rule_id, 'not the document of last year''s target, of its agency'
from flags
left join year_over_year
    on flags.indicator_target_key = year_over_year.indicator_target_key
left join documents
    on flags.related_document_key = documents.document_key
where flags.rule_id in ('target_lowered', 'cap_raised', 'values_swapped')
    and (
        documents.document_key is null
        or documents.agency_key is distinct from flags.agency_key
        or documents.fiscal_year is distinct from year_over_year.previous_fiscal_year
        or not coalesce(documents.fiscal_year < flags.fiscal_year, false)
        or flags.related_line_start is distinct from year_over_year.previous_line_start
        or flags.related_line_end is distinct from year_over_year.previous_line_end
    )

union all

select flags.flag_key, flags.rule_id, 'not a target document of its agency and fiscal year'
from flags
left join documents
    on flags.related_document_key = documents.document_key
where (
        flags.rule_id in ('target_changed', 'target_added')
        or (flags.rule_id = 'target_dropped' and flags.related_document_key is not null)
    )
    and (
        documents.document_key is null
        or documents.agency_key is distinct from flags.agency_key
        or documents.fiscal_year is distinct from flags.fiscal_year
        or documents.document_key = flags.document_key
    )
