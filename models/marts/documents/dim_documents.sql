with

documents as not materialized (
    select * from {{ ref('stg_jixiao_raw__documents') }}
),

agencies as not materialized (
    select * from {{ ref('int_agencies_parsed') }}
),

ocr_cells as (
    select
        document_id,
        count(*) as ocr_cells,
        count(*) filter (where confidence < {{ var('ocr_min_confidence') }}) as ocr_cells_unsure
    from {{ ref('stg_jixiao_raw__ocr_cells') }}
    group by document_id
),

final as (
    select
        documents.document_id as document_key,
        documents.file_name,
        documents.file_path,
        documents.sha256,
        documents.size_bytes,
        documents.encoding,
        documents.layout,
        documents.doc_type,
        documents.fiscal_year,
        documents.fiscal_year_source,
        coalesce(agencies.agency_key, 'unknown') as agency_key,
        documents.agency_raw,
        documents.agency_source,
        documents.title_raw,
        documents.status,
        documents.status_reason,
        documents.parser_version,
        documents.ingested_at,
        documents.reading_method,
        coalesce(ocr_cells.ocr_cells, 0) as ocr_cells,
        coalesce(ocr_cells.ocr_cells_unsure, 0) as ocr_cells_unsure
    from documents
    left join agencies
        on documents.document_id = agencies.document_id
        and documents.agency_raw = agencies.agency_raw
    left join ocr_cells
        on documents.document_id = ocr_cells.document_id
)

select
    cast(document_key as varchar) as document_key,
    cast(file_name as varchar) as file_name,
    cast(file_path as varchar) as file_path,
    cast(sha256 as varchar) as sha256,
    cast(size_bytes as bigint) as size_bytes,
    cast(encoding as varchar) as encoding,
    cast(layout as varchar) as layout,
    cast(doc_type as varchar) as doc_type,
    cast(fiscal_year as integer) as fiscal_year,
    cast(fiscal_year_source as varchar) as fiscal_year_source,
    cast(agency_key as varchar) as agency_key,
    cast(agency_raw as varchar) as agency_raw,
    cast(agency_source as varchar) as agency_source,
    cast(title_raw as varchar) as title_raw,
    cast(status as varchar) as status,
    cast(status_reason as varchar) as status_reason,
    cast(parser_version as varchar) as parser_version,
    cast(ingested_at as timestamp) as ingested_at,
    cast(reading_method as varchar) as reading_method,
    cast(ocr_cells as integer) as ocr_cells,
    cast(ocr_cells_unsure as integer) as ocr_cells_unsure
from final
