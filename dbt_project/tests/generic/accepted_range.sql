-- Every non-null value lies within [min_value, max_value] (either bound may be omitted).
{% test accepted_range(model, column_name, min_value=none, max_value=none) %}
{%- set outside = [] %}
{%- if min_value is not none %}{% do outside.append(column_name ~ ' < ' ~ min_value) %}{% endif %}
{%- if max_value is not none %}{% do outside.append(column_name ~ ' > ' ~ max_value) %}{% endif %}

select {{ column_name }}
from {{ model }}
where {{ column_name }} is not null and ({{ outside | join(' or ') or 'false' }})

{% endtest %}
