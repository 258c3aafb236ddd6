-- Curator corrections the reviewed models skip (see stg_review_corrections.skip_reason): a warning,
-- never a failed build. `guihua review status` lists them; `guihua review remove ID` deletes one.
{{ config(severity='warn') }}

select
    correction_id,
    doc,
    record_type,
    record_key,
    skip_reason
from {{ ref('stg_review_corrections') }}
where skip_reason is not null
