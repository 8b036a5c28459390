{#- For stg_contacts (incremental): after the merge, the contacts none of whose rows is left in the source
    (deleted upstream) go too, as a full build would leave them out. -#}
{% macro delete_contacts_without_rows() -%}
{%- if is_incremental() -%}
delete from {{ this }} where not exists (
    select 1 from {{ source('raw', 'raw_contacts') }} raw
    where {{ clean('raw.contact_id') }} = {{ this }}.contact_id
)
{%- endif -%}
{%- endmacro %}
