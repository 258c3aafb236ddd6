-- Every target and actual quotes exactly the words at its span of the normalized text.
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

texts as (
    select * from {{ source('core', 'document_text') }}
)

select facts.*
from facts
inner join texts
    on facts.document_id = texts.document_id
where
    facts.char_start < 0
    or facts.char_end > length(texts.text)
    or substr(texts.text, facts.char_start + 1, facts.char_end - facts.char_start) <> facts.quote
