{#- The audiences a profile is a member of as last materialized (weft_audience_members): each with the
    profile's split group and when that audience was computed. Bound: the profile ID. -#}
SELECT m.audience_id, m.split_group, m.computed_at
FROM weft_audience_members m
WHERE m.profile_id = ?
ORDER BY m.audience_id
