-- One row per self-evaluation that states its grade in words (自评等级为“优”, 评价等级：良好):
-- the grade (seed grade_words) and the line it is stated on, the first where several are.
with

documents as (
    select document_id from {{ ref('stg_jixiao_raw__documents') }}
    where doc_type in ('project_selfeval', 'department_selfeval')
),

texts as (
    select texts.document_id, texts.text
    from {{ ref('stg_jixiao_raw__document_texts') }} as texts
    inner join documents
        on texts.document_id = documents.document_id
    where texts.text like '%等级%'
),

words as (
    select * from {{ ref('grade_words') }}
),

pattern as (
    select
        '(?:自评|评价|绩效)等级(?:[\s为是:：]+[“"「『]?|[“"「『])('
        || string_agg(word, '|' order by length(word) desc, word) || ')' as pattern
    from words
),

lines as (
    select
        document_id,
        unnest(string_split(text, chr(10))) as line,
        generate_subscripts(string_split(text, chr(10)), 1) as line_no
    from texts
),

stated as (
    select
        lines.document_id,
        lines.line_no,
        regexp_extract(lines.line, pattern.pattern, 1) as grade_raw
    from lines
    cross join pattern
    where lines.line like '%等级%'
        and regexp_matches(lines.line, pattern.pattern)
),

final as (
    select
        stated.document_id,
        arg_min(stated.grade_raw, stated.line_no) as grade_raw,
        arg_min(words.grade, stated.line_no) as grade,
        min(stated.line_no) as line_no,
        count(distinct words.grade) as n_grades_stated
    from stated
    inner join words
        on stated.grade_raw = words.word
    group by stated.document_id
)

select * from final
