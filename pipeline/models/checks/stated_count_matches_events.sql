-- severity: warn
-- description: every States Parties count a source states must match the count derived from the events, either in force or joined (counted at deposit); a count matching neither is a contradiction
select date_as_given, stated_count, in_force_low, in_force_high, joined_low, joined_high, source_url
from marts.states_parties_counts
where basis = 'contradiction'
order by source_row
