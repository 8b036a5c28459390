{#- One profile's row of the traits model {{ table }} (the profile page shows it). Bound: the profile ID. -#}
SELECT * FROM {{ d.ident(table) }} WHERE profile_id = ?
