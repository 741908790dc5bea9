-- One row per stockpile figure as its page states it: the count (mines or states,
-- seeds.mine_action_measures) with the page's hedge, the year it describes, its edition or (a
-- page tied to none) its date with its precision, whose series it is (the Monitor's, the
-- Convention's count, the campaign's statements: seeds.mine_action_publishers), the day it became
-- public, the page's kind and reliability.
select
    d.as_of_year,
    d.edition,
    d.page_date,
    date_precision(d.page_date)               as page_date_precision,
    d.measure,
    m.label                                   as measure_label,
    m.basis,
    m.unit,
    d.value,
    d.qualifier,
    q.kind                                    as qualifier_kind,
    s.series,
    d.publisher                               as publisher_as_described,
    d.source_url,
    d.source_domain,
    p.source_kind,
    coalesce(nullif(p.reliability, ''), 'ordinary') as reliability,
    d.locator,
    d.quote,
    cast(d.published as date)                 as published,
    d._row                                    as source_row
from raw.stockpile_destruction d
join seeds.mine_action_measures m on m.dataset = 'stockpile_destruction' and m.measure = d.measure
left join seeds.mine_action_qualifiers q on q.qualifier = d.qualifier
join seeds.mine_action_publishers s on s.publisher = d.publisher
left join seeds.publishers p on p.domain = d.source_domain
