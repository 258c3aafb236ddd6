with source as (
    select * from {{ source('core', 'actual') }}
),

renamed as (
    select
        actual_id,
        document_id,
        record_key,
        indicator,
        indicator_code,
        value,
        value_max,
        unit,
        value_base,
        unit_base,
        comparator,
        kind as actual_kind,
        year as actual_year,
        period_start,
        period_end,
        base_year,
        direction,
        quote,
        section_path,
        char_start,
        char_end,
        confidence,
        binding,
        table_index,
        row_index,
        column_index
    from source
)

select * from renamed
