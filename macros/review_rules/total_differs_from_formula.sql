{% macro review_rule__total_differs_from_formula() %}
-- a self-evaluation's total other than its indicators and budget execution scored by the
-- formulas make it (fct_selfeval_scores), with the grade of each
select
    document_key as subject_key,
    format(
        '自评总分{}（{}），按计分规则应为{}（{}）：其中{}项指标得分与规则不符，预算执行应得{}分（自评{}分）。',
        round(total_stated, 2), coalesce(grade_of_stated_total, '—'), round(total_recomputed, 2),
        coalesce(grade_recomputed, '—'), n_indicators_differing, coalesce(cast(round(execution_score_recomputed, 2) as varchar), '—'),
        coalesce(cast(round(execution_score_stated, 2) as varchar), '—')
    ) as message_zh,
    format(
        'Total stated {} ({}), by the scoring rules {} ({}): {} indicator scores differ from the rules; budget '
        'execution scores {} (stated {}).',
        round(total_stated, 2), coalesce(grade_of_stated_total, '—'), round(total_recomputed, 2),
        coalesce(grade_recomputed, '—'), n_indicators_differing, coalesce(cast(round(execution_score_recomputed, 2) as varchar), '—'),
        coalesce(cast(round(execution_score_stated, 2) as varchar), '—')
    ) as message_en,
    json_object(
        'total_stated', total_stated, 'total_recomputed', total_recomputed, 'grade_of_stated_total',
        grade_of_stated_total, 'grade_recomputed', grade_recomputed, 'jurisdiction', jurisdiction,
        'indicators_differing', n_indicators_differing, 'indicators_undetermined', n_indicators_undetermined
    ) as evidence,
    line_start
from selfeval_scores
where total_differs_from_formula
{% endmacro %}
