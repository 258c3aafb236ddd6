-- Growing the baseline at the implied annual rate for the years in between reaches the target
-- (within 0.1 %, the rate being rounded to 4 decimals of a percent).
select
    fact_id,
    baseline_value,
    baseline_year,
    implied_cagr_pct,
    comparison_value,
    fact_year
from {{ ref('mart_indicator_timeseries') }}
where
    cagr_basis = 'actual'
    and abs(
        baseline_value * power(1 + implied_cagr_pct / 100, fact_year - baseline_year) / comparison_value - 1
    ) > 0.001
