with source as (
    select * from {{ source('core', 'project') }}
),

renamed as (
    select
        project_id,
        document_id,
        project_key,
        name as project_name,
        investment_yi,
        investment_text,
        currency,
        location,
        sponsor,
        sector,
        area,
        mention_count,
        annual_investment_yi,
        start_year,
        end_year,
        owner
    from source
)

select * from renamed
