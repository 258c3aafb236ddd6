-- A plan is rated by what was found in it: one in which no target, no actual and no project was
-- found is never trusted "high" (mart_plan_coverage.trust_level).
select
    plan_id,
    doc,
    target_count,
    actual_count,
    project_count,
    trust_level
from {{ ref('mart_plan_coverage') }}
where
    trust_level = 'high'
    and target_count + actual_count + project_count = 0
