-- One row per source row: the country's name mapped to its code through the geography crosswalk
-- (seeds.geography); the name as printed is kept.
select
    c.edition,
    c.data_year,
    g.iso3,
    g.country,
    g.entity_type,
    c.country             as country_as_printed,
    c.casualties,
    c.killed,
    c.injured,
    case c.state_party when 'yes' then true when 'no' then false end as state_party,
    c.source_url,
    c.source_domain,
    p.source_kind,
    p.publisher,
    c.locator,
    cast(c.published as date) as published,
    c._row                as source_row
from raw.country_casualties c
join seeds.geography g on g.name = c.country_name
left join seeds.publishers p on p.domain = c.source_domain
