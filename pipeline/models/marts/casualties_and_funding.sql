-- The casualty total and international support for mine action for each data year that has
-- both, side by side, each the latest statement of its own series with its own edition: the
-- casualties from marts.casualties_by_year, the funding from the Monitor's international basis
-- (marts.mine_action_funding_by_year). Two measures, two editions: a reader compares the trends,
-- the table never mixes the figures.
select c.data_year,
       c.total                          as casualties,
       c.total_edition                  as casualties_edition,
       f.international_usd_million,
       f.international_qualifier,
       f.international_edition,
       f.international_source_url
from marts.casualties_by_year c
join marts.mine_action_funding_by_year f using (data_year)
where c.total is not null and f.international_usd_million is not null
order by c.data_year
