-- One row per fact (a reported actual, a target within the plan period, or a vision beyond it),
-- so that each region's baseline → target → vision path of an indicator reads as one series,
-- with the growth rate each target implies from the region's latest earlier actual.
with facts as (
    select * from {{ ref('int_facts') }}
),

baselines as (
    select * from {{ ref('int_fact_baselines') }}
),

final as (
    select
        facts.fact_id,
        facts.fact_type,
        facts.fact_record_id,
        facts.plan_id,
        facts.doc,
        facts.doc_kind,
        facts.region_code,
        facts.region_name,
        facts.region_level,
        facts.is_latest_for_region,
        facts.indicator_code,
        facts.indicator_name_zh,
        facts.indicator_name_en,
        facts.indicator_category,
        facts.indicator,
        facts.fact_kind,
        facts.direction,
        facts.comparator,
        facts.fact_year,
        facts.period_start,
        facts.period_end,
        facts.base_year,
        facts.value,
        facts.value_max,
        facts.unit,
        facts.comparison_value,
        facts.comparison_unit,
        facts.is_canonical_unit,
        baselines.baseline_fact_id,
        baselines.baseline_year,
        baselines.baseline_value,
        baselines.implied_value,
        baselines.implied_unit,
        baselines.implied_cagr_pct,
        baselines.cagr_basis,
        facts.confidence,
        facts.quote,
        facts.section_path,
        facts.char_start,
        facts.char_end
    from facts
    left join baselines
        on facts.fact_id = baselines.fact_id
)

select * from final
