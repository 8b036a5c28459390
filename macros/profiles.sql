{#- For incremental models over identity (models/profiles/): each row keeps its profile's updated_at as it was
    when the row was written (_profile_updated_at). A row whose profile is gone (merged away, split, forgotten)
    or was written again since without this row is stale; this post_hook deletes those rows after the merge. -#}
{% macro delete_stale_profile_rows() -%}
{%- if is_incremental() -%}
delete from {{ this }} where not exists (
    select 1 from {{ source('weft', 'profiles') }} profiles
    where profiles.profile_id = {{ this }}.profile_id and profiles.updated_at = {{ this }}._profile_updated_at
)
{%- endif -%}
{%- endmacro %}
