-- One row per region, catalogue indicator, year, kind and comparison unit: the target a region
-- states for that cell, chosen among all its plans (plan outline before work report before
-- news summary, then the most recent plan; within a plan the phrase that is the catalogue
-- name, then the most confident, then the first). candidate_target_count says how many
-- targets competed for the cell (e.g. 基础化学工业产值 and 化工行业产值 both map to one code).
-- Targets without a region level are left out: a comparison must say which level it is within.
-- A decrease (下降18%: value 18, direction decrease) is its own cell, never compared with a rise.
with facts as (
    select * from {{ ref('int_facts') }}
),

baselines as (
    select * from {{ ref('int_fact_baselines') }}
),

candidates as (
    select
        facts.*,
        baselines.baseline_fact_id,
        baselines.baseline_year,
        baselines.baseline_value,
        baselines.baseline_unit,
        baselines.implied_value,
        baselines.implied_unit,
        baselines.implied_cagr_pct,
        baselines.cagr_basis,
        row_number() over (
            partition by
                facts.region_code,
                facts.indicator_code,
                facts.fact_year,
                facts.fact_kind,
                facts.comparison_unit,
                facts.direction
            order by
                case facts.doc_kind when 'plan_outline' then 1 when 'work_report' then 2 else 3 end,
                facts.plan_end_year desc nulls last,
                facts.published_on desc nulls last,
                facts.plan_id desc,
                facts.is_catalogue_name desc,
                facts.confidence desc,
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
    left join baselines
        on facts.fact_id = baselines.fact_id
    where
        facts.fact_type in ('target', 'vision')
        and facts.region_code is not null
        and facts.region_level is not null
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
        || '|' || fact_kind
        || '|' || comparison_unit
        || coalesce('|' || direction, '') as comparison_id,
        region_code,
        region_name,
        region_level,
        parent_region_code,
        indicator_code,
        indicator_name_zh,
        indicator_name_en,
        indicator_category,
        fact_year as target_year,
        fact_type,
        fact_kind as target_kind,
        direction,
        comparator,
        comparison_value,
        comparison_value_max,
        comparison_unit,
        is_canonical_unit,
        indicator,
        value,
        unit,
        fact_record_id as target_id,
        plan_id,
        doc,
        doc_kind,
        candidate_target_count::integer as candidate_target_count,
        baseline_year,
        baseline_value,
        implied_value,
        implied_unit,
        implied_cagr_pct,
        cagr_basis,
        confidence,
        quote,
        char_start,
        char_end
    from candidates
    where candidate_rank = 1
)

select * from final
