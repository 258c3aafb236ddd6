-- One row per plan (loaded document): how much was found in it — targets, actuals, projects,
-- indicators mapped to the catalogue and the share left unmapped — and how damaged the source
-- was, so a user sees how far to trust the plan's rows in the other marts.
{%- set informational_flags = [
    'chrome_line', 'repeated_title', 'pinyin_reading', 'traditional_converted',
    'mojibake_run', 'mojibake_repaired', 'published_on_month_only', 'tables',
] %}
{%- set untrusted_flags = ['region_unresolved', 'region_ambiguous', 'not_a_plan'] %}

with plans as (
    select * from {{ ref('dim_plan') }}
),

facts as (
    select * from {{ ref('int_facts') }}
),

projects as (
    select * from {{ ref('fct_projects') }}
),

mentions as (
    select * from {{ ref('stg_project_mentions') }}
),

target_counts as (
    select
        plan_id,
        count(*) as target_count,
        count(*) filter (where fact_type = 'vision') as vision_target_count,
        count(indicator_code) as mapped_target_count,
        count(distinct indicator_code) as target_indicator_count,
        string_agg(distinct indicator_code, ', ' order by indicator_code) as quantified_indicator_codes,
        string_agg(distinct indicator_name_zh, '、' order by indicator_name_zh) as quantified_indicator_names,
        round(avg(confidence), 3) as mean_target_confidence
    from facts
    where fact_type <> 'actual'
    group by plan_id
),

actual_counts as (
    select
        plan_id,
        count(*) as actual_count,
        count(indicator_code) as mapped_actual_count,
        count(distinct indicator_code) as actual_indicator_count
    from facts
    where fact_type = 'actual'
    group by plan_id
),

indicator_counts as (
    select
        plan_id,
        count(distinct indicator_code) as indicator_count
    from facts
    group by plan_id
),

project_counts as (
    select
        plan_id,
        count(*) as project_count,
        count(investment_yi) as project_with_amount_count
    from projects
    group by plan_id
),

mention_counts as (
    select
        document_id as plan_id,
        count(*) as project_mention_count
    from mentions
    group by document_id
),

flags as (
    select
        plans.plan_id,
        flag_items.item ->> 'flag' as flag,
        coalesce((flag_items.item ->> 'count')::integer, 1) as flag_count
    from plans
    cross join lateral jsonb_array_elements(coalesce(plans.quality_flags, '[]'::jsonb)) as flag_items (item)
),

flag_summaries as (
    select
        plan_id,
        string_agg(flag || '×' || flag_count, ', ' order by flag) as quality_flag_summary,
        coalesce(sum(flag_count) filter (
            where flag not in (
                {%- for flag in informational_flags %}
                '{{ flag }}'{{ "," if not loop.last }}
                {%- endfor %}
            )
        ), 0) as damage_flag_count,
        bool_or(flag in (
            {%- for flag in untrusted_flags %}
            '{{ flag }}'{{ "," if not loop.last }}
            {%- endfor %}
        )) as has_untrusted_flag
    from flags
    group by plan_id
),

combined as (
    select
        plans.plan_id,
        plans.doc,
        plans.title,
        plans.doc_kind,
        plans.region_code,
        plans.region_name,
        plans.region_level,
        plans.plan_start_year,
        plans.plan_end_year,
        plans.vision_year,
        plans.is_latest_for_region,
        coalesce(target_counts.target_count, 0) as target_count,
        coalesce(target_counts.vision_target_count, 0) as vision_target_count,
        coalesce(target_counts.mapped_target_count, 0) as mapped_target_count,
        coalesce(target_counts.target_indicator_count, 0) as target_indicator_count,
        target_counts.quantified_indicator_codes,
        target_counts.quantified_indicator_names,
        target_counts.mean_target_confidence,
        coalesce(actual_counts.actual_count, 0) as actual_count,
        coalesce(actual_counts.mapped_actual_count, 0) as mapped_actual_count,
        coalesce(actual_counts.actual_indicator_count, 0) as actual_indicator_count,
        coalesce(indicator_counts.indicator_count, 0) as indicator_count,
        coalesce(project_counts.project_count, 0) as project_count,
        coalesce(project_counts.project_with_amount_count, 0) as project_with_amount_count,
        coalesce(mention_counts.project_mention_count, 0) as project_mention_count,
        plans.char_count,
        plans.quality_flag_count,
        plans.quality_flags,
        flag_summaries.quality_flag_summary,
        coalesce(flag_summaries.damage_flag_count, 0) as damage_flag_count,
        coalesce(flag_summaries.has_untrusted_flag, false) as has_untrusted_flag
    from plans
    left join target_counts
        on plans.plan_id = target_counts.plan_id
    left join actual_counts
        on plans.plan_id = actual_counts.plan_id
    left join indicator_counts
        on plans.plan_id = indicator_counts.plan_id
    left join project_counts
        on plans.plan_id = project_counts.plan_id
    left join mention_counts
        on plans.plan_id = mention_counts.plan_id
    left join flag_summaries
        on plans.plan_id = flag_summaries.plan_id
),

final as (
    select
        plan_id,
        doc,
        title,
        doc_kind,
        region_code,
        region_name,
        region_level,
        plan_start_year,
        plan_end_year,
        vision_year,
        is_latest_for_region,
        target_count::integer as target_count,
        vision_target_count::integer as vision_target_count,
        mapped_target_count::integer as mapped_target_count,
        (target_count - mapped_target_count)::integer as unmapped_target_count,
        round((target_count - mapped_target_count)::numeric / nullif(target_count, 0), 4) as unmapped_target_share,
        target_indicator_count::integer as target_indicator_count,
        quantified_indicator_codes,
        quantified_indicator_names,
        mean_target_confidence,
        actual_count::integer as actual_count,
        mapped_actual_count::integer as mapped_actual_count,
        round((actual_count - mapped_actual_count)::numeric / nullif(actual_count, 0), 4) as unmapped_actual_share,
        actual_indicator_count::integer as actual_indicator_count,
        indicator_count::integer as indicator_count,
        project_count::integer as project_count,
        project_with_amount_count::integer as project_with_amount_count,
        project_mention_count::integer as project_mention_count,
        char_count,
        quality_flag_count,
        quality_flags,
        quality_flag_summary,
        damage_flag_count::integer as damage_flag_count,
        -- Trust reflects what was found: a plan in which nothing was found (no target, no actual, no
        -- project) vouches for nothing, so it is never rated high (the rule is in the column's description).
        case
            when region_code is null or has_untrusted_flag then 'low'
            when target_count + actual_count + project_count = 0 then 'low'
            when
                damage_flag_count > 0
                or (target_count > 0 and (target_count - mapped_target_count) * 2 > target_count)
                then 'medium'
            else 'high'
        end as trust_level
    from combined
)

select * from final
