"""Copies written in sentence skeletons that several organs share (text written for these tests)."""

from __future__ import annotations

from reviewer.io import read_document
from reviewer.similarity.analyse import analyse

ORGANS = ["青禾县交通运输局", "白石县水利局", "东坪区教育局", "西岭县卫生健康局", "南湾市商务局",
          "北渚县民政局", "临川区司法局", "柳江县林业局", "石门市审计局", "云溪县统计局"]
TOPICS = ["道路养护", "河道清淤", "校舍改造", "疫苗接种", "外资招引", "养老服务", "法律援助", "森林防火", "审计整改", "住户调查"]
# each organ's own, unshared wording
OWN_WORDS = [
    "局机关新建了档案查阅室，群众可预约查看往年公开文件。", "水文站每月张贴汛情简报，村民在站点即可看到。",
    "家长学校开设了招生政策答疑课，全年办了九期。", "社区医院的公示栏改为电子屏，更新周期缩短到一周。",
    "开发区窗口增设了外商咨询台，配备双语工作人员。", "敬老院门口设置了补贴公示牌，每季度更换内容。",
    "调解室墙上公布了调解员名单和联系电话。", "护林站把防火期禁令印成年画发到各村。",
    "审计报告摘要在政务大厅的触摸屏上可以查阅。", "调查员上门时出示工作证并发放调查说明卡。",
]


def skeleton(i: int) -> str:
    """Three sentences in skeletons half of the organs use, with the organ's own topics."""
    t = TOPICS[i]
    return (f"本年度以{t}为重点，通过政府网站和政务微信等渠道主动公开政府信息。"
            "编制公开事项清单并逐项落实到责任科室，及时更新政府信息公开目录。"
            "对历史文件开展公开属性复核，确保目录准确完整。")


def text(i: int, year: int, body: str) -> str:
    # every organ opens with the year's common lead clause: a paragraph repeated from last year
    # then starts mid-sentence, after a clause that was not copied
    lead = "按照年度政务公开工作安排和统一部署，" if year == 2022 else "围绕全年重点任务加强组织协调，"
    return (f"{ORGANS[i]}{year}年政府信息公开工作年度报告\n一、总体情况\n{lead}{body}\n"
            "五、存在的主要问题及改进情况\n一是公开形式单一；二是解读不够及时。\n")


def test_whole_paragraph_in_shared_skeletons_copied_from_own_past(tmp_path):
    docs = []
    for i in range(len(ORGANS)):
        for year in (2022, 2023):
            body = OWN_WORDS[i] if year == 2023 else ""
            if i < 5 and (year == 2022 or i == 0):  # organ 0 repeats its 2022 paragraph in 2023
                body = skeleton(i) + body
            elif year == 2023:
                body = f"本年度重点推进{TOPICS[i]}信息公开，新增专栏一个。" + body
            p = tmp_path / f"o{i}_{year}.txt"
            p.write_text(text(i, year, body), encoding="utf-8")
            docs.append(read_document(p, {str(p): (ORGANS[i], year)}))
    res = analyse(docs)
    copier = docs[1]  # organ 0, 2023
    para = skeleton(0)
    a0 = copier.text.index(para)
    own = [p for p in res[1].passages if p.kind == "own"]
    assert own, "a whole paragraph repeated from last year was excused as template"
    assert sum(min(p.end, a0 + len(para)) - max(p.start, a0) for p in own) >= 0.8 * len(para)
    assert all(p.source.year == 2022 and p.source.organ == ORGANS[0] for p in own)
    # organs 1-4 wrote the same skeletons once and did not repeat them: nothing is copied there
    for k in range(3, 20, 2):
        assert not [p for p in res[k].passages if p.kind in ("own", "other")], docs[k].path
