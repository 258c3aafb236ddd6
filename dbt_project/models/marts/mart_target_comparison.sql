-- One row per region, indicator, target year, kind and unit: the region's target next to the
-- regions of the same administrative level that state a comparable target (same indicator
-- code, year, kind, unit and direction): its rank among them and the median of the others.
with cells as (
    select * from {{ ref('int_target_cells') }}
),

ranked as (
    select
        cells.*,
        count(*) over (
            partition by
                cells.region_level,
                cells.indicator_code,
                cells.target_year,
                cells.target_kind,
                cells.comparison_unit,
                cells.direction
        ) as compared_region_count,
        rank() over (
            partition by
                cells.region_level,
                cells.indicator_code,
                cells.target_year,
                cells.target_kind,
                cells.comparison_unit,
                cells.direction
            order by cells.comparison_value desc
        ) as value_rank_in_level
    from cells
),

others as (
    select
        cells.comparison_id,
        {{ median('other_cells.comparison_value') }} as median_of_other_regions
    from cells
    inner join cells as other_cells
        on
            cells.region_level = other_cells.region_level
            and cells.indicator_code = other_cells.indicator_code
            and cells.target_year = other_cells.target_year
            and cells.target_kind = other_cells.target_kind
            and cells.comparison_unit = other_cells.comparison_unit
            and cells.direction is not distinct from other_cells.direction
            and cells.region_code <> other_cells.region_code
    group by cells.comparison_id
),

final as (
    select
        ranked.comparison_id,
        ranked.region_code,
        ranked.region_name,
        ranked.region_level,
        ranked.parent_region_code,
        ranked.indicator_code,
        ranked.indicator_name_zh,
        ranked.indicator_name_en,
        ranked.indicator_category,
        ranked.target_year,
        (ranked.fact_type = 'vision') as is_vision,
        ranked.target_kind,
        ranked.direction,
        ranked.comparator,
        ranked.comparison_value,
        ranked.comparison_value_max,
        ranked.comparison_unit,
        ranked.is_canonical_unit,
        ranked.compared_region_count::integer as compared_region_count,
        ranked.value_rank_in_level::integer as value_rank_in_level,
        others.median_of_other_regions,
        ranked.comparison_value - others.median_of_other_regions as difference_from_median,
        ranked.baseline_year,
        ranked.baseline_value,
        ranked.implied_value,
        ranked.implied_unit,
        ranked.implied_cagr_pct,
        ranked.cagr_basis,
        ranked.indicator,
        ranked.value,
        ranked.unit,
        ranked.candidate_target_count,
        ranked.target_id,
        ranked.plan_id,
        ranked.doc,
        ranked.doc_kind,
        ranked.confidence,
        ranked.quote,
        ranked.char_start,
        ranked.char_end
    from ranked
    left join others
        on ranked.comparison_id = others.comparison_id
)

select * from final
