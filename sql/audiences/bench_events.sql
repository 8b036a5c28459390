{#- weft bench audiences: how many events bench_data.sql generated. -#}
SELECT count(*) FROM profile_events
