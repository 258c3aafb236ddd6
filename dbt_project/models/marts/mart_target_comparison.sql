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

-- The median of the other regions in O(n) per comparison group, with window functions only (a
-- self-join was quadratic: 300 s at 1,000 documents; carrying the group's sorted array on every
-- row was quadratic too: minutes at 10,000). Removing a region at sorted position p from the
-- group shifts every later position by one, so the others' middle values are always among four
-- positions of the group's own order, the same for every region of the group: read them once
-- per group and pick per region.
positioned as (
    select
        cells.comparison_id,
        cells.comparison_value,
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

middles as (
    select
        comparison_id,
        own_position,
        other_count,
        (other_count + 1) / 2 as lower_middle,
        other_count / 2 + 1 as upper_middle,
        max(case when own_position = (other_count + 1) / 2 then comparison_value end)
            over comparison_group as at_lower_middle,
        max(case when own_position = (other_count + 1) / 2 + 1 then comparison_value end)
            over comparison_group as after_lower_middle,
        max(case when own_position = other_count / 2 + 1 then comparison_value end)
            over comparison_group as at_upper_middle,
        max(case when own_position = other_count / 2 + 2 then comparison_value end)
            over comparison_group as after_upper_middle
    from positioned
    window comparison_group as (
        partition by
            region_level,
            indicator_code,
            target_year,
            target_kind,
            comparison_unit,
            direction
    )
),

others as (
    select
        comparison_id,
        case
            when other_count >= 1
                then trim_scale(
                        (
                            case
                                when lower_middle >= own_position then after_lower_middle
                                else at_lower_middle
                            end
                            + case
                                when upper_middle >= own_position then after_upper_middle
                                else at_upper_middle
                            end
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
