-- One row per funding figure as its page states it: the amount in US$ million with the page's
-- hedge (and the hedge's kind), the measure's basis (seeds.mine_action_measures: international,
-- national, total and victim assistance are four bases, never mixed), whose series it is
-- (seeds.mine_action_publishers), the day it became public, the page's kind and reliability.
select
    f.data_year,
    f.edition,
    f.measure,
    m.label                                   as measure_label,
    m.basis,
    m.unit,
    f.value_usd_million,
    f.qualifier,
    q.kind                                    as qualifier_kind,
    f.donors,
    f.affected_states,
    s.series,
    f.publisher                               as publisher_as_described,
    f.source_url,
    f.source_domain,
    p.source_kind,
    coalesce(nullif(p.reliability, ''), 'ordinary') as reliability,
    f.locator,
    f.quote,
    cast(f.published as date)                 as published,
    f._row                                    as source_row
from raw.mine_action_funding f
join seeds.mine_action_measures m on m.dataset = 'mine_action_funding' and m.measure = f.measure
left join seeds.mine_action_qualifiers q on q.qualifier = f.qualifier
join seeds.mine_action_publishers s on s.publisher = f.publisher
left join seeds.publishers p on p.domain = f.source_domain
