{#- The readiness check's query: the warehouse is reachable and answers. -#}
SELECT 1
