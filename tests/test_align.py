"""The decoder: a run of cells placed under a table's columns by vocabulary, shape and the
separators between them (ingest.align)."""

from __future__ import annotations

from ingest import align
from ingest.align import CELL, LINE, NLCELL, ROW, SPACE, Token
from ingest.scheme import scheme_of

KINDS = scheme_of(["一级指标", "二级指标", "三级指标", "指标性质", "指标值", "度量单位", "权重"]).kinds


def _line(text: str, line: int, sep: int = SPACE) -> list[Token]:
    words = text.split()
    return [Token(w, line, LINE if k == 0 else sep) for k, w in enumerate(words)]


def _placed(rows):
    return [{KINDS[c]: text for c, text in row.cells.items()} for row in rows]


def test_empty_cells_that_vanished_cost_nothing_and_labels_carry_down():
    tokens = _line("产出指标 数量指标 培训人数 ≥ 300 人 20", 1) + _line("培训合格率 100 % 10", 2)
    rows = align.decode(KINDS, tokens)
    first = {"level1": "产出指标", "level2": "数量指标", "level3": "培训人数", "op": "≥", "target": "300"}
    assert _placed(rows) == [
        {**first, "unit": "人", "weight": "20"},
        {"level3": "培训合格率", "target": "100", "unit": "%", "weight": "10"},
    ]
    assert all(r.confidence == 1.0 for r in rows)


def test_a_label_wrapped_over_two_lines_is_one_cell():
    tokens = _line("效益指标 社会效益", 1) + _line("指标 就业带动人数 ≥ 50 人 10", 2)
    (row,) = align.decode(KINDS, tokens)
    assert row.cells[1] == "社会效益指标" and row.cells[2] == "就业带动人数"
    assert row.notes  # the join is recorded


def test_a_value_wrapped_onto_the_next_line_stays_in_its_row():
    tokens = _line("满意度指标 服务对象满意度指标 群众满意度 定性 高", 1) + _line("5", 2)
    (row,) = align.decode(KINDS, tokens)
    assert (row.cells[3], row.cells[4], row.cells[6]) == ("定性", "高", "5")


def test_one_cell_per_line_rows_end_where_the_columns_start_again():
    texts = ["产出指标", "数量指标", "采购设备", "≥", "12", "台", "30", "质量指标", "验收合格率", "=", "100", "%", "20"]
    tokens = [Token(t, k, ROW if k == 0 else NLCELL) for k, t in enumerate(texts)]
    rows = align.decode(KINDS, tokens)
    assert [r.cells.get(2) for r in rows] == ["采购设备", "验收合格率"]
    assert rows[1].cells[1] == "质量指标"


def test_a_grid_row_is_one_row_and_its_cells_keep_their_columns_when_they_fit():
    cells = ["", "质量指标", "验收合格率", "", "100%", "", "20"]
    tokens = [Token(c, 1, ROW if k == 0 else CELL, k) for k, c in enumerate(cells)]
    (row,) = align.decode(KINDS, tokens, positional=True, single_row=True)
    assert {KINDS[c]: t for c, t in row.cells.items() if t} == {
        "level2": "质量指标", "level3": "验收合格率", "target": "100%", "weight": "20",
    }  # fmt: skip


def test_a_shifted_row_is_placed_by_meaning_with_less_confidence():
    cells = ["验收合格率", "100%", "20"]  # pushed to the left: the level cells are missing
    tokens = [Token(c, 1, ROW if k == 0 else CELL, k) for k, c in enumerate(cells)]
    (row,) = align.decode(KINDS, tokens, positional=True, single_row=True)
    assert {KINDS[c]: t for c, t in row.cells.items()} == {"level3": "验收合格率", "target": "100%", "weight": "20"}
    assert row.confidence < 1.0
