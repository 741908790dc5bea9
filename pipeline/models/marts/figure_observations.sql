-- Every global figure as one source gave it, plus the unknown outcome derived inside a statement
-- (marked is_derived), with its precedence: the ranks of intermediate.int_figure_statements
-- (the shared order, macro statement_order). The base of the other casualty marts.
select edition, data_year, measure, value, basis, source_wording, source_url, source_kind, publisher, locator,
       published, source_name, source_row, is_derived,
       rank_latest     as precedence,
       rank_in_edition as precedence_in_edition
from intermediate.int_figure_statements
