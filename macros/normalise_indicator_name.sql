{#- An indicator name reduced for matching across documents: lower case, without whitespace,
    punctuation (ASCII and Chinese) or years. 有运营里程要求的车辆满足要求比例（%） and
    有运营里程要求的车辆满足要求比例 meet; the name as written is always kept beside it. -#}
{% macro normalise_indicator_name(column) -%}
    regexp_replace(lower({{ column }}), '[[:space:][:punct:]（）【】“”‘’、，。：；！？《》％]|20[0-9]{2}年?', '', 'g')
{%- endmacro %}
