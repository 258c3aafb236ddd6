with source as (
    select * from {{ source('core', 'unit_multiplier') }}
),

renamed as (
    select
        prefix,
        factor,
        in_text as is_read_in_text,
        converts as is_conversion
    from source
)

select * from renamed
