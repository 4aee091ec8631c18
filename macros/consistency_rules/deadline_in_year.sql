{% macro consistency_rule__deadline_in_year() %}
select
    document_key, 'indicator' as subject_type, indicator_target_key as subject_key,
    indicator_name || ' ' || target_raw as subject_label, fiscal_year as expected, year(deadline_date) as observed,
    0 as tolerance, value_kind, line_start, line_end
from targets
where deadline_date is not null and fiscal_year is not null
{% endmacro %}
