{#- Models land in exactly the schema they name (staging, marts): BI users and
    SQL clients rely on these names, so no target-prefix is added. -#}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {%- if custom_schema_name is none -%}
        {{ target.schema }}
    {%- else -%}
        {{ custom_schema_name | trim }}
    {%- endif -%}
{%- endmacro %}
