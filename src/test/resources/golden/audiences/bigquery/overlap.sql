select
  x.mask,
  count(*)
from (
  select sum(u.member_bit) as mask
  from (
    select
      a0.profile_id as profile_id,
      1 as member_bit
    from (
      select
        p1.profile_id as profile_id,
        case
          when mod(
            (mod(
              FARM_FINGERPRINT((? || ':' || p1.profile_id)),
              100
            ) + 100),
            100
          ) < 10 then ?
          when mod(
            (mod(
              FARM_FINGERPRINT((? || ':' || p1.profile_id)),
              100
            ) + 100),
            100
          ) < 100 then ?
        end as split_group
      from weft_profiles as p1
        left outer join profile_traits as t2
          on t2.profile_id = p1.profile_id
        left outer join (
          select
            ev4.profile_id as profile_id,
            count(*) as n,
            sum(ev4.revenue) as agg
          from profile_events as ev4
          where (
            ev4.event_name = ?
            and ev4.occurred_at >= ?
            and JSON_VALUE(ev4.properties[?]) is not null
            and JSON_VALUE(ev4.properties[?]) = ?
          )
          group by ev4.profile_id
        ) as e3
          on e3.profile_id = p1.profile_id
      where (
        t2.country is not null
        and t2.country in (
          ?, ?
        )
        and t2.email is not null
        and (STRPOS(t2.email, ?) > 0)
        and (
          (
            t2.`mixed case` is not null
            and (STARTS_WITH(t2.`mixed case`, ?))
          )
          or not (
            t2.last_order_at is not null
            and t2.last_order_at >= ?
          )
        )
        and t2.lifetime_value is not null
        and t2.lifetime_value >= ?
        and t2.lifetime_value <= ?
        and true
        and coalesce(e3.n, 0) >= ?
        and coalesce(e3.agg, 0) is not null
        and coalesce(e3.agg, 0) >= ?
        and p1.profile_id not in (
          select m9.profile_id
          from (
            select
              p5.profile_id as profile_id,
              case
                when mod(
                  (mod(
                    FARM_FINGERPRINT((? || ':' || p5.profile_id)),
                    100
                  ) + 100),
                  100
                ) < 50 then ?
                when mod(
                  (mod(
                    FARM_FINGERPRINT((? || ':' || p5.profile_id)),
                    100
                  ) + 100),
                  100
                ) < 100 then ?
              end as split_group
            from weft_profiles as p5
              left outer join profile_traits as t6
                on t6.profile_id = p5.profile_id
              left outer join (
                select
                  ev8.profile_id as profile_id,
                  count(*) as n
                from profile_events as ev8
                where (
                  ev8.event_name = ?
                  and ev8.occurred_at >= ?
                  and ev8.occurred_at < ?
                )
                group by ev8.profile_id
              ) as e7
                on e7.profile_id = p5.profile_id
            where (
              true
              and coalesce(e7.n, 0) >= ?
              and p5.profile_id is not null
            )
          ) as m9
          where m9.split_group = ?
        )
        and p1.profile_id is not null
      )
    ) as a0
    union all
    select
      a1.profile_id as profile_id,
      2 as member_bit
    from (
      select
        p1.profile_id as profile_id,
        case
          when mod(
            (mod(
              FARM_FINGERPRINT((? || ':' || p1.profile_id)),
              100
            ) + 100),
            100
          ) < 50 then ?
          when mod(
            (mod(
              FARM_FINGERPRINT((? || ':' || p1.profile_id)),
              100
            ) + 100),
            100
          ) < 100 then ?
        end as split_group
      from weft_profiles as p1
        left outer join profile_traits as t2
          on t2.profile_id = p1.profile_id
        left outer join (
          select
            ev4.profile_id as profile_id,
            count(*) as n
          from profile_events as ev4
          where (
            ev4.event_name = ?
            and ev4.occurred_at >= ?
            and ev4.occurred_at < ?
          )
          group by ev4.profile_id
        ) as e3
          on e3.profile_id = p1.profile_id
      where (
        true
        and coalesce(e3.n, 0) >= ?
        and p1.profile_id is not null
      )
    ) as a1
  ) as u
  group by u.profile_id
) as x
group by x.mask
-- binds: aud-1 | holdout | aud-1 | target | order_completed | 2025-04-16T12:00 | category | category | shoes | DE | FR | @shop | x | 2025-03-15T12:00 | 100.0 | 500.0 | 2 | 200.0 | buyers | target | buyers | control | order_completed | 2025-01-01T00:00 | 2025-04-01T00:00 | 1 | target | buyers | target | buyers | control | order_completed | 2025-01-01T00:00 | 2025-04-01T00:00 | 1
