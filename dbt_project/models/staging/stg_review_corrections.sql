{#- Curator corrections, each with `skip_reason`: null when the correction applies cleanly, else why
    the reviewed models skip it (a value that would not cast, a year a test refuses, a span outside
    the text, a formula-leading cell). `guihua review apply` refuses such rows since it validates
    like input; this guard keeps a correction stored earlier (or by hand) from breaking every build.
    The bounds are those of etl/review.py (MAX_ABS_VALUE, MAX_DECIMALS, YEARS, TARGET_YEARS). -#}
{%- set number = "'^-?[0-9]{1,15}([.][0-9]{1,10})?$'" -%}
{%- set formula_leads = "('=', '+', '-', '@', chr(9), chr(13))" -%}
{%- set kinds = "('level', 'growth', 'share', 'cap', 'cumulative', 'increment', 'multiple', 'count')" -%}
{%- set comparators = "('>=', '<=', '~', '=')" -%}
with source as (
    select * from {{ source('core', 'review_correction') }}
),

added_text as (
    select
        documents.doc,
        length(texts.text) as text_length
    from {{ source('core', 'document') }} as documents
    inner join {{ source('core', 'document_text') }} as texts
        on documents.document_id = texts.document_id
    where documents.doc in (
            select source.doc from source
            where source.action = 'add'
        )
),

checked as (
    select
        source.*,
        case
            when source.action = 'fix' and source.field in ('value', 'value_max', 'investment_yi')
                and source.new_value !~ {{ number }}
                then 'not a number in range'
            when source.action = 'fix' and source.field in ('year', 'base_year', 'period_start', 'period_end')
                and source.new_value !~ '^[0-9]{4}$'
                then 'not a year in range'
            -- a CASE evaluates its branches in order: the casts below only see four digits
            when source.action = 'fix' and source.field in ('year', 'base_year', 'period_start', 'period_end')
                and not case
                    when source.record_type = 'target' and source.field = 'year'
                        then source.new_value::integer between 2021 and 2050
                    else source.new_value::integer between 1949 and 2100
                end
                then 'not a year in range'
            when source.action = 'fix' and source.field = 'kind' and source.new_value not in {{ kinds }}
                then 'unknown kind'
            when source.action = 'fix' and source.field = 'comparator' and source.new_value not in {{ comparators }}
                then 'unknown comparator'
            when source.action = 'fix' and source.field not in ('value', 'value_max', 'investment_yi')
                and left(source.new_value, 1) in {{ formula_leads }}
                then 'starts like a spreadsheet formula'
            when source.action = 'add' and (
                    coalesce(source.record ->> 'value', '') !~ {{ number }}
                    or coalesce(source.record ->> 'value_max', '0') !~ {{ number }}
                )
                then 'not a number in range'
            when source.action = 'add' and coalesce(source.record ->> 'year', '') !~ '^[0-9]{4}$'
                and source.record ->> 'year' is not null
                then 'not a year in range'
            when source.action = 'add' and source.record ->> 'year' is not null
                and not case
                    when source.record_type = 'target'
                        then (source.record ->> 'year')::integer between 2021 and 2050
                    else (source.record ->> 'year')::integer between 1949 and 2100
                end
                then 'not a year in range'
            when source.action = 'add' and coalesce(source.record ->> 'kind', '') not in {{ kinds }}
                then 'unknown kind'
            when source.action = 'add' and coalesce(source.record ->> 'comparator', '=') not in {{ comparators }}
                then 'unknown comparator'
            when source.action = 'add' and (
                    coalesce(source.record ->> 'indicator', '') = ''
                    or coalesce(source.record ->> 'unit', '') = ''
                )
                then 'indicator and unit are required'
            when source.action = 'add' and (
                    left(source.record ->> 'indicator', 1) in {{ formula_leads }}
                    or left(source.record ->> 'unit', 1) in {{ formula_leads }}
                    or left(source.record ->> 'quote', 1) in {{ formula_leads }}
                )
                then 'starts like a spreadsheet formula'
            when source.action = 'add' and (
                    coalesce(source.record ->> 'char_start', '') !~ '^[0-9]{1,9}$'
                    or coalesce(source.record ->> 'char_end', '') !~ '^[0-9]{1,9}$'
                )
                then 'not a character offset'
            when source.action = 'add' and not coalesce(
                    (source.record ->> 'char_start')::integer < (source.record ->> 'char_end')::integer
                    and (source.record ->> 'char_end')::integer <= added_text.text_length,
                    false
                )
                then 'span outside the document text'
        end as skip_reason
    from source
    left join added_text
        on source.doc = added_text.doc
),

renamed as (
    select
        correction_id,
        doc,
        record_type,
        record_key,
        action as correction_action,
        field as corrected_field,
        new_value,
        record as added_record,
        reviewer,
        note,
        created_at,
        skip_reason
    from checked
)

select * from renamed
