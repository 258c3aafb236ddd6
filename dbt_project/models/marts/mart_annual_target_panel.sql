-- One row per region, indicator, year, target kind and comparison unit for the annual targets
-- that work reports set for their own year (地区生产总值增长5%左右 in the 2025 report is the 2025
-- target), with the value a LATER document reports as realized for that year and the gap
-- (realized − target). This is the panel of local targets against outcomes that researchers
-- otherwise assemble by hand, one work report at a time.
-- When two reports of one year set the target, the later published wins; within a report the
-- figure for the year alone wins over a period average, then the first mention (the headline).
with facts as (
    select * from {{ ref('int_facts') }}
),

actual_cells as (
    select * from {{ ref('int_actual_cells') }}
),

annual_targets as (
    select
        facts.*,
        row_number() over (
            partition by
                facts.region_code,
                facts.indicator_code,
                facts.fact_year,
                facts.fact_kind,
                facts.comparison_unit,
                facts.direction
            order by
                facts.published_on desc nulls last,
                facts.plan_id desc,
                coalesce(facts.period_start < facts.period_end, false) asc,
                facts.char_start asc
        ) as candidate_rank,
        count(*) over (
            partition by
                facts.region_code,
                facts.indicator_code,
                facts.fact_year,
                facts.fact_kind,
                facts.comparison_unit,
                facts.direction
        ) as candidate_target_count
    from facts
    where
        facts.fact_source = 'target'
        and facts.doc_kind = 'work_report'
        and facts.plan_start_year = facts.plan_end_year
        and facts.fact_year = facts.plan_start_year
        and facts.region_code is not null
        and facts.indicator_code is not null
        and facts.fact_kind is not null
        and facts.comparison_value is not null
        and facts.comparison_unit is not null
),

chosen as (
    select * from annual_targets
    where candidate_rank = 1
),

joined as (
    select
        chosen.*,
        actual_cells.comparison_value as realized_value,
        actual_cells.comparison_unit as realized_unit,
        actual_cells.actual_id as realized_actual_id,
        actual_cells.plan_id as realized_plan_id,
        actual_cells.doc as realized_doc,
        actual_cells.published_on as realized_published_on,
        actual_cells.quote as realized_quote,
        actual_cells.char_start as realized_char_start,
        actual_cells.char_end as realized_char_end
    from chosen
    left join actual_cells
        on
            chosen.region_code = actual_cells.region_code
            and chosen.indicator_code = actual_cells.indicator_code
            and chosen.fact_year = actual_cells.actual_year
            and {{ measure_kind('chosen.fact_kind') }} = actual_cells.measure_kind
            and chosen.comparison_unit = actual_cells.comparison_unit
            and chosen.direction is not distinct from actual_cells.direction
            -- realized means reported afterwards: a later report (or, undated, a later report year)
            and (
                chosen.published_on < actual_cells.published_on
                or (
                    (chosen.published_on is null or actual_cells.published_on is null)
                    and chosen.fact_year < actual_cells.plan_start_year
                )
            )
),

final as (
    select
        region_code
        || '|' || indicator_code
        || '|' || fact_year
        || '|' || fact_kind
        || '|' || comparison_unit
        || coalesce('|' || direction, '') as panel_id,
        region_code,
        region_name,
        region_level,
        indicator_code,
        indicator_name_zh,
        indicator_name_en,
        fact_year::smallint as panel_year,
        fact_kind as target_kind,
        direction,
        comparator,
        comparison_value as target_value,
        comparison_value_max as target_value_max,
        comparison_unit as value_unit,
        indicator as target_indicator,
        fact_record_id as target_id,
        plan_id as target_plan_id,
        doc as target_doc,
        published_on as target_published_on,
        quote as target_quote,
        candidate_target_count::integer as candidate_target_count,
        realized_value,
        realized_actual_id,
        realized_plan_id,
        realized_doc,
        realized_published_on,
        realized_quote,
        realized_value - comparison_value as gap,
        case when comparison_unit = '%' then '百分点' else comparison_unit end as gap_unit,
        {{ target_is_met('realized_value', 'comparison_value', 'comparison_value_max', 'comparator', 'fact_kind') }}
            as is_target_met
    from joined
)

select * from final
