{#- How alike two names are, 0–1: the Dice coefficient of their distinct character bigrams (1 for
    the same name). Counted in characters, so 培训人次 and 培训人数 share 2 of their 3 bigrams
    (0.67) while 改造危桥数量 and 改造农村户厕数量 share 2 of 12 (0.33). -#}
{% macro name_similarity(a, b) -%}
    case
        when {{ a }} = {{ b }} then 1.0
        when length({{ a }}) < 2 or length({{ b }}) < 2 then 0.0
        else 2.0 * len(list_intersect({{ _bigrams(a) }}, {{ _bigrams(b) }}))
            / (len({{ _bigrams(a) }}) + len({{ _bigrams(b) }}))
    end
{%- endmacro %}

{% macro _bigrams(name) -%}
    list_distinct(list_transform(range(1, length({{ name }})), i -> substr({{ name }}, i, 2)))
{%- endmacro %}
