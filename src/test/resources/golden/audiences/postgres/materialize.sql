delete from weft_audience_staging
where weft_audience_staging.audience_id = ?
-- binds: aud-1
;
insert into weft_audience_staging (audience_id, profile_id, split_group)
select ?, m.profile_id, m.split_group
from (
  select
    t1.profile_id as profile_id,
    case
      when mod(
        (mod(
          hashtextextended((? || ':' || t1.profile_id), 0),
          100
        ) + 100),
        100
      ) < 10 then ?
      when mod(
        (mod(
          hashtextextended((? || ':' || t1.profile_id), 0),
          100
        ) + 100),
        100
      ) < 100 then ?
    end as split_group
  from profile_traits as t1
  where (
    t1.country is not null
    and t1.country in (
      ?, ?
    )
    and t1.email is not null
    and (strpos(t1.email, ?) > 0)
    and (
      (
        t1."mixed case" is not null
        and (starts_with(t1."mixed case", ?))
      )
      or not (
        t1.last_order_at is not null
        and t1.last_order_at >= ?
      )
    )
    and t1.lifetime_value is not null
    and t1.lifetime_value >= ?
    and t1.lifetime_value <= ?
    and t1.profile_id in (
      select ev3.profile_id
      from profile_events as ev3
      where (
        ev3.event_name = ?
        and ev3.profile_id is not null
        and ev3.occurred_at >= ?
        and (ev3.properties ->> ?) is not null
        and (ev3.properties ->> ?) = ?
        and (CASE WHEN (ev3.properties ->> ?) ~ '^(-|)(0|[1-9][0-9]*)([.][0-9]+|)([eE]([-+]|)[0-9]+|)$' THEN CAST((ev3.properties ->> ?) AS DOUBLE PRECISION) END) is not null
        and (CASE WHEN (ev3.properties ->> ?) ~ '^(-|)(0|[1-9][0-9]*)([.][0-9]+|)([eE]([-+]|)[0-9]+|)$' THEN CAST((ev3.properties ->> ?) AS DOUBLE PRECISION) END) > ?
        and (CASE (ev3.properties ->> ?) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END) is not null
        and (CASE (ev3.properties ->> ?) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END) = ?
        and (CASE WHEN (ev3.properties ->> ?) !~ '^[0-9][0-9][0-9][0-9]-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+|)|)(Z|[+-][0-9][0-9]:[0-9][0-9]|)|)$' THEN NULL WHEN (ev3.properties ->> ?) ~ '(Z|[+-][0-9][0-9]:[0-9][0-9])$' THEN (CAST((ev3.properties ->> ?) AS TIMESTAMPTZ) AT TIME ZONE 'UTC') ELSE CAST((ev3.properties ->> ?) AS TIMESTAMP) END) is not null
        and (CASE WHEN (ev3.properties ->> ?) !~ '^[0-9][0-9][0-9][0-9]-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])([T ]([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9]([.][0-9]+|)|)(Z|[+-][0-9][0-9]:[0-9][0-9]|)|)$' THEN NULL WHEN (ev3.properties ->> ?) ~ '(Z|[+-][0-9][0-9]:[0-9][0-9])$' THEN (CAST((ev3.properties ->> ?) AS TIMESTAMPTZ) AT TIME ZONE 'UTC') ELSE CAST((ev3.properties ->> ?) AS TIMESTAMP) END) > ?
      )
      group by ev3.profile_id
      having (
        true
        and count(*) >= ?
        and coalesce(
          sum(ev3.revenue),
          0
        ) is not null
        and coalesce(
          sum(ev3.revenue),
          0
        ) >= ?
      )
    )
    and t1.profile_id not in (
      select m7.profile_id
      from (
        select
          p5.profile_id as profile_id,
          case
            when mod(
              (mod(
                hashtextextended((? || ':' || p5.profile_id), 0),
                100
              ) + 100),
              100
            ) < 50 then ?
            when mod(
              (mod(
                hashtextextended((? || ':' || p5.profile_id), 0),
                100
              ) + 100),
              100
            ) < 100 then ?
          end as split_group
        from weft_profiles as p5
          left outer join profile_traits as t4
            on t4.profile_id = p5.profile_id
        where (
          p5.profile_id in (
            select ev6.profile_id
            from profile_events as ev6
            where (
              ev6.event_name = ?
              and ev6.profile_id is not null
              and ev6.occurred_at >= ?
              and ev6.occurred_at < ?
            )
            group by ev6.profile_id
            having (
              true
              and count(*) >= ?
            )
          )
          and p5.profile_id is not null
        )
      ) as m7
      where m7.split_group = ?
    )
    and t1.profile_id is not null
    and t1.profile_id in (
      select p2.profile_id
      from weft_profiles as p2
    )
  )
) as m
-- binds: aud-1 | aud-1 | holdout | aud-1 | target | DE | FR | @shop | x | 2025-03-15T12:00 | 100.0 | 500.0 | order_completed | 2025-04-16T12:00 | category | category | shoes | qty | qty | qty | qty | 1.0 | gift | gift | true | shipped_at | shipped_at | shipped_at | shipped_at | shipped_at | shipped_at | shipped_at | shipped_at | 2025-05-01T00:00 | 2 | 200.0 | buyers | target | buyers | control | order_completed | 2025-01-01T00:00 | 2025-04-01T00:00 | 1 | target
;
select count(*)
from weft_audience_staging
where (
  weft_audience_staging.audience_id = ?
  and not exists (
    select 1 as one
    from weft_audience_members
    where (
      weft_audience_members.audience_id = ?
      and weft_audience_members.profile_id = weft_audience_staging.profile_id
    )
  )
)
-- binds: aud-1 | aud-1
;
select count(*)
from weft_audience_members
where (
  weft_audience_members.audience_id = ?
  and not exists (
    select 1 as one
    from weft_audience_staging
    where (
      weft_audience_staging.audience_id = ?
      and weft_audience_staging.profile_id = weft_audience_members.profile_id
    )
  )
)
-- binds: aud-1 | aud-1
;
delete from weft_audience_members
where (
  weft_audience_members.audience_id = ?
  and not exists (
    select 1 as one
    from weft_audience_staging
    where (
      weft_audience_staging.audience_id = ?
      and weft_audience_staging.profile_id = weft_audience_members.profile_id
      and coalesce(weft_audience_staging.split_group, '') = coalesce(weft_audience_members.split_group, '')
    )
  )
)
-- binds: aud-1 | aud-1
;
insert into weft_audience_members (audience_id, profile_id, split_group, computed_at)
select weft_audience_staging.audience_id, weft_audience_staging.profile_id, weft_audience_staging.split_group, ?
from weft_audience_staging
where (
  weft_audience_staging.audience_id = ?
  and not exists (
    select 1 as one
    from weft_audience_members
    where (
      weft_audience_members.audience_id = ?
      and weft_audience_members.profile_id = weft_audience_staging.profile_id
    )
  )
)
-- binds: 2025-06-15T12:00 | aud-1 | aud-1
;
select count(*)
from weft_audience_members
where weft_audience_members.audience_id = ?
-- binds: aud-1
