-- One row per target or actual (fact) of fct_targets / fct_actuals (so curators' corrections
-- apply) with its plan and region, and its value in a comparable unit: the indicator's
-- canonical unit when the stated unit converts to it (1000亿元 → 1000 亿元, 2万件 → 20000 件),
-- else the base unit as stated (个百分点 → 百分点), else the unit as written.
with targets as (
    select * from {{ ref('fct_targets') }}
),

actuals as (
    select * from {{ ref('fct_actuals') }}
),

plans as (
    select * from {{ ref('dim_plan') }}
),

facts as (
    select
        'target' as fact_source,
        target_id as fact_record_id,
        plan_id,
        indicator,
        indicator_code,
        indicator_name_zh,
        indicator_name_en,
        indicator_category,
        canonical_unit,
        value,
        value_max,
        unit,
        value_base,
        unit_base,
        comparator,
        direction,
        target_kind as fact_kind,
        target_year as fact_year,
        period_start,
        period_end,
        base_year,
        confidence,
        quote,
        section_path,
        char_start,
        char_end
    from targets
    union all
    select
        'actual' as fact_source,
        actual_id as fact_record_id,
        plan_id,
        indicator,
        indicator_code,
        indicator_name_zh,
        indicator_name_en,
        indicator_category,
        canonical_unit,
        value,
        value_max,
        unit,
        value_base,
        unit_base,
        comparator,
        direction,
        actual_kind as fact_kind,
        actual_year as fact_year,
        period_start,
        period_end,
        base_year,
        confidence,
        quote,
        section_path,
        char_start,
        char_end
    from actuals
),

scaled as (
    select
        facts.*,
        plans.doc,
        plans.doc_kind,
        plans.region_code,
        plans.region_name,
        plans.region_level,
        plans.parent_region_code,
        plans.plan_start_year,
        plans.plan_end_year,
        plans.published_on,
        plans.is_latest_for_region,
        nullif(facts.unit_base, '') as stated_base_unit,
        {{ unit_scale('facts.unit_base', 'facts.canonical_unit') }} as canonical_scale
    from facts
    inner join plans
        on facts.plan_id = plans.plan_id
),

final as (
    select
        fact_source || ':' || fact_record_id as fact_id,
        fact_source,
        fact_record_id,
        case
            when fact_source = 'actual' then 'actual'
            when fact_year > plan_end_year then 'vision'
            else 'target'
        end as fact_type,
        plan_id,
        doc,
        doc_kind,
        region_code,
        region_name,
        region_level,
        parent_region_code,
        plan_start_year,
        plan_end_year,
        published_on,
        is_latest_for_region,
        indicator,
        indicator_code,
        indicator_name_zh,
        indicator_name_en,
        indicator_category,
        canonical_unit,
        coalesce(indicator = indicator_name_zh, false) as is_catalogue_name,
        fact_kind,
        comparator,
        direction,
        fact_year,
        period_start,
        period_end,
        base_year,
        value,
        value_max,
        unit,
        value_base,
        unit_base,
        case
            when canonical_scale is not null and value_base is not null
                then trim_scale(value_base / canonical_scale)
            when stated_base_unit is not null and value_base is not null then value_base
            else value
        end as comparison_value,
        case
            when value_max is null then null
            when canonical_scale is not null and value_base is not null
                then trim_scale(value_max * value_base / nullif(value, 0) / canonical_scale)
            when stated_base_unit is not null and value_base is not null
                then trim_scale(value_max * value_base / nullif(value, 0))
            else value_max
        end as comparison_value_max,
        case
            when canonical_scale is not null and value_base is not null then canonical_unit
            when stated_base_unit is not null and value_base is not null then stated_base_unit
            else unit
        end as comparison_unit,
        (canonical_scale is not null and value_base is not null) as is_canonical_unit,
        confidence,
        quote,
        section_path,
        char_start,
        char_end
    from scaled
)

select * from final
