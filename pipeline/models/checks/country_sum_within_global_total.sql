-- severity: error
-- description: for each (edition, data_year), the country figures that edition gives must not add up to more than that edition's global total
with per_edition as (
    -- the figure each edition is taken to state for a country (the shared order, within the edition)
    select edition, data_year, iso3, casualties
    from intermediate.int_country_statements
    where gives_total and rank_in_edition = 1
)
select p.edition, p.data_year, sum(p.casualties) as country_sum, g.total as global_total,
       count(*) as n_countries, string_agg(p.iso3 || ' ' || p.casualties, ', ' order by p.casualties desc) as countries
from per_edition p
join marts.casualty_revisions g on g.edition = p.edition and g.data_year = p.data_year
group by p.edition, p.data_year, g.total
having sum(p.casualties) > g.total
order by p.edition, p.data_year
