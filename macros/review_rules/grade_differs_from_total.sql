{% macro review_rule__grade_differs_from_total() %}
-- a self-evaluation whose stated grade is not the grade its own stated total earns
-- (fct_selfeval_scores, bands of seed grade_bands for its jurisdiction)
select
    document_key as subject_key,
    format(
        '自评等级为“{}”，而自评总分{}按{}等级标准应为“{}”。', grade_stated_raw, round(total_stated, 2),
        if(jurisdiction = 'national', '全国', jurisdiction), grade_of_stated_total
    ) as message_zh,
    format(
        'Grade stated as "{}", while the stated total {} earns "{}" under the {} bands.', grade_stated_raw,
        round(total_stated, 2), grade_of_stated_total, jurisdiction
    ) as message_en,
    json_object(
        'grade_stated', grade_stated_raw, 'total_stated', total_stated, 'grade_of_stated_total', grade_of_stated_total,
        'jurisdiction', jurisdiction
    ) as evidence,
    grade_stated_line as line_start
from selfeval_scores
where grade_stated_differs_from_total
{% endmacro %}
