"""Frame sentences: what a report says about itself rather than about the year's work (spec §2 "a
usual preamble … states the statistics period, where the report can be downloaded and whom to
contact"; §2 六 the fee statement). Every organ writes them, every year, in nearly the same words,
so sharing them is neither copying nor template text: they are left out of copy detection.

Recognised by the sentence's function, not by a list of texts — a small grammar over the shape of
one sentence:

- ``period``: the statistics period (统计期限 …, or a 1 January – 31 December date range);
- ``contact``: whom to ask (如对…有疑问…联系), a phone number, postcode, e-mail or address;
- ``website``: a web address, or where on a site the report can be read (可在…网站…查阅);
- ``download``: download, attachment, QR-code lines;
- ``fee``: the fee statement (§2 六): that no fee was charged (收费/费用/处理费 with 未/无/没有/不/0), or
  what was charged (收取…元, 信息处理费…元), one sentence per charge, and the sentence saying the fee rules (《…处理费…》) were followed;
- ``structure``: what the report consists of (本报告由…组成, 全文包括…六部分);
- ``signature``: the organ's name and the date closing the report (a section's 「无」 run into it);
- ``preamble``: the legal basis the report is compiled under (根据…条例…编制) and its announcement
  (现将…公布如下);
- ``greeting``: closing courtesies (特此报告, 欢迎…监督, 敬请…指正, 更多信息请关注…);
- ``lead_in``: the stock sentence leading to the problems of 五 (取得一定成效，但…还存在一定差距和不足 /
  与…要求相比还存在一些不足), standing alone: it names no problem;
- ``opening``: a political lead-in (以习近平…为指导, 深入贯彻…精神, 在…领导下) with nothing of the
  organ's own after it; a lead-in clause that opens a longer sentence is cut off (``opening_length``),
  with the stance clauses that carry it on (围绕…中心工作, 秉持…理念, 坚持…原则, 以…为抓手, 落实《…条例》要求).

A frame sentence is short: past ``FRAME_MAX`` characters a sentence carries other content too and
is judged as prose.
"""

from __future__ import annotations

import re
from functools import lru_cache

FRAME_MAX = 160

