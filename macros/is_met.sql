{% macro is_met(t, a) -%}
{#- Whether an interpreted actual (struct a) meets its interpreted target (struct t), both of
    jixiao_value's shape: numbers of the same kind and unit, or two dates. A target written without
    an operator is a floor (a ceiling for money and durations). The same rule as
    jixiao.values.is_met (tests/test_values.py holds them equal), taken from the values already
    interpreted instead of reading the text again. -#}
    case
        when {{ t }}.value_kind = 'deadline' and {{ a }}.value_kind = 'deadline'
            then {{ a }}.deadline_date <= {{ t }}.deadline_date
        when {{ t }}.value_number is null or {{ a }}.value_number is null
            or {{ t }}.value_kind is distinct from {{ a }}.value_kind
            or {{ t }}.unit is distinct from {{ a }}.unit
            then null
        else
            case coalesce({{ t }}.operator, case when {{ t }}.value_kind in ('money', 'duration') then '<=' else '>=' end)
                when '>=' then {{ a }}.value_number >= {{ t }}.value_number
                when '<=' then {{ a }}.value_number <= {{ t }}.value_number
                when '=' then {{ a }}.value_number = {{ t }}.value_number
                when '>' then {{ a }}.value_number > {{ t }}.value_number
                when '<' then {{ a }}.value_number < {{ t }}.value_number
            end
    end
{%- endmacro %}
