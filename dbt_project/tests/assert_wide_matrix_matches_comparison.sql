-- The dashboard matrix shows the same 2025 GDP target as the comparison mart.
with wide as (
    select * from {{ ref('mart_targets_2025_wide') }}
),

comparison as (
    select * from {{ ref('mart_target_comparison') }}
    where
        indicator_code = 'gdp'
        and target_year = 2025
        and target_kind = 'level'
        and comparison_unit = '亿元'
        and direction is null
)

select
    wide.region_code,
    wide.gdp_yi,
    comparison.comparison_value
from wide
full outer join comparison
    on wide.region_code = comparison.region_code
where wide.gdp_yi is distinct from comparison.comparison_value
