{% macro review_rule__score_differs_from_formula() %}
-- a self-evaluated score other than the official formula of its indicator type gives
-- (fct_indicator_scores; a qualitative score outside the band its actual's words name)
select
    indicator_result_key as subject_key,
    format(
        '「{}」目标{}，实际{}：{}，应得{}分（分值{}），自评{}分。', indicator_name, coalesce(target_raw, '—'),
        coalesce(actual_raw, '—'),
        case indicator_type
            when 'positive' then if(is_met, '正向指标已达成', '正向指标未达成，按实际/目标计分')
            when 'reverse' then if(is_met, '反向指标已达成', '反向指标未达成，按超出比例扣分')
            when 'deadline' then '时效指标已达成'
            else format('定性指标，实际为“{}”档，得分应在{}至{}分之间', qualitative_band, round(band_score_min, 2),
                round(band_score_max, 2))
        end,
        round(score_recomputed, 2), round(weight, 2), round(score_stated, 2)
    ) as message_zh,
    format(
        '"{}": target {}, actual {}: {}, it scores {} (weight {}), stated {}.', indicator_name,
        coalesce(target_raw, '—'), coalesce(actual_raw, '—'),
        case indicator_type
            when 'positive' then if(is_met, 'a positive indicator met', 'a positive indicator missed, scored actual/target')
            when 'reverse' then if(is_met, 'a reverse indicator met', 'a reverse indicator missed, scored down by the excess')
            when 'deadline' then 'a deadline met'
            else format('a qualitative indicator in band {}, scoring {} to {}', qualitative_band, round(band_score_min, 2),
                round(band_score_max, 2))
        end,
        round(score_recomputed, 2), round(weight, 2), round(score_stated, 2)
    ) as message_en,
    json_object(
        'indicator_type', indicator_type, 'weight', weight, 'score_stated', score_stated,
        'score_recomputed', score_recomputed, 'qualitative_band', qualitative_band
    ) as evidence
from scores
where differs_from_formula
{% endmacro %}
