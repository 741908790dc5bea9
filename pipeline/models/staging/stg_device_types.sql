select
    d.edition,
    d.data_year,
    m.device_code,
    d.device_type          as device_label,
    d.casualties,
    d.source_url,
    d.source_domain,
    p.source_kind,
    p.publisher,
    d.locator,
    cast(d.published as date) as published,
    d._row as source_row
from raw.device_types d
left join seeds.publishers p on p.domain = d.source_domain
left join seeds.device_types m on m.label = d.device_type
