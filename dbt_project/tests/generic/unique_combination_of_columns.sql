-- The columns together identify a row (nulls count as equal values: a (plan, null box) pair
-- must be unique too). Built in the project because dbt-utils cannot be installed here.
{% test unique_combination_of_columns(model, combination_of_columns) %}

with grouped as (
    select
        {{ combination_of_columns | join(', ') }},
        count(*) as row_count
    from {{ model }}
    group by {{ combination_of_columns | join(', ') }}
)

select * from grouped
where row_count > 1

{% endtest %}
