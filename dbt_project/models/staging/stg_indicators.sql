with source as (
    select * from {{ source('core', 'indicator') }}
),

renamed as (
    select
        indicator_code,
        name_zh as indicator_name_zh,
        name_en as indicator_name_en,
        category as indicator_category,
        canonical_unit,
        aliases
    from source
)

select * from renamed