_PERIOD = re.compile(
    r"统计(?:期限|时限|周期|时间|区间|口径)|(?:\d{4}|[〇○零一二三四五六七八九]{4})年0?1月0?1日(?:起)?\s*(?:至|到|—|－|-|~)\s*"
    r"(?:(?:\d{4}|[〇○零一二三四五六七八九]{4})年)?12月31日"
)
_CONTACT = re.compile(
    r"(?:联系|咨询|服务|监督|举报)?电话[:：]|传真[:：]?\s*\d|邮编|邮政编码|电子邮箱|邮箱[:：]|[\w.]+@[\w.]+|地址[:：]|"
    r"0\d{2,3}[-－—]\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)|如(?:对|有).{0,30}(?:疑问|意见|建议|问题).{0,40}(?:联系|垂询|咨询|反映)"
)
_WEBSITE = re.compile(
    r"www\.|https?[:：]//|\.gov\.cn|(?:可在|可登录|请登录|可通过|可访问|登录|访问).{0,50}(?:网站|网|专栏|栏目|平台|公众号).{0,30}"
    r"(?:查阅|下载|查询|浏览|获取|查看)"
)
_DOWNLOAD = re.compile(
    r"(?:报告|附件|全文|原文|电子版|文本).{0,40}下载|下载[:：]|【下载】|附件[:：\d]|相关附件|点击(?:查看|下载|进入)|扫一扫|"
    r"二维码|【打印】|打印本页|关闭窗口"
)
_FEE = re.compile(
    r"(?:未|没有|无|不|免)(?:向.{0,12})?(?:收取|产生|发生|涉及).{0,16}(?:费|减免)|(?:未|没有|无|不|免)(?:向.{0,12})?(?:进行)?收费|"
    r"无(?:收费|费用)|免(?:于)?收(?:取)?(?:费|任何)|(?:落实|执行|遵守|按照)[^。]{0,24}《[^》]{0,30}(?:处理费|收费)[^》]{0,12}》|"
    r"(?:收费|费用|处理费|收费金额).{0,12}(?:为0|为零|0元|0万元|均为0)|"
    r"收取(?:信息)?(?:处理费)?\d+(?:\.\d+)?元|收取[^，。]{0,10}处理费|处理费[^。]{0,20}\d+(?:\.\d+)?元|收费标准[^。，]{0,4}符合"
)
_STRUCTURE = re.compile(
    r"^(?:本(?:年度)?报告|全文|报告(?:全文)?|(?:报告)?(?:主要)?内容)[^。]{0,12}?(?:由|包括|包含|分为|共分为?|主要包括|从)[^。]{0,120}?"
    r"(?:组成|部分|方面)[^。]{0,8}。?$|"
    r"^[^。]{0,60}情况等(?:几|[二三四五六七八])?个?(?:方面|部分)(?:内容|组成)?。?$"  # the tail of that list, broken off by a line break
)
_SIGN = re.compile(r"^(?:无[。，,]?)?(?:[\u4e00-\u9fff（）()]{2,40}?)?\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})年\d{1,2}月\d{1,2}日。?$")
_PREAMBLE = re.compile(
    r"(?:根据|依据|按照|依照).{0,60}(?:条例|报告格式).{0,120}?(?:编制|撰写|制定本|形成本|特向社会)|"
    r"现将.{0,40}(?:公布|报告|发布)如下|特向社会(?:公布|公开)|(?:予以|向社会)公布。?$"
)
_SELF = re.compile(r"本报告|本年度报告|报告全文|报告电子版|电子版|编制本|特向社会|如下|现将")  # the report speaking of itself
_URL = re.compile(r"www\.|https?[:：]//|\.gov\.cn|网址")
_DIGIT = re.compile(r"\d")
_GREETING = re.compile(r"特此报告|欢迎.{0,20}(?:监督|批评|指正|意见|建议)|敬请.{0,20}(?:监督|批评|指正)|衷心感谢|谢谢|"
                       r"(?:更多信息|欢迎|敬请|请)[^。]{0,6}关注[^。]{0,12}(?:微信|公众号|微博|客户端)")
_GAP = r"(?:存在|有)着?(?:一定|一些|某些|不少|些许|许多)?的?(?:差距|不足|问题|短板|薄弱环节)(?:[和与、及](?:差距|不足|问题|短板))?"
_GAP_TAIL = r"(?:[，,]?\s*(?:主要(?:表现在|体现在|是|有)|具体(?:如下|表现为|表现在))[^。]{0,4})?\s*[。：:；;]?$"
_STOCK_LEAD = re.compile(
    r"^[^。]{0,40}?(?:取得|有了|收到)[^。，,]{0,12}(?:成效|成绩|进展|效果|成果)[，,]?\s*(?:但|然而|同时)(?:(?!方面|环节|领域)[^。]){0,40}?" + _GAP + _GAP_TAIL + "|"
    r"^[^。]{0,24}?(?:与|离|对照|对标)[^。]{0,30}(?:要求|期待|期望|需求|标准|期盼)[^。]{0,6}?[，,]?\s*[^。，,]{0,16}?(?:还|仍|也|依然)?" + _GAP + _GAP_TAIL
)
_WHEN_WORDS = r"(?:\d{4}年度?|本年度|今年以来|一年来|全年|近年来)"  # a period opening a sentence
_LEAD_IN = re.compile(
    rf"^{_WHEN_WORDS}?[，,]?" r"[\u4e00-\u9fff（）]{0,20}?"
    r"(?:以习近平|在.{1,24}(?:领导|指导|关心)下|(?:深入|全面|认真|坚决|持续)(?:学习)?贯彻|坚持以习近平|高举|坚持以人民为中心|"
    r"坚持党的|深入学习|认真学习|紧紧围绕|按照.{0,20}(?:部署|要求|精神)|根据.{0,20}(?:部署|要求|精神))"
)
_WHEN = re.compile(rf"^{_WHEN_WORDS}[，,]$")
# the stance clauses a political opening goes on with (the centre it serves, the idea it holds, what
# it takes as its lever): part of the opening once it has begun, never its start
_STANCE = re.compile(
    r"^(?:紧紧|始终)?围绕[^，,；;。]{0,30}(?:中心|大局|主线)(?:工作|任务)?|^(?:始终)?秉持[^，,；;。]{0,16}理念|"
    r"^(?:始终)?坚持[^，,；;。]{0,16}(?:原则|理念|导向|至上|为中心|方针)|^以[^，,；;。]{2,60}为(?:抓手|指引|引领|目标|主线|导向|统领|契机)|"
    r"^遵循[^，,；;。]{0,20}原则|^服务(?:大局|中心)|^聚焦[^，,；;。]{0,16}(?:中心|大局|需求|关切)|"
    r"^(?:全面|扎实|深入|持续|不断|稳步|积极|大力|依法)(?:推进|推动|深化|做好|加强)[^，,；;。]{0,6}(?:政务公开|信息公开)(?:工作)?[，,；;。]?$|"
    r"^(?:全面|严格|认真|切实)?(?:落实|遵守|执行|贯彻)(?:落实|执行)?[^，,；;。]{0,16}《[^》]{0,40}(?:条例|办法)》[^，,；;。]{0,12}(?:要求|规定|精神)"
)
POLITICAL = re.compile(r"习近平|党的.{0,6}大|二十大|十九大|精神|重要讲话|重要指示|重要论述|决策部署|为指导|以人民为中心|全会|党中央|国务院|省委|市委|县委|领导下|部署要求")
_CLAUSES = re.compile(r"[^，,；;。]+[，,；;。]?")
_HAN = re.compile(r"[\u3400-\u9fff]")


