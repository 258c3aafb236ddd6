with source as (
    select * from {{ source('core', 'target') }}
),

renamed as (
    select
        target_id,
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
        kind as target_kind,
        year as target_year,
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
