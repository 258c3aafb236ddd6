with documents as (
    select * from {{ ref('stg_documents') }}
),

regions as (
    select * from {{ ref('stg_regions') }}
    where is_current
),

ranked as (
    select
        documents.*,
        row_number() over (
            partition by documents.region_code, documents.doc_kind
            order by
                documents.plan_end_year desc nulls last,
                documents.published_on desc nulls last,
                documents.document_id desc
        ) as recency_rank
    from documents
),

final as (
    select
        ranked.document_id as plan_id,
        ranked.doc,
        ranked.title,
        ranked.doc_kind,
        ranked.region_code,
        coalesce(ranked.region_name, regions.region_full_name) as region_name,
        ranked.region_level,
        ranked.parent_region_code,
        ranked.plan_start_year,
        ranked.plan_end_year,
        ranked.vision_year,
        ranked.published_on,
        ranked.issuer,
        ranked.source_script,
        ranked.char_count,
        jsonb_array_length(ranked.quality_flags)::integer as quality_flag_count,
        ranked.quality_flags,
        (ranked.recency_rank = 1 and ranked.region_code is not null) as is_latest_for_region,
        ranked.sha256,
        ranked.loaded_at
    from ranked
    left join regions
        on ranked.region_code = regions.region_code
)

select * from final
