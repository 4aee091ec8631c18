{% macro registered_rules(catalogue_sql, prefix, seed) %}
{#- The rules a seed registers: one dict per row of ``catalogue_sql`` (its columns, ``id`` among
    them) with ``sql``, what the macro <prefix><id> selects. Empty while dbt parses; a row without
    its macro fails the build, naming both. -#}
{%- set rules = [] -%}
{%- if execute -%}
    {%- for row in run_query(catalogue_sql).rows -%}
        {%- set rule = context.get(prefix ~ row['id']) -%}
        {%- if rule is none -%}
            {{ exceptions.raise_compiler_error(
                'rule ' ~ row['id'] ~ ' (seed ' ~ seed ~ ') has no macro ' ~ prefix ~ row['id']
                ~ ' in macros/' ~ seed ~ '/') }}
        {%- endif -%}
        {%- set entry = {'sql': rule()} -%}
        {%- for column in row.keys() -%}
            {%- do entry.update({column: row[column]}) -%}
        {%- endfor -%}
        {%- do rules.append(entry) -%}
    {%- endfor -%}
{%- endif -%}
{{ return(rules) }}
{% endmacro %}
