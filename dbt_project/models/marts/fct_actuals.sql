with actuals as (
    select * from {{ ref('int_actuals_reviewed') }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

indicators as (
    select * from {{ ref('stg_indicators') }}
),

final as (
    select
        actuals.actual_id,
        plans.plan_id,
        plans.doc,
        plans.doc_kind,
        plans.region_code,
        plans.region_name,
        plans.region_level,
        plans.plan_start_year,
        plans.plan_end_year,
        plans.is_latest_for_region,
        actuals.indicator,
        actuals.indicator_code,
        indicators.indicator_name_zh,
        indicators.indicator_name_en,
        indicators.indicator_category,
        indicators.canonical_unit,
        actuals.actual_kind,
        actuals.comparator,
        actuals.value,
        actuals.value_max,
        actuals.unit,
        actuals.value_base,
        actuals.unit_base,
        actuals.actual_year,
        actuals.period_start,
        actuals.period_end,
        actuals.base_year,
        actuals.direction,
        actuals.confidence,
        actuals.quote,
        actuals.section_path,
        actuals.char_start,
        actuals.char_end,
        actuals.record_key,
        actuals.is_reviewed,
        actuals.binding,
        actuals.table_index,
        actuals.row_index,
        actuals.column_index
    from actuals
    inner join plans
        on actuals.document_id = plans.plan_id
    left join indicators
        on actuals.indicator_code = indicators.indicator_code
)

select * from final
