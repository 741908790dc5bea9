-- Support for mine action per data year in the Monitor's series: international, national, total
-- and victim assistance side by side, each the latest statement of its own basis with its edition,
-- hedge and page (intermediate.int_mine_action_statements). The four are different bases and stay
-- in their own columns: a total is never read as international support. A year has a row when
-- any of the four is known; what a source does not give is NULL.
with s as (
    select * from intermediate.int_mine_action_statements
    where dataset = 'mine_action_funding' and series = 'monitor' and rank_latest = 1
)
select year as data_year,
       max(value)      filter (where measure = 'international')                    as international_usd_million,
       max(qualifier)  filter (where measure = 'international')                    as international_qualifier,
       max(edition)    filter (where measure = 'international')                    as international_edition,
       max(source_url) filter (where measure = 'international')                    as international_source_url,
       max(value)      filter (where measure = 'national')                         as national_usd_million,
       max(qualifier)  filter (where measure = 'national')                         as national_qualifier,
       max(edition)    filter (where measure = 'national')                         as national_edition,
       max(source_url) filter (where measure = 'national')                         as national_source_url,
       max(value)      filter (where measure = 'total')                            as total_usd_million,
       max(qualifier)  filter (where measure = 'total')                            as total_qualifier,
       max(edition)    filter (where measure = 'total')                            as total_edition,
       max(source_url) filter (where measure = 'total')                            as total_source_url,
       max(value)      filter (where measure = 'victim_assistance_international')  as victim_assistance_usd_million,
       max(qualifier)  filter (where measure = 'victim_assistance_international')  as victim_assistance_qualifier,
       max(edition)    filter (where measure = 'victim_assistance_international')  as victim_assistance_edition,
       max(source_url) filter (where measure = 'victim_assistance_international')  as victim_assistance_source_url,
       bool_or(n_statements > 1)                                                   as has_revision
from s
group by year
order by year
