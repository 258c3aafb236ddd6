-- One row per region with at least one loaded plan; the key 2025 targets as columns, each for
-- one indicator, kind and unit (a column never mixes a cap with a level or 亿元 with %).
{%- set key_targets = [
    ('gdp_yi', 'gdp', 'level', '亿元'),
    ('gdp_growth_pct', 'gdp_growth', 'growth', '%'),
    ('fiscal_revenue_total_yi', 'fiscal_revenue_total', 'level', '亿元'),
    ('fiscal_revenue_general_budget_yi', 'fiscal_revenue_general_budget', 'level', '亿元'),
    ('fixed_asset_investment_cumulative_yi', 'fixed_asset_investment_cumulative', 'cumulative', '亿元'),
    ('retail_sales_yi', 'retail_sales', 'level', '亿元'),
    ('per_capita_disposable_income_yuan', 'per_capita_disposable_income', 'level', '元'),
    ('unemployment_rate_cap_pct', 'unemployment_rate', 'cap', '%'),
    ('services_share_pct', 'services_share', 'share', '%'),
    ('rd_share_pct', 'rd_share', 'share', '%'),
    ('high_tech_enterprises_count', 'high_tech_enterprises', 'count', '户'),
    ('patent_applications_count', 'patent_applications', 'level', '件'),
    ('tourism_revenue_yi', 'tourism_revenue', 'level', '亿元'),
] %}

with plans as (
    select * from {{ ref('dim_plan') }}
),

cells as (
    select * from {{ ref('int_target_cells') }}
    where target_year = 2025 and direction is null
),

facts as (
    select * from {{ ref('int_facts') }}
    where fact_type <> 'actual' and fact_year = 2025
),

regions as (
    select
        region_code,
        region_name,
        region_level,
        parent_region_code,
        count(*) over (partition by region_code) as plan_count,
        row_number() over (
            partition by region_code
            order by
                case doc_kind when 'plan_outline' then 1 when 'work_report' then 2 else 3 end,
                plan_end_year desc nulls last,
                published_on desc nulls last,
                plan_id desc
        ) as plan_rank
    from plans
    where region_code is not null
),

fact_counts as (
    select
        region_code,
        count(*) as target_count,
        count(indicator_code) as mapped_target_count
    from facts
    where region_code is not null
    group by region_code
),

pivoted as (
    select
        region_code,
        {%- for column, indicator, kind, unit in key_targets %}
        max(comparison_value) filter (
            where indicator_code = '{{ indicator }}' and target_kind = '{{ kind }}' and comparison_unit = '{{ unit }}'
        ) as {{ column }},
        {%- endfor %}
        max(comparator) filter (
            where indicator_code = 'gdp' and target_kind = 'level' and comparison_unit = '亿元'
        ) as gdp_comparator,
        max(baseline_year) filter (
            where indicator_code = 'gdp' and target_kind = 'level' and comparison_unit = '亿元'
        ) as gdp_baseline_year,
        max(baseline_value) filter (
            where indicator_code = 'gdp' and target_kind = 'level' and comparison_unit = '亿元'
        ) as gdp_baseline_yi,
        max(implied_cagr_pct) filter (
            where indicator_code = 'gdp' and target_kind = 'level' and comparison_unit = '亿元'
        ) as gdp_implied_cagr_pct
    from cells
    group by region_code
),

final as (
    select
        regions.region_code,
        regions.region_name,
        regions.region_level,
        regions.parent_region_code,
        regions.plan_count::integer as plan_count,
        coalesce(fact_counts.target_count, 0)::integer as target_count_2025,
        coalesce(fact_counts.mapped_target_count, 0)::integer as mapped_target_count_2025,
        {%- for column, indicator, kind, unit in key_targets %}
        pivoted.{{ column }},
        {%- endfor %}
        pivoted.gdp_comparator,
        pivoted.gdp_baseline_year,
        pivoted.gdp_baseline_yi,
        pivoted.gdp_implied_cagr_pct
    from regions
    left join fact_counts
        on regions.region_code = fact_counts.region_code
    left join pivoted
        on regions.region_code = pivoted.region_code
    where regions.plan_rank = 1
)

select * from final
