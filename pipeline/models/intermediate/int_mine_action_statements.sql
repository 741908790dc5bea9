-- Every mine action figure (funding, land release, stockpiles) as one kind of statement: a
-- value of a measure for a year, in the measure's unit and basis, within one series (whose figure
-- it is) and, for land release, one scope. Statements of the same thing (dataset, year, measure,
-- series, scope) are ranked latest first by the day each became public (macro statement_order):
-- rank_latest = 1 is the one a mart shows as of the build's date; the earlier ones are the
-- revisions, each with the value it replaced. Series and scopes are never ranked against each
-- other: Mine Action Review's figure is never a revision of the Monitor's.
with statements as (
    select 'mine_action_funding' as dataset, data_year as year, 'data_year' as year_kind, measure, measure_label,
           unit, basis, value_usd_million as value, qualifier, qualifier_kind, series,
           null::varchar as scope, null::varchar as scope_label, edition, published, source_kind, reliability,
           publisher_as_described, source_url, locator, quote, source_row
    from staging.stg_mine_action_funding
    union all
    select 'land_release', data_year, 'data_year', measure, measure_label, unit, basis, value, qualifier,
           qualifier_kind, series, scope, scope_label, edition, published, source_kind, reliability,
           publisher_as_described, source_url, locator, quote, source_row
    from staging.stg_land_release
    union all
    select 'stockpile_destruction', as_of_year, 'as_of_year', measure, measure_label, unit, basis,
           value::double, qualifier, qualifier_kind, series, null, null, edition, published, source_kind,
           reliability, publisher_as_described, source_url, locator, quote, source_row
    from staging.stg_stockpile_destruction
),
ranked as (
    select *,
           row_number() over (partition by dataset, year, measure, series, coalesce(scope, '')
                              order by statement_order(day_number(published), 0, false, source_kind, null,
                                                       source_url, source_row)) as rank_latest,
           count(*) over (partition by dataset, year, measure, series, coalesce(scope, '')) as n_statements,
           count(distinct value) over (partition by dataset, year, measure, series, coalesce(scope, ''),
                                                    published) > 1 as has_conflict
    from statements
)
select *,
       lead(value) over (partition by dataset, year, measure, series, coalesce(scope, '')
                         order by rank_latest)                                     as previous_value,
       lead(edition) over (partition by dataset, year, measure, series, coalesce(scope, '')
                           order by rank_latest)                                   as previous_edition
from ranked
