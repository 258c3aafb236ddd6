with regions as (
    select * from {{ ref('stg_regions') }}
    where is_current
),

documents as (
    select * from {{ ref('stg_documents') }}
),

document_counts as (
    select
        region_code,
        count(*) as document_count
    from documents
    where region_code is not null
    group by region_code
),

final as (
    select
        regions.region_code,
        regions.region_name,
        regions.region_short_name,
        regions.region_full_name,
        regions.region_level,
        regions.parent_region_code,
        parents.region_name as parent_region_name,
        regions.province_code,
        provinces.region_name as province_name,
        regions.code_revision,
        coalesce(document_counts.document_count, 0)::integer as document_count
    from regions
    left join regions as parents
        on regions.parent_region_code = parents.region_code
    left join regions as provinces
        on regions.province_code = provinces.region_code
    left join document_counts
        on regions.region_code = document_counts.region_code
)

select * from final
