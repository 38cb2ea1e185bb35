"""The sections of a report: the 2019+ outline 一…六 with tables 二–四, and the legacy outline with
its 统计表. A mixin of ``Composer`` (reviewer.generate.compose)."""

from __future__ import annotations

import re
from typing import Any

from reviewer.generate import pools as P
from reviewer.generate.builder import cell_span
from reviewer.generate.tables import (
    Table2,
    Table3,
    Table4,
    gen_legacy,
    gen_table2,
    gen_table3,
    gen_table4,
    legacy_rows,
    outcome_rows,
    table3_rows,
    table4_rows,
)

_PROBLEMS = P.PROBLEM_SPEC + P.PROBLEM_SPEC_EXTRA
_PROBLEM_TOPICS = P.PROBLEM_SPEC_TOPIC + P.PROBLEM_SPEC_EXTRA_TOPIC


def _topic(pool: str, i: int, aspects: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """A problem of 五: its entry (what makes two statements the same problem) and its aspects; a
    sentence naming no problem (the gap formula) has neither."""
    return (f"{pool}:{i}", *aspects[i]) if aspects[i] else ()


class Sections:
    """Section writers; the attributes (o, b, plan, rng, st, year, era, slots) are Composer's."""

    def modern_body(self) -> None:
        o, b, plan, rng = self.o, self.b, self.plan, self.rng
        st = self.st
        t3 = gen_table3(rng, o.scale, st.carry, self.era)
        cross_col = None
        # C6 compares year t with t−1 only: after a gap in the batch's years (2020 → 2022) the
        # carry-over cannot be checked, so it is not a defect there and none is injected
        if plan.cross_year and st.carry is not None and st.reports and st.reports[-1].year == self.year - 1:
            cross_col = rng.randrange(6)
            carry = list(st.carry)
            carry[cross_col] += rng.randint(1, 3)
            t3 = gen_table3(rng, o.scale, carry, self.era)
        t4 = gen_table4(rng, o.scale)
        t2 = gen_table2(rng, o.scale, self.era, o.kind == "gov", st.in_force)
        self.tables = {"t2": t2, "t3": t3, "t4": t4}
        st.carry, st.in_force = t3.next, t2.in_force
        for sid in ("一", "二", "三", "四", "五", "六"):
            if plan.missing_section == sid:
                b.point("missing-section", sid, title=P.HEADINGS[sid][0])
                continue
            title = rng.choice(P.HEADINGS[sid])
            self.heading(sid, title)  # a missing section leaves a gap in the numbering
            getattr(self, f"sec_{'一二三四五六'.index(sid) + 1}")(sid, t2, t3, t4, cross_col)

    def sec_1(self, sid, t2, t3: Table3, t4: Table4, cross_col) -> None:
        o, b, plan = self.o, self.b, self.plan
        self.stale_year(self.role_para("intro", sid, lambda: self.clauses("intro")))
        parts = [("主动公开", "active"), ("依申请公开", "apply"), ("政府信息管理", "manage"),
                 ("平台建设", "platform"), ("监督保障", "supervise")]
        for item, role in parts:
            if plan.missing_item == item:
                b.point("missing-item", sid, item=item)
                continue
            if role == "apply":
                self.apply_para(sid, t3, t4)
                continue
            self.role_para(role, sid, lambda role=role: self.clauses(role))
        if o.kind == "gov":
            b.para([self.fill(P.GOV_ASSESS)], "gov_assess", sid)
        if plan.template:
            self.template_para(sid)

    def template_para(self, sid: str | None) -> None:
        txt = self.rng.choice(P.TEMPLATE_PASSAGES)
        p = self.b.para([txt], "template", sid)
        self.b.mark("template-text", p.line, 0, len(txt), sid, reason="model wording pasted into the report")

    def apply_para(self, sid, t3: Table3, t4: Table4) -> None:
        b, rng, plan = self.b, self.rng, self.plan
        tot = t3.totals()
        vals = {**tot, "rev": t4.review_total(), "lit": t4.litigation_total()}
        keys = {"new": "新收政府信息公开申请", "carry": "上年结转", "done": "办结", "next": "结转下年度",
                "rev": "行政复议", "lit": "行政诉讼"}
        wrong = None
        if plan.text_table and plan.missing_item != "表三" and plan.missing_section != "三":
            wrong = rng.choice(list(keys))
            if wrong in ("rev", "lit") and (plan.missing_item == "表四" or plan.missing_section == "四"):
                wrong = "new"
        shown = dict(vals)
        if wrong:
            v = vals[wrong]
            shown[wrong] = v + rng.randint(1, max(3, v)) if (rng.random() < 0.6 or v == 0) else rng.randint(0, v - 1)
        s1 = rng.choice(P.APPLY).format(**shown)
        s2 = rng.choice(P.REVIEW_SENT).format(**shown)
        p = b.para([s1, s2], "apply", sid)
        if wrong:
            line = b.lines[p.line]
            kw = keys[wrong]
            i = line.find(kw, len(s1) if wrong in ("rev", "lit") else 0)
            m = re.compile(r"\d+件").search(line, i)
            table = "四" if wrong in ("rev", "lit") else "三"
            b.mark("text-table-mismatch", p.line, i, m.end(), sid, quantity=wrong, prose=shown[wrong], table=vals[wrong],
                   table_section=table)

    def _table(self, rows: list[list[str]], sid: str, first_data: int, kind_cells: str) -> tuple[int, int]:
        """Write rows (after cell defects) and return (first line, last line)."""
        b = self.b
        first = len(b.lines)
        for r in rows:
            b.line(" | ".join(r))
        return first, len(b.lines) - 1

    def sec_2(self, sid, t2: Table2, t3, t4, cross_col) -> None:
        b, plan, rng = self.b, self.plan, self.rng
        if plan.missing_item == "表二":
            b.point("missing-item", sid, item="表二")
            return
        blocks = []
        for caption, header, rows in t2.blocks:
            b.line(caption)
            first = len(b.lines)
            b.line(" | ".join(header))
            lines = [b.line(" | ".join(r)) for r in rows]
            blocks.append((first, lines, rows))
        if plan.blank_cell and rng.random() < 0.25:
            cand = [(ln, r, c) for first, lines, rows in blocks for ln, r in zip(lines, rows, strict=True)
                    for c in range(1, len(r)) if r[c] == "0"]
            if cand:
                ln, r, c = rng.choice(cand)
                self._blank(ln, r, c, sid, (blocks[0][0], blocks[-1][1][-1]))
                plan.blank_cell = False

    def _blank(self, ln: int, row: list[str], c: int, sid: str, region) -> None:
        b = self.b
        row = list(row)
        row[c] = self.rng.choice(("", "/", "—", "-", "/"))
        b.lines[ln] = " | ".join(row)
        s, e = cell_span(row, c)
        b.mark("table-missing-value", ln, s, e, sid, region=region, written=row[c], row_label=row[0] or row[1] or row[2])

    def sec_3(self, sid, t2, t3: Table3, t4, cross_col) -> None:
        b, plan, rng = self.b, self.plan, self.rng
        if plan.missing_item == "表三":
            b.point("missing-item", sid, item="表三")
            return
        rows, d0 = table3_rows(t3)
        first = len(b.lines)
        lines = [b.line(" | ".join(r)) for r in rows]
        region = (first, lines[-1])
        if cross_col is not None:
            ln = lines[d0 + 1]
            s, e = cell_span(rows[d0 + 1], 3 + cross_col)
            b.mark("cross-year-mismatch", ln, s, e, sid, region=region, column=cross_col,
                   previous_next=self.st.reports[-1].tables["t3"].next[cross_col] if self.st.reports and "t3" in self.st.reports[-1].tables else None)
        broken_row = -1
        if plan.broken_cell and (rng.random() < 0.7 or plan.missing_item == "表四" or plan.missing_section == "四"):
            # a count inside the outcome rows, or a row total: C2/C3 break
            ri = rng.randrange(d0 + 2, len(rows) - 2)
            row = list(rows[ri])
            c = rng.choice([3, 3, 4, 9])
            v = int(row[c])
            row[c] = str(v + rng.randint(1, 5) if rng.random() < 0.7 or v == 0 else v - 1)
            b.lines[lines[ri]] = " | ".join(row)
            rows[ri] = row
            broken_row = ri
            s, e = cell_span(row, c)
            b.mark("table-arithmetic", lines[ri], s, e, sid, region=region, rule="C3" if c == 9 else "C2/C3",
                   row_label=row[2] or row[1] or row[0], was=v, written=int(row[c]))
            plan.broken_cell = False
        if plan.blank_cell:
            cand = [(i, c) for i in range(d0, len(rows)) for c in range(3, 10) if rows[i][c] == "0" and i != broken_row]
            if cand:
                i, c = rng.choice(cand)
                self._blank(lines[i], rows[i], c, sid, region)
                plan.blank_cell = False

    def sec_4(self, sid, t2, t3, t4: Table4, cross_col) -> None:
        b, plan, rng = self.b, self.plan, self.rng
        if plan.missing_item == "表四":
            b.point("missing-item", sid, item="表四")
            return
        rows, d0 = table4_rows(t4)
        first = len(b.lines)
        lines = [b.line(" | ".join(r)) for r in rows]
        region = (first, lines[-1])
        data = list(rows[d0])
        if plan.broken_cell:  # only reached when table 三 was not written
            c = rng.choice((4, 9, 14))
            v = int(data[c])
            data[c] = str(v + rng.randint(1, 3))
            b.lines[lines[d0]] = " | ".join(data)
            s, e = cell_span(data, c)
            b.mark("table-arithmetic", lines[d0], s, e, sid, region=region, rule="C4", was=v, written=int(data[c]))
            plan.broken_cell = False
        elif plan.blank_cell:
            cand = [c for c in range(15) if data[c] == "0"]
            if cand:
                self._blank(lines[d0], data, rng.choice(cand), sid, region)
                plan.blank_cell = False

    def sec_5(self, sid, *_: Any) -> None:
        self.problems_section(sid, modern=True)

    def problems_section(self, sid: str, modern: bool) -> None:
        rng, st, plan, Y = self.rng, self.st, self.plan, self.year
        if modern:
            def prev_fresh():
                if plan.vague:
                    return [self.own(rng.choice(P.VAGUE_PREV))], [True]
                prob = rng.choice(st.problems) if st.problems else self.vary(rng.choice(P.PROBLEM_SPEC).format(**self._pslots()))
                return [self.fill(rng.choice(P.PREV_FIXED), prev_problem=prob.split("，")[0])], None

            self.role_para("prev", sid, prev_fresh)
        chosen: list[str] = []
        topics: list[tuple[str, ...]] = []

        def problems_fresh():
            if plan.vague:
                vs = rng.sample(P.VAGUE_PROBLEM, rng.randint(2, 3))
                topics.extend(_topic("vague", P.VAGUE_PROBLEM.index(x), P.VAGUE_PROBLEM_TOPIC) for x in vs)
                ps = [self.own(x) for x in vs]
                return ps, [True] * len(ps)
            idx = self._fresh_pair("problem_set", len(P.PROBLEM_SPEC))
            rate = self.opts.repeat_problem
            if rate < 1 and (rate <= 0 or rng.random() >= rate):
                idx = self._never_stated(idx)
            items = [self.vary(_PROBLEMS[i].format(**self._pslots())) for i in idx]
            chosen.extend(items)
            topics.extend(_topic("spec", i, _PROBLEM_TOPICS) for i in idx)
            opener = self.vary(rng.choice(P.PROBLEM_OPEN).format(Y=Y))
            return [f"{opener}{P.ORDINAL[0]}{items[0]}；", f"{P.ORDINAL[1]}{items[1]}。"], None

        p = self.role_para("problems", sid, problems_fresh)
        if p is not None:
            if p.topics is None:
                p.topics = topics
            self._repeated(p)
        st.problems = chosen or st.problems

        def measures_fresh():
            if plan.vague:
                ps = [self.own(x) for x in rng.sample(P.VAGUE_MEASURE, rng.randint(2, 3))]
                return ps, [True] * len(ps)
            items = [self.fill(P.MEASURE_SPEC[i]) for i in self._fresh_pair("measure_set", len(P.MEASURE_SPEC))]
            pieces = [f"{self.vary(rng.choice(P.MEASURE_OPEN))}{P.ORDINAL[0]}{items[0]}；", f"{P.ORDINAL[1]}{items[1]}。"]
            flags = [False, False]
            if plan.vague_sentence:
                pieces.append(self.own(rng.choice(P.VAGUE_MEASURE)))
                flags.append(True)
            return pieces, flags

        self.role_para("measures", sid, measures_fresh)

    def _fresh_pair(self, key: str, n: int) -> list[int]:
        """Two template indices this organ did not use in its last two reports (so a specific 五
        is never the same problem or measure as a recent year unless a copy defect says so)."""
        recent = self.st.template_idx.get(key, ((), ()))
        cand = [i for i in range(n) if i not in set(recent[0]) | set(recent[1])]
        if len(cand) < 2:
            cand = [i for i in range(n) if i not in recent[1]]
        idx = self.rng.sample(cand, 2)
        self.st.template_idx[key] = (recent[1], tuple(idx))
        return idx

    def _never_stated(self, idx: list[int]) -> list[int]:
        """``idx`` with each problem the organ stated in an earlier report replaced by the first one
        it never stated (the pool's extra entries included), while any is left."""
        stated = {t[0] for r in self.st.reports for q in r.paras if q.role == "problems" for t in q.topics or () if t}
        free = [j for j in range(len(_PROBLEMS)) if f"spec:{j}" not in stated and j not in idx]
        return [free.pop(0) if f"spec:{i}" in stated and free else i for i in idx]

    def _pslots(self) -> dict[str, Any]:
        r = self.rng
        return {**self.slots, "k": r.randint(2, 15), "d": r.randint(3, 20), "pct": r.randint(10, 40)}

    def sec_6(self, sid, *_: Any) -> None:
        b, rng, plan = self.b, self.rng, self.plan
        if plan.missing_item == "信息处理费":
            b.point("missing-item", sid, item="信息处理费")
        else:
            t3 = _[1] if len(_) > 1 else None
            unpaid = 0
            if self.era == "2021" and isinstance(t3, Table3):
                row = next(i for i, r in enumerate(outcome_rows("2021")) if r[1].startswith("2.申请人逾期未按收费"))
                unpaid = sum(t3.outcomes[row])
            if unpaid:  # fee notices were sent, so fees were charged (spec C9)
                k = unpaid + rng.randint(0, 3)
                b.para([P.FEE_CHARGED.format(fee=k * rng.choice((100, 200, 300)), k=k)], "fee", sid)
            else:
                pool = P.FEE_NONE if self.era == "2021" else P.FEE_TRIAL
                self.formula(b.para([self.fill(rng.choice(pool))], "fee", sid))
        self.role_para("misc", sid, lambda: self.clauses("misc"))

    # -- legacy ---------------------------------------------------------------------------------
    def legacy_body(self) -> None:
        o, b, plan, rng = self.o, self.b, self.plan, self.rng
        stats = gen_legacy(rng, o.scale)
        self.tables = {"legacy": stats}
        num = 0
        titles: dict[str, str] = {}
        for role, options in P.LEGACY_HEADINGS:
            title = rng.choice(options)
            titles[role] = title
            if plan.missing_section == f"l_{role}":
                # spec §6 scores a legacy report against its own outline: only 主动公开, 依申请公开 and
                # 问题和改进 are required there, so a report without a fee, review or 其他 heading is
                # not incomplete (many real pre-2019 reports have none) — recorded, but benign
                optional = role in ("fee", "review", "other")
                b.point("missing-section", title, topic=role, **({"benign": True} if optional else {}))
                continue
            self.heading(P.NUMERALS[num], title)
            num += 1
            if role == "overview":
                self.stale_year(self.role_para("overview", title, lambda: self.clauses("overview")))
                if plan.template:
                    self.template_para(title)
            elif role == "active":
                self.role_para("l_active", title, lambda: self.clauses("l_active", n_active=stats.active, n_norm=stats.norm))
            elif role == "apply":
                self.legacy_apply(title, stats)
            elif role == "fee":
                self.formula(self.role_para("l_fee", title, lambda: ([rng.choice(P.LEGACY_FEE)], None)))
            elif role == "review":
                b.para([P.LEGACY_REVIEW[0].format(rev=stats.review, lit=stats.litigation)], "l_review", title)
            elif role == "problems":
                self.problems_section(title, modern=False)
            elif role == "other":
                self.formula(self.role_para("l_other", title, lambda: ([rng.choice(P.LEGACY_OTHER)], None)))
        b.line(f"附：{self.year}年政府信息公开情况统计表")
        rows, index = legacy_rows(stats)
        first = len(b.lines)
        lines = [b.line(" | ".join(r)) for r in rows]
        sec = titles["other"] if plan.missing_section != "l_other" else None
        if plan.broken_cell:
            ri = index["channels"] + rng.randrange(4)  # channel counts: no prose states them
            row = list(rows[ri])
            v = int(row[2])
            row[2] = str(v + rng.randint(1, 4))
            b.lines[lines[ri]] = " | ".join(row)
            s, e = cell_span(row, 2)
            b.mark("table-arithmetic", lines[ri], s, e, sec, region=(first, lines[-1]), rule="legacy sum", was=v,
                   written=int(row[2]), row_label=row[0])

    def legacy_apply(self, title: str, s) -> None:
        b, rng, plan = self.b, self.rng, self.plan
        done = s.on_time + s.late
        opened = int(done * 0.7)
        refuse = int((done - opened) * 0.3)
        new = s.received
        shown_new = new
        if plan.text_table:
            shown_new = new + rng.randint(1, max(3, new))
        tpl = rng.choice(P.LEGACY_APPLY)
        txt = self.fill(tpl, new=shown_new, open=opened, refuse=refuse, none=done - opened - refuse,
                        open_plus=s.on_time, rest=s.late)
        p = b.para([txt], "l_apply", title)
        if plan.text_table:
            i = txt.find("政府信息公开申请")
            m = re.compile(r"\d+件").search(txt, i)
            b.mark("text-table-mismatch", p.line, i, m.end(), title, quantity="received", prose=shown_new, table=new,
                   table_section="统计表")
