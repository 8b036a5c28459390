CREATE OR REPLACE TABLE weft_new_employee_domains_f039bd0d9f AS 
-- The company's own email domains: its employees are never sent to marketing destinations
-- (consent/consent.yml, suppression list employees).
select 'acme.io' as domain

;
CREATE TABLE IF NOT EXISTS employee_domains LIKE weft_new_employee_domains_f039bd0d9f
;
ALTER TABLE weft_new_employee_domains_f039bd0d9f SWAP WITH employee_domains
;
DROP TABLE IF EXISTS weft_new_employee_domains_f039bd0d9f
