CREATE OR REPLACE TABLE weft_new_stg_consent_aefc1772dd AS 
-- Consent events as the CRM's preference centre records them (the demo derives them from its contacts, by the
-- length of their email): most granted email marketing when they signed up, one in ten of all revoked it at
-- their latest update, one in ten never granted it, one in five revoked ads targeting (consent/consent.yml).
with contacts as (
    select email, created_at, updated_at, mod(length(email), 10) as bucket
    from stg_contacts
    where email is not null
)
select email, 'email_marketing' as purpose, 'granted' as status, created_at as changed_at from contacts where bucket <> 0
union all
select email, 'email_marketing' as purpose, 'revoked' as status, updated_at as changed_at from contacts where bucket = 1
union all
select email, 'ads_targeting' as purpose, 'revoked' as status, updated_at as changed_at from contacts where bucket in (2, 3)

;
CREATE OR REPLACE TABLE stg_consent COPY weft_new_stg_consent_aefc1772dd
;
DROP TABLE IF EXISTS weft_new_stg_consent_aefc1772dd
