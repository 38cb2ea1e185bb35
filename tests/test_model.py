from __future__ import annotations

from reviewer.io import read_document
from tests.conftest import EXAMPLES


def test_example_parses_into_six_sections_with_consistent_offsets():
    doc = read_document(EXAMPLES / "qinghe_jiaotong_2024.txt")
    assert doc.organ == "青禾县交通运输局"
    assert doc.year == 2024 and doc.era == "2021"
    assert [s.id for s in doc.sections] == ["一", "二", "三", "四", "五", "六"]
    for t in doc.tables:
        for row in t.rows:
            for c in row:
                assert doc.text[c.start : c.end] == c.text
    for s in doc.sentences:
        assert doc.text[s.start : s.end].strip() == doc.text[s.start : s.end]
        assert doc.line_of(s.start) == s.line


def test_finding_text_equals_slice():
    doc = read_document(EXAMPLES / "qinghe_jiaotong_2024.txt")
    sec = doc.section("五")
    f = doc.finding("X000", "vague-narrative", "info", sec.heading_end, sec.heading_end + 10, "m")
    assert f.text == doc.text[f.start : f.end]
    assert f.section == "五"
    assert f.line == doc.text.count("\n", 0, f.start) + 1


def test_tables_travel_packed_and_unpack_to_the_same_cells():
    import pickle

    from reviewer.model import Cell, Table

    doc = read_document(EXAMPLES / "qinghe_jiaotong_2024.html")
    back = pickle.loads(pickle.dumps(doc))
    assert back.tables and all(t._rows is None for t in back.tables)  # cells not built on arrival
    assert back.tables == doc.tables  # reading them builds them, cell for cell
    assert all(isinstance(c, Cell) for t in back.tables for row in t.rows for c in row)
    assert back.to_dict() == doc.to_dict()
    again = pickle.loads(pickle.dumps(pickle.loads(pickle.dumps(doc))))  # packed twice, never unpacked
    assert again.tables == doc.tables
    empty = pickle.loads(pickle.dumps(Table(0, 0, [[]], source="pipe")))
    assert empty.rows == [[]] and empty.n_rows == 1
    t = pickle.loads(pickle.dumps(doc.tables[0]))
    t.rows = [[Cell("1", 0, 1, 0, 0)]]
    assert t.rows[0][0].text == "1" and pickle.loads(pickle.dumps(t)).rows == t.rows
