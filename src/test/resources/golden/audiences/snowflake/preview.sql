with
  m as (
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
  )
select preview.kind, preview.profile_id, preview.split_group, preview.n
from (
  select
    1 as kind,
    min(m.profile_id) as profile_id,
    m.split_group as split_group,
    count(*) as n
  from m
  group by m.split_group
  union all
  select 2, s.profile_id, s.split_group, 0
  from (
    select
      m.profile_id,
      m.split_group,
      row_number() over (order by m.profile_id) as rn
    from m
  ) as s
  where s.rn <= 10
) as preview
-- binds: aud-1 | holdout | aud-1 | target | DE | FR | @shop | x | 2025-03-15T12:00 | 100.0 | 500.0 | order_completed | 2025-04-16T12:00 | category | category | shoes | qty | qty | 1.0 | gift | gift | true | shipped_at | shipped_at | 2025-05-01T00:00 | 2 | 200.0 | buyers | target | buyers | control | order_completed | 2025-01-01T00:00 | 2025-04-01T00:00 | 1 | target
;
select t.profile_id, t.email, t."mixed case"
from profile_traits as t
where t.profile_id in (
  ?, ?
)
-- binds: p1 | p2
