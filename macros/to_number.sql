{#- A number as written (full-width digits allowed) to a decimal; blank or unreadable -> null. -#}
{% macro to_number(column) -%}
    try_cast(translate(trim({{ column }}), '０１２３４５６７８９．，', '0123456789.,') as decimal(18, 4))
{%- endmacro %}
