{#- An amount as written to 万元: thousands separators dropped, a unit written with the figure
    (`10000万元`, `3.5亿`, `50000元`) or else the unit the form names for its amounts
    (`项目资金（元）`, `单位:万元`: amount_unit_raw) applied; 万元 when neither says. -#}
{% macro to_wan(column, unit_column) -%}
    (
        try_cast(
            regexp_replace(
                translate(trim({{ column }}), '０１２３４５６７８９．，', '0123456789.,'),
                '(,|(亿元|亿|万元|万|千元|元)$)', '', 'g'
            ) as decimal(24, 6)
        )
        * case
            when regexp_matches(trim({{ column }}), '亿元?$') then 10000
            when regexp_matches(trim({{ column }}), '万元?$') then 1
            when regexp_matches(trim({{ column }}), '千元$') then 0.1
            when regexp_matches(trim({{ column }}), '元$') then 0.0001
            when {{ unit_column }} = '元' then 0.0001
            when {{ unit_column }} = '千元' then 0.1
            else 1
        end
    )::decimal(18, 4)
{%- endmacro %}
