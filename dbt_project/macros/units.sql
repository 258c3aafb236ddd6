{#- How many `base_unit` make one `unit`: 亿元 over 元 → 100000000, 万人次 over 人次 → 10000,
    % over % → 1. Null when `unit` is not `base_unit` with a Chinese magnitude prefix
    (户 vs 家, % vs 百分点, 万 with no base unit): such values are not converted and never
    compared with values in the canonical unit. -#}
{% macro unit_scale(base_unit, unit) -%}
    case
        when nullif({{ base_unit }}, '') is null or {{ unit }} is null then null
        when {{ unit }} = {{ base_unit }} then 1
        {%- for prefix, factor in [('十', 10), ('百', 100), ('千', 1000), ('万', 10000), ('十万', 100000),
                                    ('百万', 1000000), ('千万', 10000000), ('亿', 100000000),
                                    ('万亿', 1000000000000)] %}
        when {{ unit }} = '{{ prefix }}' || {{ base_unit }} then {{ factor }}
        {%- endfor %}
    end
{%- endmacro %}
