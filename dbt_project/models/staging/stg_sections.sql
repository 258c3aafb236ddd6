with source as (
    select * from {{ source('core', 'section') }}
),

renamed as (
    select
        section_id,
        document_id,
        path as section_path,
        level as section_level,
        kind as section_kind,
        number_text,
        title as section_title,
        char_start,
        char_end
    from source
)

select * from renamed
