-- Casualties by device type and year: the best current figure per (data_year, device_code).
select data_year,
       substr(measure, length('device:') + 1) as device_code,
       source_wording                         as device_label,
       value::bigint                          as casualties,
       edition, source_url, source_kind, n_sources, has_conflict
from marts.casualty_figures
where measure like 'device:%'
order by data_year, device_code
