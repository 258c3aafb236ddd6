-- One row per region, indicator, target kind, comparison unit and direction: the targets the
-- region set for the end years of successive plan cycles side by side — 13th plan (2020), 14th
-- (2025), 15th (2030) and the 2035 vision — each as chosen in mart_target_comparison
-- (int_target_cells), with the change from one cycle to the next in the target and in the
-- annual growth it implies (for a growth target, the rate itself).
with cells as (
    select * from {{ ref('int_target_cells') }}
    where target_year in (2020, 2025, 2030, 2035)
),

cycles as (
    select
        cells.*,
        case when cells.target_kind = 'growth' then cells.comparison_value else cells.implied_cagr_pct end
            as annual_growth_pct
    from cells
),

pivoted as (
    select
        region_code,
        indicator_code,
        target_kind,
        comparison_unit,
        direction,
        max(region_name) as region_name,
        max(region_level) as region_level,
        max(indicator_name_zh) as indicator_name_zh,
        max(indicator_name_en) as indicator_name_en,
        max(case when target_year = 2020 then comparison_value end) as target_2020,
        max(case when target_year = 2025 then comparison_value end) as target_2025,
        max(case when target_year = 2030 then comparison_value end) as target_2030,
        max(case when target_year = 2035 then comparison_value end) as target_2035,
        max(case when target_year = 2020 then comparator end) as comparator_2020,
        max(case when target_year = 2025 then comparator end) as comparator_2025,
        max(case when target_year = 2030 then comparator end) as comparator_2030,
        max(case when target_year = 2035 then comparator end) as comparator_2035,
        max(case when target_year = 2020 then annual_growth_pct end) as annual_growth_pct_2020,
        max(case when target_year = 2025 then annual_growth_pct end) as annual_growth_pct_2025,
        max(case when target_year = 2030 then annual_growth_pct end) as annual_growth_pct_2030,
        max(case when target_year = 2035 then annual_growth_pct end) as annual_growth_pct_2035,
        max(case when target_year = 2020 then target_id end) as target_2020_id,
        max(case when target_year = 2025 then target_id end) as target_2025_id,
        max(case when target_year = 2030 then target_id end) as target_2030_id,
        max(case when target_year = 2035 then target_id end) as target_2035_id,
        max(case when target_year = 2020 then doc end) as doc_2020,
        max(case when target_year = 2025 then doc end) as doc_2025,
        max(case when target_year = 2030 then doc end) as doc_2030,
        max(case when target_year = 2035 then doc end) as doc_2035,
        count(*) as cycle_count
    from cycles
    group by region_code, indicator_code, target_kind, comparison_unit, direction
),

final as (
    select
        region_code
        || '|' || indicator_code
        || '|' || target_kind
        || '|' || comparison_unit
        || coalesce('|' || direction, '') as cycle_comparison_id,
        region_code,
        region_name,
        region_level,
        indicator_code,
        indicator_name_zh,
        indicator_name_en,
        target_kind,
        comparison_unit as value_unit,
        direction,
        cycle_count::integer as cycle_count,
        target_2020,
        comparator_2020,
        annual_growth_pct_2020,
        doc_2020,
        target_2020_id,
        target_2025,
        comparator_2025,
        annual_growth_pct_2025,
        doc_2025,
        target_2025_id,
        target_2030,
        comparator_2030,
        annual_growth_pct_2030,
        doc_2030,
        target_2030_id,
        target_2035,
        comparator_2035,
        annual_growth_pct_2035,
        doc_2035,
        target_2035_id,
        target_2025 - target_2020 as target_change_2020_to_2025,
        target_2030 - target_2025 as target_change_2025_to_2030,
        annual_growth_pct_2025 - annual_growth_pct_2020 as growth_change_2020_to_2025,
        annual_growth_pct_2030 - annual_growth_pct_2025 as growth_change_2025_to_2030
    from pivoted
)

select * from final
