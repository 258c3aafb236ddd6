-- Planned investment is never negative (a sign error or a list number read as an amount).
select *
from {{ ref('fct_projects') }}
where investment_yi < 0
