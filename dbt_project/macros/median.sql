{#- Exact median of a numeric expression, as an aggregate (nulls ignored, null when no value):
    the mean of the lower and the upper middle value. percentile_cont would cast to double
    precision (LESSONS: no floats for money or rates); percentile_disc keeps the numeric type. -#}
{% macro median(expression) -%}
    trim_scale(
        (
            percentile_disc(0.5) within group (order by {{ expression }})
            + percentile_disc(0.5) within group (order by {{ expression }} desc)
        ) * 0.5
    )
{%- endmacro %}
