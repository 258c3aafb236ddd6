{#- Whether a reported value meets a target (null when nothing is reported). A cap (kind cap, or a
    comparator <= : 失业率控制在5.5%以内) is met at or below its upper bound; every other target at
    or above its stated value: 左右 (~) counts as the value it names, a range (5%—5.5%) as its
    lower end. A decrease target (能耗下降13.5%: value 13.5, direction decrease) is matched only
    with reported decreases, so a larger reported decrease meets it. -#}
{% macro target_is_met(realized, value, value_max, comparator, kind) -%}
    case
        when {{ realized }} is null or {{ value }} is null then null
        when {{ comparator }} = '<=' or {{ kind }} = 'cap'
            then {{ realized }} <= coalesce({{ value_max }}, {{ value }})
        else {{ realized }} >= {{ value }}
    end
{%- endmacro %}

{#- Compound annual growth in percent from a start value to an end value over a number of years,
    rounded to two decimals; null unless both values are positive and the years are positive.
    numeric power() keeps the arithmetic exact enough for two decimals (no float, LESSONS). -#}
{% macro annual_growth_pct(start_value, end_value, years) -%}
    case
        when {{ start_value }} > 0 and {{ end_value }} > 0 and ({{ years }}) > 0
            then round(
                (power({{ end_value }}::numeric / {{ start_value }}::numeric, 1.0 / ({{ years }})) - 1) * 100, 2
            )
    end
{%- endmacro %}

{#- The kind of quantity a figure measures, for matching a target with what is later reported: a cap
    (失业率控制在5.5%左右) bounds a level, and the reported value (城镇调查失业率5.2%) is read as a
    level, so both measure a level. -#}
{% macro measure_kind(kind) -%}
    case when {{ kind }} = 'cap' then 'level' else {{ kind }} end
{%- endmacro %}
