-- Which statement a mart shows, written once. Statements of one thing are ordered: the latest
-- first (`recency`: an edition's year, or a statement's day as days since 1970); then what the
-- model prefers among them (`preference`, lower first: e.g. a statement that also gives its own
-- total); a reported figure before one derived here; the kind of publisher (seeds.source_kinds:
-- the Monitor's own page, an NGO release, an official page, news); the usual basis of a share
-- (seeds.share_bases: civilian before all); then the URL and the row, so the choice is
-- deterministic. The intermediate models rank with it; marts read their ranks.
create or replace macro kind_rank(kind) as
    (select cast(k.precedence as integer) from seeds.source_kinds k where k.source_kind = kind);

create or replace macro basis_rank(share_basis) as
    coalesce((select cast(b.precedence as integer) from seeds.share_bases b where b.basis = share_basis), 99);

-- Pass recency NULL to order within one edition.
create or replace macro statement_order(recency, preference, is_derived, kind, share_basis, url, row_no) as
    {'recency': -recency, 'preference': coalesce(preference, 0), 'derived': coalesce(is_derived, false),
     'kind': kind_rank(kind), 'basis': basis_rank(share_basis), 'url': url, 'row': row_no};

-- A statement's day as a recency (days since 1970-01-01).
create or replace macro day_number(d) as datediff('day', date '1970-01-01', d);
