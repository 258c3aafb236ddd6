{#- How many `base_unit` make one `unit`: 亿元 over 元 → 100000000, 万人次 over 人次 → 10000,
    % over % → 1. Null when `unit` is not `base_unit` with a Chinese magnitude prefix
    (户 vs 家, % vs 百分点, 万 with no base unit): such values are not converted and never
    compared with values in the canonical unit. The prefixes are the rows of
    etl/data/multipliers.csv that convert (core.unit_multiplier, loaded by every run): the
    extractor reads the same file (etl/vocabulary.py), so a multiplier is added in one place. -#}
{% macro unit_scale(base_unit, unit) -%}
    case
        when nullif({{ base_unit }}, '') is null or {{ unit }} is null then null
        when {{ unit }} = {{ base_unit }} then 1
        else (
            select multipliers.factor
            from {{ ref('stg_unit_multipliers') }} as multipliers
            where multipliers.is_conversion
                and {{ unit }} = multipliers.prefix || {{ base_unit }}
        )
    end
{%- endmacro %}
