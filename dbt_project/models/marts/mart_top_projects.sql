-- One row per project among the N largest (by planned investment in CNY) of its plan
-- (N = var top_projects_per_plan, default 10), with its ranks and its share of the plan.
with projects as (
    select * from {{ ref('int_projects_ranked') }}
),

final as (
    select
        project_id,
        plan_id,
        doc,
        region_code,
        region_name,
        region_level,
        is_latest_for_region,
        project_name,
        box,
        all_boxes,
        location,
        sponsor,
        investment_cny_yi as investment_yi,
        investment_text,
        cny_rank_in_plan::integer as rank_in_plan,
        cny_rank_in_level::integer as rank_in_region_level,
        round(investment_cny_yi / nullif(plan_investment_cny_yi, 0), 4) as share_of_plan_investment,
        mention_count,
        first_char_start
    from projects
    where cny_rank_in_plan <= {{ var('top_projects_per_plan', 10) }}
)

select * from final
