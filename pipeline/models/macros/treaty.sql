-- The Mine Ban Treaty's dates, written once: every model, check and rule that needs them calls
-- these macros (tests/test_conventions.py refuses a copy of the arithmetic elsewhere).

-- Article 17: the treaty entered into force on 1 March 1999 for every state that had deposited by
-- 30 September 1998 (the 40th instrument was deposited on 16 September 1998; Article 17.1); for a
-- later deposit, on the first day of the sixth month after the month of deposit (Article 17.2).
create or replace macro article17_entry_into_force(deposited) as
    case when deposited is null then null
         when deposited <= date '1998-09-30' then date '1999-03-01'
         else cast(date_trunc('month', deposited) + interval 6 month as date) end;

-- Article 20.3: a withdrawal takes effect six months after the depositary receives the
-- instrument of withdrawal. If the state is then engaged in an armed conflict, it does not take
-- effect before the conflict ends; the data hold no conflict dates, so a mart that uses this says
-- the date is the treaty's six months, not a finding about any conflict.
create or replace macro article20_withdrawal_effective(notified) as
    cast(notified + interval 6 month as date);
