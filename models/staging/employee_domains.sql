{{ config(materialized='table') }}
-- The company's own email domains: its employees are never sent to marketing destinations
-- (consent/consent.yml, suppression list employees).
select 'acme.io' as domain
