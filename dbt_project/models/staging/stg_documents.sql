with source as (
    select * from {{ source('core', 'document') }}
),

renamed as (
    select
        document_id,
        doc,
        sha256,
        size_bytes,
        encoding,
        source_script,
        region_name,
        region_code,
        region_level,
        parent_region_code,
        doc_kind,
        title,
        plan_start_year,
        plan_end_year,
        vision_year,
        published_on,
        issuer,
        quality_flags,
        char_count,
        run_id,
        loaded_at
    from source
)

select * from renamed
