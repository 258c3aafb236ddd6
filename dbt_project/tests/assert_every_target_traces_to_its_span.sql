-- Every target and actual quotes exactly the words at its span of the normalized text.
-- Checked on the 200 most recently loaded documents: substr() on UTF-8 text walks the string from
-- its start, so checking every row of a 10,000-document corpus on every build costs minutes. The
-- extractors' property tests assert the same invariant on arbitrary input, and each re-loaded
-- document is checked here when it is (re)loaded.
with facts as (
    select
        document_id,
        quote,
        char_start,
        char_end
    from {{ ref('stg_targets') }}
    union all
    select
        document_id,
        quote,
        char_start,
        char_end
    from {{ ref('stg_actuals') }}
),

recent_documents as (
    select document_id from {{ ref('stg_documents') }}
    order by loaded_at desc, document_id desc
    limit 200
),

-- length() once per document, not once per fact: on UTF-8 it walks the whole text too
texts as materialized (
    select
        document_text.document_id,
        document_text.text,
        length(document_text.text) as text_length
    from {{ source('core', 'document_text') }} as document_text
    inner join recent_documents
        on document_text.document_id = recent_documents.document_id
)

select facts.*
from facts
inner join texts
    on facts.document_id = texts.document_id
where
    facts.char_start < 0
    or facts.char_end > texts.text_length
    or substr(texts.text, facts.char_start + 1, facts.char_end - facts.char_start) <> facts.quote
