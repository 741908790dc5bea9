-- One row per land release figure as its page states it: the amount in its unit (km2 or mines,
-- seeds.mine_action_measures) with the page's hedge, the measure's basis (released is not
-- cleared), the scope it covers (seeds.land_release_scopes: all mine action programmes before
-- LM2021, States Parties with Article 5 obligations from LM2021, Mine Action Review's own global
-- series), whose series it is, the day it became public, the page's kind and reliability.
select
    l.data_year,
    l.edition,
    l.measure,
    m.label                                   as measure_label,
    m.basis,
    l.unit,
    l.value,
    l.qualifier,
    q.kind                                    as qualifier_kind,
    c.scope,
    c.label                                   as scope_label,
    l.scope                                   as scope_as_described,
    s.series,
    l.publisher                               as publisher_as_described,
    l.source_url,
    l.source_domain,
    p.source_kind,
    coalesce(nullif(p.reliability, ''), 'ordinary') as reliability,
    l.locator,
    l.quote,
    cast(l.published as date)                 as published,
    l._row                                    as source_row
from raw.land_release l
join seeds.mine_action_measures m on m.dataset = 'land_release' and m.measure = l.measure
left join seeds.mine_action_qualifiers q on q.qualifier = l.qualifier
join seeds.land_release_scopes c on c.wording = l.scope
join seeds.mine_action_publishers s on s.publisher = l.publisher
left join seeds.publishers p on p.domain = l.source_domain
