-- One row per region, catalogue indicator, year, kind, comparison unit and direction: the value a
-- region reports as achieved for that cell, chosen among all its documents. The later published
-- document wins (a later report restates and revises the preliminary figure of an earlier one);
-- within a document a figure for the year alone wins over an average over a period
-- (十四五期间年均增长5.9% is not 2025's growth), then the first mention (a work report states
-- the region's headline figure before the figures of its sub-areas and sectors).
-- A cap and a level of one indicator measure the same quantity (measure_kind).
-- candidate_actual_count says how many reported values competed for the cell.
with facts as (
    select * from {{ ref('int_facts') }}
),

measured as (
    select
        facts.*,
        {{ measure_kind('facts.fact_kind') }} as measure_kind
    from facts
),

candidates as (
    select
        facts.*,
        row_number() over (
            partition by
                facts.region_code,
                facts.indicator_code,
                facts.fact_year,
                facts.measure_kind,
                facts.comparison_unit,
                facts.direction
            order by
                facts.published_on desc nulls last,
                facts.plan_start_year desc nulls last,
                facts.plan_id desc,
                coalesce(facts.period_start < facts.period_end, false) asc,
                facts.char_start asc
        ) as candidate_rank,
        count(*) over (
            partition by
                facts.region_code,
                facts.indicator_code,
                facts.fact_year,
                facts.measure_kind,
                facts.comparison_unit,
                facts.direction
        ) as candidate_actual_count
    from measured as facts
    where
        facts.fact_type = 'actual'
        and facts.region_code is not null
        and facts.indicator_code is not null
        and facts.fact_year is not null
        and facts.fact_kind is not null
        and facts.comparison_value is not null
        and facts.comparison_unit is not null
),

final as (
    select
        region_code
        || '|' || indicator_code
        || '|' || fact_year
        || '|' || measure_kind
        || '|' || comparison_unit
        || coalesce('|' || direction, '') as actual_cell_id,
        region_code,
        indicator_code,
        fact_year as actual_year,
        measure_kind,
        fact_kind as actual_kind,
        direction,
        comparison_value,
        comparison_unit,
        coalesce(period_start < period_end, false) as is_period_average,
        indicator,
        value,
        unit,
        fact_record_id as actual_id,
        plan_id,
        doc,
        doc_kind,
        plan_start_year,
        published_on,
        candidate_actual_count::integer as candidate_actual_count,
        quote,
        char_start,
        char_end
    from candidates
    where candidate_rank = 1
)

select * from final
