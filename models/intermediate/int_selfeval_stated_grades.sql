-- One row per self-evaluation that states its grade in words (自评等级为“优”, 评价等级：良好,
-- 绩效等次评定为“良”, or a cell 自评等级 with the grade in the next one): the grade (seed
-- grade_words) and the line it is stated on, the first where several are. A grade word must end
-- there (绩效等级为中央… names no grade); a line giving the grading standard (优（90分及以上）、良
-- （80-89分）) states none; a document stating two different grades has none.
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
    where texts.text like '%等%'
),

words as not materialized (
    select * from {{ ref('grade_words') }}
),

patterns as (
    select
        '(?:自评|评价|绩效|综合)(?:等级|等次)(?:评定|确定|认定)?(?:为|是)?[\s:：|｜]*[“"「『＂‘''【\[]?('
        || string_agg(word, '|' order by length(word) desc, word) || ')(?:[^\p{Han}]|$)' as stated,
        '^(?:自评|评价|绩效|综合)(?:等级|等次)[:：]?$' as label
    from words
),

lines as (
    select
        document_id,
        unnest(string_split(text, chr(10))) as line,
        generate_subscripts(string_split(text, chr(10)), 1) as line_no
    from texts
),

neighboured as (
    select
        *,
        -- the next line that is not blank, for a label cell whose grade stands in the next cell
        coalesce(
            nullif(trim(lead(line, 1) over (partition by document_id order by line_no)), ''),
            trim(lead(line, 2) over (partition by document_id order by line_no))
        ) as next_line
    from lines
),

stated as (
    select
        neighboured.document_id,
        neighboured.line_no,
        case
            when regexp_matches(neighboured.line, patterns.stated)
                then regexp_extract(neighboured.line, patterns.stated, 1)
            when regexp_matches(trim(neighboured.line), patterns.label)
                then trim(neighboured.next_line, ' “”"「」『』＂‘’【】[]。.')
        end as grade_raw
    from neighboured
    cross join patterns
    where (neighboured.line like '%等级%' or neighboured.line like '%等次%')
        -- a grading standard names score ranges, not the document's grade
        and not regexp_matches(neighboured.line, '\d+\s*分?\s*[-–—~～至到]\s*\d+\s*分|分(?:及|以)[上下]')
),

final as (
    select
        stated.document_id,
        arg_min(stated.grade_raw, stated.line_no) as grade_raw,
        if(count(distinct words.grade) = 1, any_value(words.grade), null) as grade,
        min(stated.line_no) as line_no,
        count(distinct words.grade) as n_grades_stated
    from stated
    inner join words
        on stated.grade_raw = words.word
    group by stated.document_id
)

select * from final
