-- Targets commit to a year between 2021 and 2050 (a 2020 figure is an actual, a 5G is not a year).
select *
from {{ ref('fct_targets') }}
where target_year is not null and (target_year < 2021 or target_year > 2050)
