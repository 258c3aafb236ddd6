with projects as (
    select * from {{ ref('stg_projects') }}
),

plans as (
    select * from {{ ref('int_plan_regions') }}
),

mentions as (
    select
        document_id,
        project_key,
        min(char_start) as first_char_start,
        string_agg(distinct box, ' | ' order by box) as boxes
    from {{ ref('stg_project_mentions') }}
    group by document_id, project_key
),

final as (
    select
        projects.project_id,
        plans.plan_id,
        plans.doc,
        plans.region_code,
        plans.region_name,
        plans.region_level,
        plans.plan_start_year,
        plans.plan_end_year,
        plans.is_latest_for_region,
        projects.project_key,
        projects.project_name,
        projects.sector as box,
        mentions.boxes as all_boxes,
        projects.investment_yi,
        projects.currency,
        projects.investment_text,
        projects.location,
        projects.sponsor,
        projects.area,
        projects.mention_count,
        (projects.investment_yi is not null) as has_investment,
        case
            when projects.investment_yi is not null
                then
                    rank() over (
                        partition by plans.plan_id, projects.currency
                        order by projects.investment_yi desc nulls last
                    )
        end::integer as investment_rank_in_plan,
        mentions.first_char_start,
        projects.annual_investment_yi,
        projects.start_year,
        projects.end_year,
        projects.owner
    from projects
    inner join plans
        on projects.document_id = plans.plan_id
    left join mentions
        on
            projects.document_id = mentions.document_id
            and projects.project_key = mentions.project_key
)

select * from final
