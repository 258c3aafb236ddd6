-- One row per plan and box (专栏 or list heading; box is null for projects named in prose):
-- how many projects, their planned investment in CNY (亿元), the largest one and the share of
-- the three largest. Each project counts in the box of its first mention only, so the boxes
-- of a plan add up to mart_project_investment_by_plan.
with projects as (
    select * from {{ ref('int_projects_ranked') }}
),

plans as (
    select * from {{ ref('dim_plan') }}
),

aggregated as (
    select
        plan_id,
        box,
        count(*) as project_count,
        count(investment_yi) as project_with_amount_count,
        count(investment_cny_yi) as cny_project_count,
        count(*) filter (where is_other_currency) as other_currency_project_count,
        count(*) filter (where is_cross_listed) as cross_listed_project_count,
        sum(investment_cny_yi) as total_investment_yi,
        {{ median('investment_cny_yi') }} as median_investment_yi,
        sum(investment_cny_yi) filter (where cny_rank_in_box <= 3) as top3_investment_yi
    from projects
    group by plan_id, box
),

largest as (
    select
        plan_id,
        box,
        project_id as largest_project_id,
        project_name as largest_project_name,
        investment_cny_yi as largest_investment_yi
    from projects
    where cny_rank_in_box = 1
),

final as (
    select
        plans.plan_id || '|' || coalesce(aggregated.box, '') as plan_box_id,
        plans.plan_id,
        plans.doc,
        plans.doc_kind,
        plans.region_code,
        plans.region_name,
        plans.region_level,
        plans.is_latest_for_region,
        aggregated.box,
        (aggregated.box is not null) as is_in_box,
        aggregated.project_count::integer as project_count,
        aggregated.project_with_amount_count::integer as project_with_amount_count,
        aggregated.cny_project_count::integer as cny_project_count,
        aggregated.other_currency_project_count::integer as other_currency_project_count,
        aggregated.cross_listed_project_count::integer as cross_listed_project_count,
        aggregated.total_investment_yi,
        aggregated.median_investment_yi,
        largest.largest_project_id,
        largest.largest_project_name,
        largest.largest_investment_yi,
        aggregated.top3_investment_yi,
        round(aggregated.top3_investment_yi / nullif(aggregated.total_investment_yi, 0), 4) as top3_share
    from aggregated
    inner join plans
        on aggregated.plan_id = plans.plan_id
    left join largest
        on
            aggregated.plan_id = largest.plan_id
            and aggregated.box is not distinct from largest.box
)

select * from final
