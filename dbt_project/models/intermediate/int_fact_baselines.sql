-- One row per target or vision (a fact with fact_type target | vision): the baseline it grows
-- from and the compound annual growth rate it implies.
--   level/count targets: from the region's latest earlier actual of the same indicator, kind and
--     comparable unit (same region from any of its plans; same plan first on ties),
--     cagr = (target / baseline) ^ (1 / years) - 1;
--   multiple targets (翻一番 on 2020 → 2 倍): cagr = multiple ^ (1 / (year - base_year)) - 1, and
--     the implied level = the region's base-year actual of the indicator × multiple.
-- Never across indicators, kinds or units; caps, shares, growth rates get no CAGR.
with facts as (
    select * from {{ ref('int_facts') }}
),

goals as (
    select * from facts
    where fact_type in ('target', 'vision')
),

levels as (
    select * from facts
    where
        fact_type = 'actual'
        and fact_kind in ('level', 'count')
        and indicator_code is not null
        and region_code is not null
        and fact_year is not null
        and comparison_value > 0
),

level_baselines as (
    select
        goals.fact_id,
        levels.fact_id as baseline_fact_id,
        levels.fact_year as baseline_year,
        levels.comparison_value as baseline_value,
        levels.comparison_unit as baseline_unit,
        row_number() over (
            partition by goals.fact_id
            order by
                levels.fact_year desc,
                (levels.plan_id = goals.plan_id) desc,
                levels.confidence desc,
                levels.fact_id asc
        ) as baseline_rank
    from goals
    inner join levels
        on
            goals.region_code = levels.region_code
            and goals.indicator_code = levels.indicator_code
            and goals.fact_kind = levels.fact_kind
            and goals.comparison_unit = levels.comparison_unit
            and goals.fact_year > levels.fact_year
    where goals.fact_kind in ('level', 'count') and goals.comparison_value > 0
),

multiple_baselines as (
    select
        goals.fact_id,
        levels.fact_id as baseline_fact_id,
        levels.fact_year as baseline_year,
        levels.comparison_value as baseline_value,
        levels.comparison_unit as baseline_unit,
        row_number() over (
            partition by goals.fact_id
            order by
                (levels.plan_id = goals.plan_id) desc,
                levels.is_canonical_unit desc,
                levels.confidence desc,
                levels.fact_id asc
        ) as baseline_rank
    from goals
    inner join levels
        on
            goals.region_code = levels.region_code
            and goals.indicator_code = levels.indicator_code
            and goals.base_year = levels.fact_year
    where goals.fact_kind = 'multiple' and levels.fact_kind = 'level'
),

joined as (
    select
        goals.fact_id,
        coalesce(level_baselines.baseline_fact_id, multiple_baselines.baseline_fact_id) as baseline_fact_id,
        case
            when goals.fact_kind = 'multiple' then goals.base_year
            else level_baselines.baseline_year
        end as baseline_year,
        coalesce(level_baselines.baseline_value, multiple_baselines.baseline_value) as baseline_value,
        coalesce(level_baselines.baseline_unit, multiple_baselines.baseline_unit) as baseline_unit,
        case
            when multiple_baselines.baseline_value is not null
                then trim_scale(multiple_baselines.baseline_value * goals.comparison_value)
        end as implied_value,
        multiple_baselines.baseline_unit as implied_unit,
        case
            when level_baselines.baseline_fact_id is not null then 'actual'
            when
                goals.fact_kind = 'multiple'
                and goals.comparison_unit = '倍'
                and goals.comparison_value > 0
                and goals.fact_year > goals.base_year
                then 'multiple'
        end as cagr_basis,
        case
            when level_baselines.baseline_fact_id is not null
                then goals.comparison_value / level_baselines.baseline_value
            else goals.comparison_value
        end as growth_ratio,
        case
            when level_baselines.baseline_fact_id is not null
                then goals.fact_year - level_baselines.baseline_year
            else goals.fact_year - goals.base_year
        end as growth_years
    from goals
    left join level_baselines
        on goals.fact_id = level_baselines.fact_id and level_baselines.baseline_rank = 1
    left join multiple_baselines
        on goals.fact_id = multiple_baselines.fact_id and multiple_baselines.baseline_rank = 1
),

final as (
    select
        fact_id,
        baseline_fact_id,
        baseline_year,
        baseline_value,
        baseline_unit,
        implied_value,
        implied_unit,
        case
            when cagr_basis is not null
                then round((power(growth_ratio, 1.0 / growth_years) - 1) * 100, 4)
        end as implied_cagr_pct,
        cagr_basis
    from joined
)

select * from final
