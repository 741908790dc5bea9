-- severity: error
-- description: for each (edition, data_year), the country figures that edition gives must not add up to more than that edition's global total
with per_edition as (
    select c.edition, c.data_year, c.iso3, c.casualties
    from staging.stg_country_casualties c
    join seeds.source_kinds k on k.source_kind = c.source_kind
    where c.casualties is not null
    qualify row_number() over (partition by c.edition, c.data_year, c.iso3
                               order by k.precedence::int, c.source_url) = 1
)
select p.edition, p.data_year, sum(p.casualties) as country_sum, g.total as global_total,
       count(*) as n_countries, string_agg(p.iso3 || ' ' || p.casualties, ', ' order by p.casualties desc) as countries
from per_edition p
join marts.casualty_revisions g on g.edition = p.edition and g.data_year = p.data_year
group by p.edition, p.data_year, g.total
having sum(p.casualties) > g.total
order by p.edition, p.data_year
