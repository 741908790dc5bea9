select
    d.edition,
    d.data_year,
    d."group",
    s.measure,
    d.casualties,
    d.source_url,
    d.source_domain,
    p.source_kind,
    p.publisher,
    d.locator,
    cast(d.published as date) as published,
    d._row as source_row
from raw.demographics d
left join seeds.publishers p on p.domain = d.source_domain
left join seeds.demographic_groups s on s."group" = d."group"
