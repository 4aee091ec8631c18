-- One row per review flag: a target, a self-evaluated result, a document or a pair of series
-- that a budget bureau should look at, with the rule, the figures and one sentence saying why.
--
-- The rules are a registry: one row per rule in seed review_rules (its subject type, names,
-- severity, rationale) and one macro per rule, review_rule__<rule_id> in macros/review_rules/,
-- selecting from the inputs below (targets, results, year_over_year, agencies, scores,
-- selfeval_scores, lineage) the columns
-- subject_key (an indicator_target_key or a document_key, as the seed's subject_type says),
-- message_zh, message_en, evidence and, for a document, line_start. A rule that compares with
-- another document (last year's target, the year's target table) also selects that document and
-- the lines it compares with: related_document_key, related_line_start, related_line_end; a rule
-- that selects none of them has them NULL. Thresholds: vars in dbt_project.yml. A seed row
-- without its macro fails the build, naming both.
{%- set rules = registered_rules(
    'select rule_id as id, subject_type from ' ~ ref('review_rules') ~ ' order by rule_id',
    'review_rule__', 'review_rules'
) %}
with

targets as not materialized (
    select * from {{ ref('fct_indicator_targets') }}
),

year_over_year as not materialized (
    select * from {{ ref('rpt_indicator_year_over_year') }}
),

rules as not materialized (
    select * from {{ ref('review_rules') }}
),

agencies as not materialized (
    select * from {{ ref('dim_agencies') }}
),

scores as not materialized (
    select * from {{ ref('fct_indicator_scores') }}
),

selfeval_scores as not materialized (
    select * from {{ ref('fct_selfeval_scores') }}
),

lineage as not materialized (
    select * from {{ ref('fct_target_lineage') }}
),

-- a self-evaluated result with its indicator's level codes
results as (
    select
        indicator_results.*,
        targets.level1_code,
        targets.level2_code
    from {{ ref('fct_indicator_results') }} as indicator_results
    inner join targets
        on indicator_results.indicator_result_key = targets.indicator_target_key
),
{% for rule in rules %}
flags_{{ rule.id }} as (
    select
        '{{ rule.id }}' as rule_id,
        '{{ rule.subject_type }}' as subject_type,
        subject_key,
        message_zh,
        message_en,
        evidence,
        {{ 'line_start' if rule.subject_type == 'document' else 'cast(null as integer)' }} as line_start,
        related_document_key,
        related_line_start,
        related_line_end
    from (
        -- the related_* columns the rule does not select are NULL (union by name)
        select
            cast(null as varchar) as related_document_key,
            cast(null as integer) as related_line_start,
            cast(null as integer) as related_line_end
        where false
        union all by name
        select * from (
{{ rule.sql }}
        )
    )
),
{% endfor %}
rule_flags as (
    {%- for rule in rules %}
    select * from flags_{{ rule.id }}
    {%- if not loop.last %}
    union all{% endif %}
    {%- else %}
    select
        null as rule_id, null as subject_type, null as subject_key, null as message_zh, null as message_en,
        null as evidence, cast(null as integer) as line_start, cast(null as varchar) as related_document_key,
        cast(null as integer) as related_line_start, cast(null as integer) as related_line_end
    where false
    {%- endfor %}
),

flagged_indicators as (
    select
        rule_flags.rule_id,
        'indicator' as subject_type,
        rule_flags.subject_key as indicator_target_key,
        targets.project_key,
        targets.document_key,
        targets.agency_key,
        targets.fiscal_year,
        rule_flags.message_zh,
        rule_flags.message_en,
        rule_flags.evidence,
        targets.line_start,
        targets.line_end,
        rule_flags.related_document_key,
        rule_flags.related_line_start,
        rule_flags.related_line_end
    from rule_flags
    inner join targets
        on rule_flags.subject_key = targets.indicator_target_key
    where rule_flags.subject_type = 'indicator'
),

flagged_documents as (
    select
        rule_flags.rule_id,
        'document' as subject_type,
        null as indicator_target_key,
        -- a project document of one project table (a project's self-evaluation): the flag is that
        -- project's; a department document's flags stay the document's
        if(documents.doc_type in ('project_targets', 'project_selfeval'), single_projects.project_key, null) as project_key,
        documents.document_key,
        documents.agency_key,
        documents.fiscal_year,
        rule_flags.message_zh,
        rule_flags.message_en,
        rule_flags.evidence,
        rule_flags.line_start,
        rule_flags.line_start as line_end,
        rule_flags.related_document_key,
        rule_flags.related_line_start,
        rule_flags.related_line_end
    from rule_flags
    inner join {{ ref('dim_documents') }} as documents
        on rule_flags.subject_key = documents.document_key
    left join (
        select document_key, any_value(project_key) as project_key
        from {{ ref('dim_projects') }}
        group by document_key
        having count(*) = 1
    ) as single_projects
        on documents.document_key = single_projects.document_key
    where rule_flags.subject_type = 'document'
),

all_flags as (
    select * from flagged_indicators
    union all
    select * from flagged_documents
),

final as (
    select
        md5(all_flags.rule_id || '|' || coalesce(all_flags.indicator_target_key, all_flags.document_key)) as flag_key,
        all_flags.rule_id,
        rules.name_zh as rule_name_zh,
        rules.name_en as rule_name_en,
        rules.severity,
        all_flags.subject_type,
        all_flags.indicator_target_key,
        all_flags.project_key,
        all_flags.document_key,
        all_flags.agency_key,
        all_flags.fiscal_year,
        all_flags.message_zh,
        all_flags.message_en,
        all_flags.evidence,
        all_flags.line_start,
        all_flags.line_end,
        all_flags.related_document_key,
        all_flags.related_line_start,
        all_flags.related_line_end
    from all_flags
    inner join rules
        on all_flags.rule_id = rules.rule_id
)

select
    cast(flag_key as varchar) as flag_key,
    cast(rule_id as varchar) as rule_id,
    cast(rule_name_zh as varchar) as rule_name_zh,
    cast(rule_name_en as varchar) as rule_name_en,
    cast(severity as integer) as severity,
    cast(subject_type as varchar) as subject_type,
    cast(indicator_target_key as varchar) as indicator_target_key,
    cast(project_key as varchar) as project_key,
    cast(document_key as varchar) as document_key,
    cast(agency_key as varchar) as agency_key,
    cast(fiscal_year as integer) as fiscal_year,
    cast(message_zh as varchar) as message_zh,
    cast(message_en as varchar) as message_en,
    cast(evidence as varchar) as evidence,
    cast(line_start as integer) as line_start,
    cast(line_end as integer) as line_end,
    cast(related_document_key as varchar) as related_document_key,
    cast(related_line_start as integer) as related_line_start,
    cast(related_line_end as integer) as related_line_end
from final
