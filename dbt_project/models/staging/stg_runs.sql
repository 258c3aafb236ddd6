with source as (
    select * from {{ source('core', 'etl_run') }}
),

renamed as (
    select
        run_id,
        started_at,
        finished_at,
        status as run_status,
        docs_seen,
        docs_loaded,
        docs_unchanged,
        docs_rejected,
        docs_failed,
        dbt_status
    from source
)

select * from renamed
