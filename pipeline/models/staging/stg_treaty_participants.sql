-- One row per state that deposited an instrument (treaty_participants), with its entry into force
-- derived by Article 17 (macro article17_entry_into_force, models/macros/treaty.sql): a deposit up to 30 September 1998 (the 40th instrument was deposited on
-- 16 September 1998) takes effect with the treaty on 1 March 1999; a later one on the first day of
-- the sixth month after the month of deposit. A documented exception (seeds.entry_into_force_exceptions:
-- South Sudan's succession, in force from independence) replaces the rule's date and says so.
select
    g.iso3,
    g.country,
    g.entity_type,
    p.state                                         as state_as_given,
    cast(p.signed_date as date)                     as signed,
    cast(p.deposited_date as date)                  as deposited,
    p.deposit_kind,
    article17_entry_into_force(cast(p.deposited_date as date)) as article17_entry_into_force,
    coalesce(cast(x.entry_into_force as date),
             article17_entry_into_force(cast(p.deposited_date as date))) as entry_into_force,
    x.iso3 is not null                              as entry_into_force_is_exception,
    x.note                                          as entry_into_force_note,
    p.source_url,
    p.source_domain,
    s.source_kind,
    s.publisher,
    p.locator,
    cast(p.published as date) as published,
    p._row                                          as source_row
from raw.treaty_participants p
left join seeds.geography g on g.name = regexp_replace(p.state, '\s*\*+$', '')
left join seeds.entry_into_force_exceptions x on x.iso3 = g.iso3
left join seeds.publishers s on s.domain = p.source_domain
