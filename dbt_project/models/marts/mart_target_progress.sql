-- One row per region, indicator, target year, target kind and comparison unit (the target chosen
-- as in mart_target_comparison: int_target_cells), with the baseline it starts from, the latest
-- value reported at or before its target year, the pace it required and the pace realized so
-- far, and a status (rules in _progress_marts.yml, column status).
with cells as (
    select * from {{ ref('int_target_cells') }}
),

facts as (
    select * from {{ ref('int_facts') }}
),

actual_cells as (
    select * from {{ ref('int_actual_cells') }}
),

plans as (
    select * from {{ ref('dim_plan') }}
),

targets as (
    select
        cells.*,
        plans.plan_start_year,
        plans.published_on as target_published_on
    from cells
    inner join plans
        on cells.plan_id = plans.plan_id
),

-- The baseline: the latest value reported for a year before the target's plan starts (2020 for a
-- 14th-plan target, 2024 for a 2025 work report's), from the target's own document first.
baselines as (
    select
        targets.comparison_id,
        facts.fact_year as baseline_year,
        facts.comparison_value as baseline_value,
        row_number() over (
            partition by targets.comparison_id
            order by
                facts.fact_year desc,
                (facts.plan_id = targets.plan_id) desc,
                facts.published_on desc nulls last,
                coalesce(facts.period_start < facts.period_end, false) asc,
                facts.char_start asc
        ) as baseline_rank
    from targets
    inner join facts
        on
            facts.fact_type = 'actual'
            and targets.region_code = facts.region_code
            and targets.indicator_code = facts.indicator_code
            and {{ measure_kind('targets.target_kind') }} = {{ measure_kind('facts.fact_kind') }}
            and targets.comparison_unit = facts.comparison_unit
            and targets.direction is not distinct from facts.direction
            and facts.fact_year < coalesce(targets.plan_start_year, targets.target_year)
),

-- The latest reported value at or before the target year.
latest as (
    select
        targets.comparison_id,
        actual_cells.actual_year,
        actual_cells.comparison_value as actual_value,
        actual_cells.actual_id,
        actual_cells.plan_id as actual_plan_id,
        actual_cells.doc as actual_doc,
        actual_cells.published_on as actual_published_on,
        actual_cells.quote as actual_quote,
        actual_cells.char_start as actual_char_start,
        actual_cells.char_end as actual_char_end,
        row_number() over (
            partition by targets.comparison_id
            order by actual_cells.actual_year desc
        ) as latest_rank
    from targets
    inner join actual_cells
        on
            targets.region_code = actual_cells.region_code
            and targets.indicator_code = actual_cells.indicator_code
            and {{ measure_kind('targets.target_kind') }} = actual_cells.measure_kind
            and targets.comparison_unit = actual_cells.comparison_unit
            and targets.direction is not distinct from actual_cells.direction
            and targets.target_year >= actual_cells.actual_year
),

measured as (
    select
        targets.*,
        baselines.baseline_year as progress_baseline_year,
        baselines.baseline_value as progress_baseline_value,
        latest.actual_year,
        latest.actual_value,
        latest.actual_id,
        latest.actual_plan_id,
        latest.actual_doc,
        latest.actual_published_on,
        latest.actual_quote,
        latest.actual_char_start,
        latest.actual_char_end,
        (targets.comparator = '<=' or targets.target_kind = 'cap') as is_upper_bound,
        {{ target_is_met('latest.actual_value', 'targets.comparison_value', 'targets.comparison_value_max',
                         'targets.comparator', 'targets.target_kind') }} as is_met,
        case
            when targets.target_kind = 'growth' then targets.comparison_value
            when targets.target_kind in ('level', 'count')
                then {{ annual_growth_pct('baselines.baseline_value', 'targets.comparison_value',
                                          'targets.target_year - baselines.baseline_year') }}
        end as required_growth_pct,
        case
            when targets.target_kind = 'growth' then latest.actual_value
            when targets.target_kind in ('level', 'count')
                then {{ annual_growth_pct('baselines.baseline_value', 'latest.actual_value',
                                          'latest.actual_year - baselines.baseline_year') }}
        end as realized_growth_pct
    from targets
    left join baselines
        on targets.comparison_id = baselines.comparison_id and baselines.baseline_rank = 1
    left join latest
        on targets.comparison_id = latest.comparison_id and latest.latest_rank = 1
),

final as (
    select
        comparison_id as progress_id,
        region_code,
        region_name,
        region_level,
        indicator_code,
        indicator_name_zh,
        indicator_name_en,
        target_year,
        (fact_type = 'vision') as is_vision,
        target_kind,
        direction,
        comparator,
        comparison_value as target_value,
        comparison_value_max as target_value_max,
        comparison_unit as value_unit,
        indicator as target_indicator,
        target_id,
        plan_id as target_plan_id,
        doc as target_doc,
        doc_kind as target_doc_kind,
        quote as target_quote,
        progress_baseline_year::smallint as baseline_year,
        progress_baseline_value as baseline_value,
        actual_year::smallint as actual_year,
        actual_value,
        actual_id,
        actual_plan_id,
        actual_doc,
        actual_published_on,
        actual_quote,
        actual_char_start,
        actual_char_end,
        required_growth_pct,
        realized_growth_pct,
        case
            when actual_year is null then 'not_reported'
            -- the target year's own value is reported: kept or not
            when actual_year = target_year and is_met then 'achieved'
            when actual_year = target_year then 'missed'
            -- the target year is still ahead: a rate and a bound must hold every year until then
            when target_kind = 'growth' or is_upper_bound
                then case when is_met then 'on_track' else 'lagging' end
            -- a level reached early is reached
            when is_met then 'achieved'
            when required_growth_pct is null or realized_growth_pct is null then 'not_reported'
            when realized_growth_pct >= required_growth_pct then 'on_track'
            else 'lagging'
        end as status
    from measured
)

select * from final
