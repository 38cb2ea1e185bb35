"""Page chrome a crawler keeps around a report: a header of page fields (标题/发布日期/发布机关/原文链接)
and a 正文 separator above the body, breadcrumbs, print/close and share bars, QR-code lines and
attachment/download lines below it. All fictional: the host names are made up per organ.

Each line comes with its chrome kind (header, separator, breadcrumb, footer, download), recorded
as a span in the truth (truth.jsonl ``chrome``): not report text, never a defect, never a copy.
"""

from __future__ import annotations

import random

_LETTERS = "abcdefghjkmnpqrstwxyz"


def host(organ: str, seed: int) -> str:
    """A fictional portal host, the same for every report of one organ."""
    r = random.Random(f"host/{seed}/{organ}")
    return "".join(r.choice(_LETTERS) for _ in range(r.randint(3, 5))) + r.choice((".example.gov.cn", ".gov.example.cn"))


def header(rng: random.Random, title: str, organ: str, year: int, site: str) -> list[tuple[str, str]]:
    """The crawler's page fields and the separator above the body."""
    m, d = rng.randint(1, 3), rng.randint(1, 28)
    m = 1  # posted within the Art. 49 deadline (31 January): a page date is no defect here
    colon = rng.choice((": ", "："))
    if rng.random() < 0.5:
        date = f"{year + 1}年{m:02d}月{d:02d}日"
    else:
        date = f"{year + 1}-{m:02d}-{d:02d} {rng.randint(8, 18):02d}:{rng.randint(0, 59):02d}:00"
    url = f"http://{site}/col/{rng.randint(1000, 9999)}/{year + 1}/{m:02d}/{d:02d}/{rng.randint(10**9, 10**10 - 1)}.html"
    rule = rng.choice(("=" * 20, "-" * 16, "=" * 12))
    out = [
        ("header", f"标题{colon}{title}"),
        ("header", f"发布日期{colon}{date}"),
        ("header", f"发布机关{colon}{organ}"),
        ("header", f"原文链接{colon}{url}"),
        ("separator", f"{rule} 正文 {rule}"),
    ]
    if rng.random() < 0.3:
        out.append(("breadcrumb", rng.choice(("当前位置：首页 > 政务公开 > 政府信息公开年报",
                                              "您当前的位置：首页 > 信息公开 > 年度报告"))))
    return out


def footer(rng: random.Random, title: str, organ: str, year: int, attachment: str | None) -> list[tuple[str, str]]:
    """One to three lines below the body: print/close, QR code, share, download."""
    opts: list[tuple[str, str]] = [
        ("footer", rng.choice(("打印 关闭", "【打印本页】 【关闭窗口】", "打印本页　关闭窗口"))),
        ("footer", rng.choice(("扫一扫在手机打开当前页", "【扫一扫在手机上查看当前页面】"))),
        ("footer", rng.choice(("分享到：微信 微博", "【字体：大 中 小】"))),
        ("download", rng.choice((f"附件下载：{title}.pdf", f"相关附件：{title}.docx", f"【下载】{title}.doc"))),
    ]
    if attachment:
        opts.append(("download", f"附件：{attachment}.xls"))
    k = rng.randint(1, min(3, len(opts)))
    idx = sorted(rng.sample(range(len(opts)), k))
    return [opts[i] for i in idx]
