{% macro review_rule__ocr_unsure() %}
select
    indicator_target_key as subject_key,
    format(
        '「{}」的目标值「{}」由OCR识别，置信度{}低于{}：请对照原页面核实（{}）。',
        indicator_name, target_raw, round(target_ocr_confidence, 2), {{ var('ocr_min_confidence') }},
        coalesce(source_location, '')
    ) as message_zh,
    format(
        '"{}" has the target "{}", read by OCR with confidence {} (below {}): check it against the page ({}).',
        indicator_name, target_raw, round(target_ocr_confidence, 2), {{ var('ocr_min_confidence') }},
        coalesce(source_location, '')
    ) as message_en,
    json_object('target', target_raw, 'ocr_confidence', round(target_ocr_confidence, 4)) as evidence
from targets
where target_ocr_confidence < {{ var('ocr_min_confidence') }}
{% endmacro %}
