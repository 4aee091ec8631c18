with

source as not materialized (
    select * from {{ source('raw', 'budget_execution') }}
),

renamed as (
    select
        document_id,
        budget_initial_raw,
        budget_full_year_raw,
        executed_raw,
        weight_raw,
        score_raw,
        {{ to_number('budget_initial_raw') }} as budget_initial_wan,
        {{ to_number('budget_full_year_raw') }} as budget_full_year_wan,
        {{ to_number('executed_raw') }} as executed_wan,
        {{ to_number('weight_raw') }} as weight,
        {{ to_number('score_raw') }} as score,
        execution_rate_raw,
        try_cast(replace(trim(execution_rate_raw), '%', '') as double) as execution_rate_stated_pct,
        deviation_reason_raw,
        {{ to_number('total_weight_raw') }} as total_weight_stated,
        {{ to_number('total_score_raw') }} as total_score_stated,
        line_start,
        line_end,
        location
    from source
)

select * from renamed
