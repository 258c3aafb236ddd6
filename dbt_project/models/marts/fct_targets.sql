with targets as (
    select * from {{ ref('int_targets_reviewed') }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

final as (
    select
        targets.target_id,
        plans.plan_id,
        plans.doc,
        plans.doc_kind,
        plans.region_code,
        plans.region_name,
        plans.region_level,
        plans.plan_start_year,
        plans.plan_end_year,
        plans.is_latest_for_region,
        targets.indicator,
        targets.indicator_code,
        indicators.indicator_name_zh,
        indicators.indicator_name_en,
        indicators.indicator_category,
        indicators.canonical_unit,
        targets.target_kind,
        targets.comparator,
        targets.value,
        targets.value_max,
        targets.unit,
        targets.value_base,
        targets.unit_base,
        targets.target_year,
        targets.period_start,
        targets.period_end,
        targets.base_year,
        targets.direction,
        targets.confidence,
        targets.quote,
        targets.section_path,
        targets.char_start,
        targets.char_end,
        targets.record_key,
        targets.is_reviewed,
        targets.binding,
        targets.table_index,
        targets.row_index,
        targets.column_index
    from targets
    inner join plans
        on targets.document_id = plans.plan_id
    left join indicators
        on targets.indicator_code = indicators.indicator_code
)

select * from final
