-- One row per distinct project per plan, with its planned investment in CNY (亿元; amounts in
-- other currencies are kept out of every CNY sum) and its rank by that investment within its
-- plan, its box and its administrative level. A project listed in several boxes is attributed
-- to the box of its first mention, so box totals add up to the plan total.
with projects as (
    select * from {{ ref('fct_projects') }}
),

priced as (
    select
        projects.*,
        case when projects.currency = 'CNY' then projects.investment_yi end as investment_cny_yi,
        (projects.investment_yi is not null and projects.currency is distinct from 'CNY') as is_other_currency,
        (projects.all_boxes like '% | %') as is_cross_listed
    from projects
),

final as (
    select
        priced.*,
        case
            when priced.investment_cny_yi is not null
                then
                    row_number() over (
                        partition by priced.plan_id
                        order by
                            priced.investment_cny_yi desc nulls last,
                            priced.first_char_start asc,
                            priced.project_id asc
                    )
        end as cny_rank_in_plan,
        case
            when priced.investment_cny_yi is not null
                then
                    row_number() over (
                        partition by priced.plan_id, priced.box
                        order by
                            priced.investment_cny_yi desc nulls last,
                            priced.first_char_start asc,
                            priced.project_id asc
                    )
        end as cny_rank_in_box,
        case
            when priced.investment_cny_yi is not null
                then
                    rank() over (
                        partition by priced.region_level
                        order by priced.investment_cny_yi desc nulls last
                    )
        end as cny_rank_in_level,
        sum(priced.investment_cny_yi) over (partition by priced.plan_id) as plan_investment_cny_yi
    from priced
)

select * from final
