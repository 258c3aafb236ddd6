-- A region's rank lies within the regions compared with it, and the median of the others
-- exists exactly when there are others.
select
    comparison_id,
    value_rank_in_level,
    compared_region_count,
    median_of_other_regions
from {{ ref('mart_target_comparison') }}
where
    value_rank_in_level < 1
    or value_rank_in_level > compared_region_count
    or (compared_region_count = 1) <> (median_of_other_regions is null)
