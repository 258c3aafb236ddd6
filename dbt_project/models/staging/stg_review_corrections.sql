with source as (
    select * from {{ source('core', 'review_correction') }}
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
        created_at
    from source
)

select * from renamed
