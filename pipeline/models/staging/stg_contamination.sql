-- One row per source row: code from the crosswalk, extent wording mapped to the fixed category set
-- (seeds.extent_categories); a footnote asterisk on the name ("Argentina*") is kept as a flag.
select
    c.edition,
    g.iso3,
    g.country,
    g.entity_type,
    c.country                                   as country_as_printed,
    c.country <> c.country_name                 as has_footnote_mark,
    case c.state_party when 'yes' then true when 'no' then false end as state_party,
    case c.ap_mine_contamination when 'yes' then true when 'no' then false end as ap_mine_contamination,
    e.category                                  as extent_category,
    c.extent_category                           as extent_wording,
    c.area_km2,
    c.article5_deadline,
    c.source_url,
    c.source_domain,
    p.source_kind,
    p.publisher,
    coalesce(nullif(p.reliability, ''), 'ordinary') as reliability,
    c.locator,
    cast(c.published as date) as published,
    c._row                                      as source_row
from raw.contamination c
join seeds.geography g on g.name = c.country_name
left join seeds.extent_categories e on e.wording = c.extent_category
left join seeds.publishers p on p.domain = c.source_domain
