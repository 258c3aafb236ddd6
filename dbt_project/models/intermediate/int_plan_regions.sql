-- One row per document with the region attributes every fact mart joins on.
with plans as (
    select * from {{ ref('dim_plan') }}
),

final as (
    select
        plan_id,
        doc,
        doc_kind,
        region_code,
        region_name,
        region_level,
        plan_start_year,
        plan_end_year,
        vision_year,
        is_latest_for_region
    from plans
)

select * from final
