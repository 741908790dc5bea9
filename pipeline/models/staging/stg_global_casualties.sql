-- Rename and retype only: one row per source row, with the publisher's kind and the child-share
-- basis mapped from the source's wording to civilian | all.
select
    g.edition,
    g.data_year,
    g.total, g.killed, g.injured, g.outcome_unknown,
    g.civilian_pct, g.child_pct,
    b.basis                as child_pct_basis,
    g.child_pct_basis      as child_pct_basis_wording,
    g.military_pct, g.deminer_pct, g.female_pct,
    g.states_areas,
    g.improvised_mine_casualties, g.cluster_munition_remnant_casualties, g.ap_mine_casualties,
    g.source_url,
    g.source_domain,
    p.source_kind,
    p.publisher,
    g.locator,
    cast(g.published as date) as published,
    g._row                 as source_row
from raw.global_casualties g
left join seeds.publishers p on p.domain = g.source_domain
left join seeds.child_pct_basis b on b.wording = g.child_pct_basis
