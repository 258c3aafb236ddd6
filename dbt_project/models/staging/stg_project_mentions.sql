with source as (
    select * from {{ source('core', 'project_mention') }}
),

renamed as (
    select
        mention_id,
        document_id,
        project_key,
        name as mention_name,
        box,
        ordinal,
        source as mention_source,
        investment_yi,
        investment_text,
        section_path,
        char_start,
        char_end,
        quote,
        table_index,
        row_index,
        column_index
    from source
)

select * from renamed
