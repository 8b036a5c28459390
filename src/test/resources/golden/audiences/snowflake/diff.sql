with
  x as (
    select
      u.profile_id as profile_id,
      sum(u.member_bit) as mask
    from (
      select
        b.profile_id as profile_id,
        1 as member_bit
      from (
        select
          p2.profile_id as profile_id,
          case
            when mod(
              (mod(
                HASH((? || ':' || p2.profile_id)),
                100
              ) + 100),
              100
            ) < 50 then ?
            when mod(
              (mod(
                HASH((? || ':' || p2.profile_id)),
                100
              ) + 100),
              100
            ) < 100 then ?
          end as split_group
        from weft_profiles as p2
          left outer join profile_traits as t1
            on t1.profile_id = p2.profile_id
        where (
          p2.profile_id in (
            select ev3.profile_id
            from profile_events as ev3
            where (
              ev3.event_name = ?
              and ev3.profile_id is not null
              and ev3.occurred_at >= ?
              and ev3.occurred_at < ?
            )
            group by ev3.profile_id
            having (
              true
              and count(*) >= ?
            )
          )
          and p2.profile_id is not null
        )
      ) as b
      union all
      select
        a.profile_id as profile_id,
        2 as member_bit
      from (
        select
          t1.profile_id as profile_id,
          case
            when mod(
              (mod(
                HASH((? || ':' || t1.profile_id)),
                100
              ) + 100),
              100
            ) < 10 then ?
            when mod(
              (mod(
                HASH((? || ':' || t1.profile_id)),
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
          and (CONTAINS(t1.email, ?))
          and (
            (
              t1."mixed case" is not null
              and (STARTSWITH(t1."mixed case", ?))
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
              and CAST(GET(ev3.properties, ?) AS VARCHAR) is not null
              and CAST(GET(ev3.properties, ?) AS VARCHAR) = ?
              and TRY_CAST(CAST(GET(ev3.properties, ?) AS VARCHAR) AS FLOAT) is not null
              and TRY_CAST(CAST(GET(ev3.properties, ?) AS VARCHAR) AS FLOAT) > ?
              and (CASE CAST(GET(ev3.properties, ?) AS VARCHAR) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END) is not null
              and (CASE CAST(GET(ev3.properties, ?) AS VARCHAR) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END) = ?
              and TRY_CAST(CAST(GET(ev3.properties, ?) AS VARCHAR) AS TIMESTAMP_NTZ) is not null
              and TRY_CAST(CAST(GET(ev3.properties, ?) AS VARCHAR) AS TIMESTAMP_NTZ) > ?
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
                      HASH((? || ':' || p5.profile_id)),
                      100
                    ) + 100),
                    100
                  ) < 50 then ?
                  when mod(
                    (mod(
                      HASH((? || ':' || p5.profile_id)),
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
      ) as a
    ) as u
    group by u.profile_id
  )
select diff.kind, diff.mask, diff.profile_id, diff.n
from (
  select
    1 as kind,
    x.mask as mask,
    min(x.profile_id) as profile_id,
    count(*) as n
  from x
  group by x.mask
  union all
  select 2, s.mask, s.profile_id, 0
  from (
    select
      x.profile_id,
      x.mask,
      row_number() over (
        partition by x.mask
        order by x.profile_id
      ) as rn
    from x
  ) as s
  where (
    s.rn <= 10
    and s.mask < 3
  )
) as diff
-- binds: buyers | target | buyers | control | order_completed | 2025-01-01T00:00 | 2025-04-01T00:00 | 1 | aud-1 | holdout | aud-1 | target | DE | FR | @shop | x | 2025-03-15T12:00 | 100.0 | 500.0 | order_completed | 2025-04-16T12:00 | category | category | shoes | qty | qty | 1.0 | gift | gift | true | shipped_at | shipped_at | 2025-05-01T00:00 | 2 | 200.0 | buyers | target | buyers | control | order_completed | 2025-01-01T00:00 | 2025-04-01T00:00 | 1 | target
;
with
  x as (
    select
      u.profile_id as profile_id,
      sum(u.member_bit) as mask
    from (
      select
        a.profile_id as profile_id,
        2 as member_bit
      from (
        select
          t1.profile_id as profile_id,
          case
            when mod(
              (mod(
                HASH((? || ':' || t1.profile_id)),
                100
              ) + 100),
              100
            ) < 10 then ?
            when mod(
              (mod(
                HASH((? || ':' || t1.profile_id)),
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
          and (CONTAINS(t1.email, ?))
          and (
            (
              t1."mixed case" is not null
              and (STARTSWITH(t1."mixed case", ?))
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
              and CAST(GET(ev3.properties, ?) AS VARCHAR) is not null
              and CAST(GET(ev3.properties, ?) AS VARCHAR) = ?
              and TRY_CAST(CAST(GET(ev3.properties, ?) AS VARCHAR) AS FLOAT) is not null
              and TRY_CAST(CAST(GET(ev3.properties, ?) AS VARCHAR) AS FLOAT) > ?
              and (CASE CAST(GET(ev3.properties, ?) AS VARCHAR) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END) is not null
              and (CASE CAST(GET(ev3.properties, ?) AS VARCHAR) WHEN 'true' THEN TRUE WHEN 'false' THEN FALSE END) = ?
              and TRY_CAST(CAST(GET(ev3.properties, ?) AS VARCHAR) AS TIMESTAMP_NTZ) is not null
              and TRY_CAST(CAST(GET(ev3.properties, ?) AS VARCHAR) AS TIMESTAMP_NTZ) > ?
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
                      HASH((? || ':' || p5.profile_id)),
                      100
                    ) + 100),
                    100
                  ) < 50 then ?
                  when mod(
                    (mod(
                      HASH((? || ':' || p5.profile_id)),
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
      ) as a
    ) as u
    group by u.profile_id
  )
select diff.kind, diff.mask, diff.profile_id, diff.n
from (
  select
    1 as kind,
    x.mask as mask,
    min(x.profile_id) as profile_id,
    count(*) as n
  from x
  group by x.mask
  union all
  select 2, s.mask, s.profile_id, 0
  from (
    select
      x.profile_id,
      x.mask,
      row_number() over (
        partition by x.mask
        order by x.profile_id
      ) as rn
    from x
  ) as s
  where (
    s.rn <= 10
    and s.mask < 3
  )
) as diff
-- binds: aud-1 | holdout | aud-1 | target | DE | FR | @shop | x | 2025-03-15T12:00 | 100.0 | 500.0 | order_completed | 2025-04-16T12:00 | category | category | shoes | qty | qty | 1.0 | gift | gift | true | shipped_at | shipped_at | 2025-05-01T00:00 | 2 | 200.0 | buyers | target | buyers | control | order_completed | 2025-01-01T00:00 | 2025-04-01T00:00 | 1 | target
