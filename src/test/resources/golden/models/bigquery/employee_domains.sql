CREATE OR REPLACE TABLE weft_new_employee_domains_f039bd0d9f AS 
-- The company's own email domains: its employees are never sent to marketing destinations
-- (consent/consent.yml, suppression list employees).
select 'acme.io' as domain

;
CREATE OR REPLACE TABLE employee_domains COPY weft_new_employee_domains_f039bd0d9f
;
DROP TABLE IF EXISTS weft_new_employee_domains_f039bd0d9f
