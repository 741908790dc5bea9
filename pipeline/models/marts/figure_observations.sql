-- Every observation (reported or derived) with its precedence rank. The base of the other marts.
-- Derived: where a source gives total, killed and injured but no unknown outcome, the implied
-- unknown (total - killed - injured) is added as a derived observation, marked is_derived.
with reported as (
    select *, false as is_derived from staging.stg_figures where value is not null
),
derived as (
    select edition, data_year, 'outcome_unknown' as measure,
           (total - killed - injured)::double as value,
           null as basis, null as source_wording,
           source_url, source_kind, publisher,
           locator || ' [outcome_unknown derived: total - killed - injured]' as locator,
           'global_casualties' as source_name, source_row, true as is_derived
    from staging.stg_global_casualties
    where total is not null and killed is not null and injured is not null
      and outcome_unknown is null and killed + injured <= total
),
obs as (
    select * from reported
    union all by name
    select * from derived
)
select
    edition, data_year, measure, value, o.basis, source_wording,
    o.source_url, o.source_kind, publisher, locator, source_name, source_row, is_derived,
    -- Precedence: latest edition; then reported before derived; then the kind of publisher
    -- (seeds.source_kinds: the Monitor's own page, an NGO release, an official page, news); then the Monitor's usual child-share basis
    -- (civilian: seeds.share_bases); then the URL, so the choice is deterministic.
    row_number() over (
        partition by data_year, measure
        order by edition desc, is_derived,
                 k.precedence::int,
                 coalesce(b.precedence::integer, 99),
                 source_url, source_row
    ) as precedence,
    row_number() over (
        partition by data_year, measure, edition
        order by is_derived,
                 k.precedence::int,
                 coalesce(b.precedence::integer, 99),
                 source_url, source_row
    ) as precedence_in_edition
from obs o
join seeds.source_kinds k on k.source_kind = o.source_kind
left join seeds.share_bases b on b.basis = o.basis
