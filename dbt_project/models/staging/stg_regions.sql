with source as (
    select * from {{ source('core', 'region') }}
),

renamed as (
    select
        region_code,
        valid_from,
        valid_to,
        is_current,
        name as region_name,
        short_name as region_short_name,
        full_name as region_full_name,
        level as region_level,
        parent_code as parent_region_code,
        province_code,
        revision as code_revision
    from source
)

select * from renamed
