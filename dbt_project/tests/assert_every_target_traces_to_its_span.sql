-- Every target and actual quotes exactly the words at its span of the normalized text, in time
-- linear in the text: substr(text, start) on UTF-8 walks the string from its start, so one substr
-- per fact on a 1 MB text cost minutes (quadratic). Instead each text is cut once into pieces of
-- 250 characters (one regexp pass, in C), and a fact is read from the one or few pieces its span
-- covers. The loader checks the same invariant before it writes (a record whose quote is not the
-- text at its span is dropped and the document flagged span_mismatch).
-- Which documents: every document loaded since the last run whose build succeeded, so each
-- document is checked by the first successful build after its load (a failed build leaves its
-- documents to the next one); a document's text and facts never change once loaded. The var
-- lineage_check_all (true) checks every document (an audit).
{% set piece = 250 %}
with last_checked as (
    select coalesce(max(run_id), 0) as run_id
    from {{ source('core', 'etl_run') }}
    where dbt_status = 'success'
),

documents_to_check as (
    select documents.document_id
    from {{ ref('stg_documents') }} as documents
    cross join last_checked
    {% if not var('lineage_check_all', false) -%}
    where documents.run_id is null or documents.run_id > last_checked.run_id
    {%- endif %}
),

all_facts as (
    select
        'target' as record_type,
        target_id as record_id,
        document_id,
        quote,
        char_start,
        char_end
    from {{ ref('stg_targets') }}
    union all
    select
        'actual' as record_type,
        actual_id as record_id,
        document_id,
        quote,
        char_start,
        char_end
    from {{ ref('stg_actuals') }}
),

facts as (
    select all_facts.*
    from all_facts
    inner join documents_to_check
        on all_facts.document_id = documents_to_check.document_id
),

texts as (
    select
        document_text.document_id,
        document_text.text,
        length(document_text.text) as text_length
    from {{ source('core', 'document_text') }} as document_text
    inner join documents_to_check
        on document_text.document_id = documents_to_check.document_id
),

pieces as materialized (
    select
        texts.document_id,
        (piece.ordinality - 1)::integer as piece_no,
        piece.match[1] as piece_text
    from texts
    cross join
        lateral regexp_matches(texts.text, '.{1,{{ piece }}}', 'g') with ordinality as piece (match, ordinality)
),

-- materialized: joined to the pieces on (document, piece) by hash, never per document
spans as materialized (
    select
        facts.record_type,
        facts.record_id,
        facts.document_id,
        covered.piece_no
    from facts
    cross join lateral generate_series(
        greatest(facts.char_start, 0) / {{ piece }},
        greatest(facts.char_end - 1, facts.char_start, 0) / {{ piece }}
    ) as covered (piece_no)
),

read_back as (
    select
        spans.record_type,
        spans.record_id,
        min(spans.piece_no) as first_piece,
        string_agg(pieces.piece_text, '' order by spans.piece_no) as covered_text
    from spans
    inner join pieces
        on
            spans.document_id = pieces.document_id
            and spans.piece_no = pieces.piece_no
    group by spans.record_type, spans.record_id
)

select facts.*
from facts
inner join texts
    on facts.document_id = texts.document_id
left join read_back
    on
        facts.record_type = read_back.record_type
        and facts.record_id = read_back.record_id
where
    facts.char_start < 0
    or facts.char_end < facts.char_start
    or facts.char_end > texts.text_length
    or coalesce(substr(
        read_back.covered_text,
        facts.char_start - read_back.first_piece * {{ piece }} + 1,
        facts.char_end - facts.char_start
    ), '') <> facts.quote
