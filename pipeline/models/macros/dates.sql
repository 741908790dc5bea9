-- Dates given with their precision: a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY). A
-- month-only deadline stays a month; comparisons use the first or the last day it can mean.
create or replace macro date_precision(txt) as
    case when regexp_full_match(txt, '[0-9]{4}-[0-9]{2}-[0-9]{2}') then 'day'
         when regexp_full_match(txt, '[0-9]{4}-[0-9]{2}') then 'month'
         when regexp_full_match(txt, '[0-9]{4}') then 'year' end;

create or replace macro date_first_day(txt) as
    case date_precision(txt) when 'day' then try_cast(txt as date)
                             when 'month' then try_cast(txt || '-01' as date)
                             when 'year' then try_cast(txt || '-01-01' as date) end;

create or replace macro date_last_day(txt) as
    case date_precision(txt) when 'day' then try_cast(txt as date)
                             when 'month' then last_day(try_cast(txt || '-01' as date))
                             when 'year' then try_cast(txt || '-12-31' as date) end;
