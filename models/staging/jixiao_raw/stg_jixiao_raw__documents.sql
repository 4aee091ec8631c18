with

source as not materialized (
    select * from {{ source('raw', 'documents') }}
),

renamed as (
    select
        document_id,
        file_name,
        file_path,
        sha256,
        size_bytes,
        encoding,
        layout,
        doc_type,
        try_cast(fiscal_year as integer) as fiscal_year,
        fiscal_year_source,
        nullif(trim(agency_raw), '') as agency_raw,
        agency_source,
        title_raw,
        status,
        status_reason,
        parser_version,
        ingested_at,
        -- documents stored before OCR existed were read from their text
        coalesce(reading_method, case when status <> 'rejected' then 'text' end) as reading_method
    from source
)

select * from renamed
