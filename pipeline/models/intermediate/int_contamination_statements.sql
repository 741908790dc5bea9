-- Every contamination value a page states, one row per (statement, field): whether the country
-- is contaminated by antipersonnel mines, the Monitor's extent category, the area, ranked per
-- (country, field) by the shared order (macro statement_order): rank_latest = 1 is the value a
-- mart shows, each with its own edition, page and publication day, since a later page often
-- restates the status without the area. (Article 5 deadlines: int_article5_statements.)
with c as (select * from staging.stg_contamination),
fields as (
    select iso3, 'ap_mine_contamination' as field, case when ap_mine_contamination then 'yes' else 'no' end as value_text,
           null::double as value_num, null as wording, state_party, edition, published, source_kind, reliability,
           source_url, locator, source_row
    from c where ap_mine_contamination is not null
    union all
    select iso3, 'extent_category', extent_category, null, extent_wording, state_party, edition, published,
           source_kind, reliability, source_url, locator, source_row
    from c where extent_category is not null
    union all
    select iso3, 'area_km2', null, area_km2, null, state_party, edition, published, source_kind, reliability,
           source_url, locator, source_row
    from c where area_km2 is not null
)
select *,
       row_number() over (partition by iso3, field
                          order by statement_order(edition, 0, false, source_kind, null, source_url, source_row))
           as rank_latest
from fields
