-- One row per indicator row of a document read by OCR: the model's confidence in the cells of
-- its target, actual, weight and score, and whether each is below var('ocr_min_confidence'): such
-- a value is kept as written, but the warehouse takes no number, date or verdict from it
-- (macros/ocr_confidence.sql says how a value is matched to its cells).
{{ ocr_confidence(ref('stg_jixiao_raw__indicators'), 'indicator_row_key', ['target', 'actual', 'weight', 'score']) }}
