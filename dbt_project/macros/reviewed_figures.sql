{#- Targets or actuals with the curators' corrections applied (core.review_correction):
    dropped records removed, fixed fields replaced, added records appended. Applied on
    every build, so a re-extraction never undoes a correction. Only corrections that apply cleanly
    (skip_reason is null in stg_review_corrections) are used: a bad one is reported, never fatal. -#}
{% macro reviewed_figures(record_type) %}
{%- set id = record_type ~ '_id' -%}
{%- set kind = record_type ~ '_kind' -%}
{%- set year = record_type ~ '_year' -%}
with figures as (
    select
        figures.*,
        documents.doc
    from {{ ref('stg_' ~ record_type ~ 's') }} as figures
    inner join {{ ref('stg_documents') }} as documents
        on figures.document_id = documents.document_id
),

corrections as (
    select * from {{ ref('stg_review_corrections') }}
    where
        record_type = '{{ record_type }}'
        and skip_reason is null
),

documents as (
    select * from {{ ref('stg_documents') }}
),

dropped as (
    select distinct
        doc,
        record_key
    from corrections
    where correction_action = 'drop'
),

fixes as (
    select
        doc,
        record_key,
        max(new_value) filter (where corrected_field = 'indicator') as indicator,
        max(new_value) filter (where corrected_field = 'indicator_code') as indicator_code,
        max(new_value) filter (where corrected_field = 'value') as value,
        max(new_value) filter (where corrected_field = 'value_max') as value_max,
        max(new_value) filter (where corrected_field = 'unit') as unit,
        max(new_value) filter (where corrected_field = 'comparator') as comparator,
        max(new_value) filter (where corrected_field = 'kind') as kind,
        max(new_value) filter (where corrected_field = 'year') as year,
        max(new_value) filter (where corrected_field = 'base_year') as base_year,
        max(new_value) filter (where corrected_field = 'period_start') as period_start,
        max(new_value) filter (where corrected_field = 'period_end') as period_end
    from corrections
    where correction_action = 'fix'
    group by doc, record_key
),

kept as (
    select
        figures.{{ id }},
        figures.document_id,
        figures.record_key,
        coalesce(fixes.indicator, figures.indicator) as indicator,
        coalesce(fixes.indicator_code, figures.indicator_code) as indicator_code,
        coalesce(fixes.value::numeric, figures.value) as value,
        coalesce(fixes.value_max::numeric, figures.value_max) as value_max,
        coalesce(fixes.unit, figures.unit) as unit,
        case
            when fixes.unit is not null then null
            when fixes.value is not null and figures.value <> 0
                then figures.value_base * fixes.value::numeric / figures.value
            else figures.value_base
        end as value_base,
        case when fixes.unit is null then figures.unit_base end as unit_base,
        coalesce(fixes.comparator, figures.comparator) as comparator,
        coalesce(fixes.kind, figures.{{ kind }}) as {{ kind }},
        coalesce(fixes.year::smallint, figures.{{ year }}) as {{ year }},
        coalesce(fixes.period_start::smallint, figures.period_start) as period_start,
        coalesce(fixes.period_end::smallint, figures.period_end) as period_end,
        coalesce(fixes.base_year::smallint, figures.base_year) as base_year,
        figures.direction,
        figures.quote,
        figures.section_path,
        figures.char_start,
        figures.char_end,
        figures.confidence,
        (fixes.record_key is not null) as is_reviewed,
        figures.binding,
        figures.table_index,
        figures.row_index,
        figures.column_index
    from figures
    left join fixes
        on
            figures.doc = fixes.doc
            and figures.record_key = fixes.record_key
    left join dropped
        on
            figures.doc = dropped.doc
            and figures.record_key = dropped.record_key
    where dropped.record_key is null
),

added as (
    select
        -corrections.correction_id as {{ id }},
        documents.document_id,
        corrections.record_key,
        corrections.added_record ->> 'indicator' as indicator,
        corrections.added_record ->> 'indicator_code' as indicator_code,
        (corrections.added_record ->> 'value')::numeric as value,
        (corrections.added_record ->> 'value_max')::numeric as value_max,
        corrections.added_record ->> 'unit' as unit,
        null::numeric as value_base,
        null::text as unit_base,
        coalesce(corrections.added_record ->> 'comparator', '=') as comparator,
        corrections.added_record ->> 'kind' as {{ kind }},
        (corrections.added_record ->> 'year')::smallint as {{ year }},
        null::smallint as period_start,
        null::smallint as period_end,
        null::smallint as base_year,
        null::text as direction,
        coalesce(corrections.added_record ->> 'quote', '') as quote,
        null::text as section_path,
        (corrections.added_record ->> 'char_start')::integer as char_start,
        (corrections.added_record ->> 'char_end')::integer as char_end,
        1.000::numeric(4, 3) as confidence,
        true as is_reviewed,
        corrections.added_record ->> 'binding' as binding,
        null::integer as table_index,
        null::integer as row_index,
        null::integer as column_index
    from corrections
    inner join documents
        on corrections.doc = documents.doc
    where corrections.correction_action = 'add'
),

final as (
    select * from kept
    union all
    select * from added
)

select * from final
{% endmacro %}
