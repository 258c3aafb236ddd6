-- One row per plan (every loaded document, also those without projects): how many projects,
-- their planned investment in CNY (亿元, each project counted once however many boxes list
-- it), the median, the largest project and the share of the three largest.
with projects as (
    select * from {{ ref('int_projects_ranked') }}
),

plans as (
    select * from {{ ref('dim_plan') }}
),

aggregated as (
    select
        plan_id,
        count(*) as project_count,
        count(distinct box) as box_count,
        count(investment_yi) as project_with_amount_count,
        count(investment_cny_yi) as cny_project_count,
        count(*) filter (where is_other_currency) as other_currency_project_count,
        sum(investment_cny_yi) as total_investment_yi,
        {{ median('investment_cny_yi') }} as median_investment_yi,
        sum(investment_cny_yi) filter (where cny_rank_in_plan <= 3) as top3_investment_yi
    from projects
    group by plan_id
),

largest as (
    select
        plan_id,
        project_id as largest_project_id,
        project_name as largest_project_name,
        box as largest_project_box,
        investment_cny_yi as largest_investment_yi
    from projects
    where cny_rank_in_plan = 1
),

final as (
    select
        plans.plan_id,
        plans.doc,
        plans.doc_kind,
        plans.region_code,
        plans.region_name,
        plans.region_level,
        plans.is_latest_for_region,
        coalesce(aggregated.project_count, 0)::integer as project_count,
        coalesce(aggregated.box_count, 0)::integer as box_count,
        coalesce(aggregated.project_with_amount_count, 0)::integer as project_with_amount_count,
        coalesce(aggregated.cny_project_count, 0)::integer as cny_project_count,
        coalesce(aggregated.other_currency_project_count, 0)::integer as other_currency_project_count,
        aggregated.total_investment_yi,
        aggregated.median_investment_yi,
        largest.largest_project_id,
        largest.largest_project_name,
        largest.largest_project_box,
        largest.largest_investment_yi,
        aggregated.top3_investment_yi,
        round(aggregated.top3_investment_yi / nullif(aggregated.total_investment_yi, 0), 4) as top3_share
    from plans
    left join aggregated
        on plans.plan_id = aggregated.plan_id
    left join largest
        on plans.plan_id = largest.plan_id
)

select * from final
