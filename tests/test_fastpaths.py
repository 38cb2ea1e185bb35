"""Each fast path of the review compared with a plain reference implementation on fictional inputs."""

from __future__ import annotations

import numpy as np

from reviewer.similarity.fingerprint import fingerprint, flattened_table, label_debris
from reviewer.similarity.frame import sentence_function
from reviewer.similarity.groups import distinct_hashes
from tests.test_similarity import BODY_A, PROBLEMS_A, report, write

SENTENCES = [
    "本报告中所列数据的统计期限自2023年1月1日起至2023年12月31日止。",
    "如对本报告有疑问，请与青禾县人民政府办公室联系，电话：0571-88886666。",
    "本报告电子版可在青禾县人民政府门户网站政府信息公开专栏查阅或下载。",
    "本年度未收取任何信息处理费。",
    "以习近平新时代中国特色社会主义思想为指导，深入贯彻党的二十大精神。",
    "青禾县全年主动公开文件238件，较上年增加12件。",
    "自然人总计商业企业科研机构社会公益组织",
    "新收政府信息公开申请数量12 30其中1 2 3",
    "云溪市交通运输局2023年12月31日",
    "",
    "   ",
]


def test_cached_sentence_verdicts_equal_the_plain_functions():
    for s in SENTENCES * 2:  # the second round is answered from the cache
        assert sentence_function(s) == sentence_function.__wrapped__(s)
        assert label_debris(s) == label_debris.__wrapped__(s)
        assert flattened_table(s) == flattened_table.__wrapped__(s)
    assert sentence_function(SENTENCES[0]) == "period"
    assert label_debris(SENTENCES[6]) is True


def test_distinct_hashes_equal_numpy_unique(tmp_path):
    doc = write(tmp_path, "青禾县人民政府办公室2023.txt", report("青禾县人民政府办公室", 2023, BODY_A + BODY_A, PROBLEMS_A))
    fp = fingerprint(doc)
    got = distinct_hashes(fp)
    assert len(got) < len(fp.hashes)  # the body repeats: the report holds repeated n-grams
    assert np.array_equal(got, np.unique(fp.hashes)) and got.dtype == fp.hashes.dtype
    empty = type("F", (), {"hashes": np.zeros(0, np.uint32), "order": np.zeros(0, np.int32)})()
    assert np.array_equal(distinct_hashes(empty), np.unique(empty.hashes))
