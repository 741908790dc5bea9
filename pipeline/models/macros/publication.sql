-- When a statement became public, so a build as of a date uses only what had been published by
-- then. A report edition's figures are public from its release (seeds.publications: the
-- Landmine Monitor's editions, Mine Action Review's Clearing the Mines); a release known only to
-- the month or the year counts from the last day it can mean. A page quoting an edition (an NGO
-- release, news) is dated by that edition's release: the earliest it could state the figure.

-- The series a page's figures belong to: Mine Action Review's own, else the Landmine Monitor's
-- (seeds.publishers.publication_series).
create or replace macro publication_series(url) as
    coalesce((select nullif(p.publication_series, '') from seeds.publishers p
              where p.domain = lower(regexp_extract(url, '^https?://(?:www\.)?([^/:]+)', 1))), 'monitor');

-- The last day an edition of a series can have been released (NULL: not in the seed).
create or replace macro edition_published(pub_series, pub_year) as
    (select date_last_day(s.released) from seeds.publications s
     where s.series = pub_series and cast(s.year as integer) = pub_year);

-- Whose series a mine action figure belongs to (seeds.mine_action_publishers: the Monitor's, Mine
-- Action Review's, the Convention's count, the campaign's statements), from the publisher as the
-- reference set words it; NULL when the wording is not classified.
create or replace macro statement_series(wording) as
    (select s.series from seeds.mine_action_publishers s where s.publisher = wording);