def _han(s: str) -> int:
    return len(_HAN.findall(s))


def opening_length(sentence: str) -> int:
    """Characters of the political lead-in that opens ``sentence`` (0 when it has none): the leading
    run of clauses that each carry a political marker, the first one starting like a lead-in."""
    t = sentence.lstrip()
    if not _LEAD_IN.match(t):
        return 0
    end, political = 0, False
    for m in _CLAUSES.finditer(t):
        c = m.group()
        if end == 0 and _WHEN.match(c):  # 「2023年，」 before the lead-in
            end = m.end()
            continue
        lead = not political and _LEAD_IN.match(c)
        if not POLITICAL.search(c) and not lead and not (political and _STANCE.match(c.strip())):
            break
        end, political = m.end(), True
    return end + (len(sentence) - len(t)) if political else 0


# A report's sentences are classified twice (its copy units, ``fingerprint.clause_units``, and its
# prose for C206/C207, ``flipcheck.prose_spans``) and frame sentences recur across reports and years:
# the verdicts of a pure function of the sentence are remembered (a bounded number per process).
SENTENCE_CACHE = 16384


@lru_cache(maxsize=SENTENCE_CACHE)
def sentence_function(sentence: str) -> str | None:
    """The frame function of one sentence (``period``, ``contact``, ``website``, ``download``, ``fee``,
    ``preamble``, ``structure``, ``signature``, ``greeting``, ``lead_in``, ``opening``), or None for the organ's own prose."""
    t = sentence.strip()
    if not t or len(t) > FRAME_MAX:
        return None
    if _PERIOD.search(t) and not _DIGIT.search(_PERIOD.sub("", t)):  # a date range heading the year's figures is prose
        return "period"
    if _CONTACT.search(t):
        return "contact"
    if _WEBSITE.search(t) and (_SELF.search(t) or len(t) <= 60 and _URL.search(t)):  # where the report is, not a channel of the year's work
        return "website"
    if _DOWNLOAD.search(t) and len(t) <= 100:
        return "download"
    if _FEE.search(t) and len(t) <= 80:
        return "fee"
    if _PREAMBLE.search(t) and _SELF.search(t):
        return "preamble"
    if _STRUCTURE.match(t):
        return "structure"
    if _SIGN.match(t):
        return "signature"
    if _GREETING.search(t) and len(t) <= 80:
        return "greeting"
    if len(t) <= 80 and _STOCK_LEAD.search(t):
        return "lead_in"
    k = opening_length(t)
    if k and _han(t[k:]) < 6:
        return "opening"
    if k:  # a frame sentence behind a lead-in (按照…要求，本年度未收取…费用。) is that frame sentence
        return sentence_function(t[k:])
    return None
