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

-- The median of the other regions, in O(n log n) per comparison group rather than a self-join
-- (quadratic: 300 s at 1,000 documents): the group's values sorted once into an array, and for
-- each region the middle of that array with the region's own position skipped.
positioned as (
    select
        cells.comparison_id,
        cells.region_level,
        cells.indicator_code,
        cells.target_year,
        cells.target_kind,
        cells.comparison_unit,
        cells.direction,
        row_number() over (
            partition by
                cells.region_level,
                cells.indicator_code,
                cells.target_year,
                cells.target_kind,
                cells.comparison_unit,
                cells.direction
            order by cells.comparison_value, cells.region_code
        ) as own_position,
        count(*) over (
            partition by
                cells.region_level,
                cells.indicator_code,
                cells.target_year,
                cells.target_kind,
                cells.comparison_unit,
                cells.direction
        ) - 1 as other_count
    from cells
),

sorted_groups as (
    select
        cells.region_level,
        cells.indicator_code,
        cells.target_year,
        cells.target_kind,
        cells.comparison_unit,
        cells.direction,
        array_agg(
            cells.comparison_value order by cells.comparison_value, cells.region_code
        ) as sorted_values
    from cells
    group by
        cells.region_level,
        cells.indicator_code,
        cells.target_year,
        cells.target_kind,
        cells.comparison_unit,
        cells.direction
),

middles as (
    select
        positioned.comparison_id,
        positioned.own_position,
        positioned.other_count,
        sorted_groups.sorted_values,
        (positioned.other_count + 1) / 2 as lower_middle,
        positioned.other_count / 2 + 1 as upper_middle
    from positioned
    inner join sorted_groups
        on
            positioned.region_level = sorted_groups.region_level
            and positioned.indicator_code = sorted_groups.indicator_code
            and positioned.target_year = sorted_groups.target_year
            and positioned.target_kind = sorted_groups.target_kind
            and positioned.comparison_unit = sorted_groups.comparison_unit
            and positioned.direction is not distinct from sorted_groups.direction
),

others as (
    select
        comparison_id,
        case
            when other_count >= 1
                then trim_scale(
                        (
                            sorted_values[lower_middle + (lower_middle >= own_position)::integer]
                            + sorted_values[upper_middle + (upper_middle >= own_position)::integer]
                        ) * 0.5
                    )
        end as median_of_other_regions
    from middles
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
