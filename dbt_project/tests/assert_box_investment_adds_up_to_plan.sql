-- The boxes of a plan partition its projects: counts and CNY totals add up to the plan's.
with boxes as (
    select
        plan_id,
        sum(project_count) as project_count,
        sum(total_investment_yi) as total_investment_yi
    from {{ ref('mart_project_investment_by_box') }}
    group by plan_id
),

plans as (
    select * from {{ ref('mart_project_investment_by_plan') }}
)

select
    plans.plan_id,
    plans.project_count,
    boxes.project_count as box_project_count,
    plans.total_investment_yi,
    boxes.total_investment_yi as box_total_investment_yi
from plans
left join boxes
    on plans.plan_id = boxes.plan_id
where
    coalesce(boxes.project_count, 0) <> plans.project_count
    or boxes.total_investment_yi is distinct from plans.total_investment_yi
