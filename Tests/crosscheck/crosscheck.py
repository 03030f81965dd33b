#!/usr/bin/env python3
"""Independent check of Pactwatch's figures.

Generates random dataset folders (seeded), imports each with `pactwatch import`, and compares
`pactwatch status --json` for many as-of dates, overall, per party and per instrument (and
restricted with --party / --instrument), with figures computed here straight from the text of
DESIGN.md, "How figures are computed". Nothing here is shared with the Swift code.

Usage: crosscheck.py PACTWATCH_BINARY [--seeds N] [--folder DATASET]
With --folder, the given dataset folder (the bundled record) is checked too: every instrument at
each year's end from 2019 to 2026, and the whole record, a party and an instrument on 40 of its
event days.
Exits 0 when every figure agrees, 1 with the first disagreements otherwise.
"""
import csv, datetime as dt, json, math, os, random, subprocess, sys, tempfile

from scipy.stats import gamma

STAGE_WEIGHT = {"not_started": 0, "in_preparation": 0.25, "adopted": 0.75, "in_force": 1, "applied": 1, "abandoned": 0}
STAGES = list(STAGE_WEIGHT)
IMPLEMENTED = {"in_force", "applied"}


def last_day(text):
    """A partial date stands for the last day of its period."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        y, m = parts
        return (dt.date(y + (m == 12), m % 12 + 1, 1)) - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def random_partial(rng, start, end):
    d = start + dt.timedelta(days=rng.randrange((end - start).days))
    r = rng.random()
    return d.isoformat() if r < 0.7 else d.strftime("%Y-%m") if r < 0.9 else str(d.year)


def owing_parties(instruments):
    """A commitment's owing parties: its own list, else the nearest instrument's up the parents."""
    by_id = {x["id"]: x for x in instruments}

    def owing(c):
        if c["parties"]:
            return c["parties"].split(";")
        inst = by_id[c["instrument"]]
        while inst:
            if inst["parties"]:
                return inst["parties"].split(";")
            inst = by_id.get(inst["parent"])
        return []
    return owing


def generate(rng, folder):
    parties = [f"P{i}" for i in range(rng.randint(2, 5))]
    start, end = dt.date(2018, 1, 1), dt.date(2027, 12, 31)
    instruments = []
    for i in range(rng.randint(3, 8)):
        parent = rng.choice([x["id"] for x in instruments]) if instruments and rng.random() < 0.7 else ""
        owing = ";".join(rng.sample(parties, rng.randint(1, len(parties)))) if not parent or rng.random() < 0.3 else ""
        instruments.append({"id": f"I{i}", "kind": "programme", "title": f"Instrument {i}", "parent": parent,
                            "adopted": random_partial(rng, start, end) if rng.random() < 0.6 else "",
                            "parties": owing or ("" if parent else parties[0]), "sources": "s"})
    commitments = []
    for i in range(rng.randint(5, 25)):
        mode = "joint" if rng.random() < 0.3 else "each"
        commitments.append({"id": f"C{i}", "instrument": rng.choice(instruments)["id"], "title": f"Commitment {i}",
                            "area": rng.choice(["a", "b", "c"]), "mode": mode,
                            "parties": ";".join(rng.sample(parties, rng.randint(1, len(parties)))) if rng.random() < 0.4 else "",
                            "deadline": random_partial(rng, start, end) if rng.random() < 0.8 else "",
                            "weight": rng.choice(["1", "2", "0.5", "3"]), "sources": "s"})

    owing = owing_parties(instruments)

    events = []
    for i in range(rng.randint(20, 120)):
        c = rng.choice(commitments)
        party = "" if c["mode"] == "joint" else rng.choice(owing(c))
        date = random_partial(rng, start, end)
        if events and rng.random() < 0.1:  # same day as an earlier event of the same obligation
            same = [e for e in events if e["commitment"] == c["id"] and e["party"] == party and e["stage"]]
            if same:
                date = rng.choice(same)["date"]
        e = {"id": f"E{i}", "date": date, "commitment": c["id"], "party": party, "stage": "", "deadline": "",
             "sources": "s", "retracts": ""}
        r = rng.random()
        if r < 0.15:
            e["deadline"] = random_partial(rng, start, end)
            if c["mode"] == "each" and rng.random() < 0.5:
                e["party"] = ""  # moves the deadline for every owing party
        else:
            e["stage"] = rng.choice(STAGES)
        if events and rng.random() < 0.1:
            target = rng.choice([x for x in events if x["commitment"] == c["id"]] or [None])
            if target:
                e["retracts"] = target["id"]
                if rng.random() < 0.5:
                    e["stage"], e["deadline"], e["party"] = "", "", ""  # a pure correction
        events.append(e)

    def write(name, rows, columns):
        with open(os.path.join(folder, name), "w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=columns, lineterminator="\r\n")
            w.writeheader()
            w.writerows(rows)

    write("parties.csv", [{"id": p, "name": p} for p in parties], ["id", "name"])
    write("sources.csv", [{"id": "s", "url": "https://example.org/s"}], ["id", "url"])
    write("instruments.csv", instruments, ["id", "kind", "title", "parent", "adopted", "parties", "sources"])
    write("commitments.csv", commitments, ["id", "instrument", "title", "area", "mode", "parties", "deadline", "weight", "sources"])
    write("events.csv", events, ["id", "date", "commitment", "party", "stage", "deadline", "sources", "retracts"])
    return parties, instruments, commitments, events, owing


def read_folder(folder):
    """A dataset folder as `generate` returns one: only the columns the figures use."""
    def rows(name):
        with open(os.path.join(folder, name), newline="", encoding="utf-8-sig") as f:
            return list(csv.DictReader(f))
    parties = [r["id"] for r in rows("parties.csv")]
    instruments = [{k: r.get(k, "") for k in ["id", "parent", "adopted", "parties"]} for r in rows("instruments.csv")]
    commitments = [{**{k: r.get(k, "") for k in ["id", "instrument", "mode", "parties", "deadline"]},
                    "mode": r.get("mode") or "each", "weight": r.get("weight") or "1"} for r in rows("commitments.csv")]
    events = [{k: r.get(k, "") for k in ["id", "date", "commitment", "party", "stage", "deadline", "retracts"]} for r in rows("events.csv")]
    return parties, instruments, commitments, events, owing_parties(instruments)


def check(binary, db, data, days, rng, label, problems, every_instrument=False):
    """Compares status --json with the computation here on each day; returns the reports checked."""
    parties, instruments, commitments, events, owing = data
    checked = 0
    for D in days:
        restrictions = [((), [])]
        p = rng.choice(parties)
        restrictions.append(((("party", p),), ["--party", p]))
        for x in ([i["id"] for i in instruments] if every_instrument else [rng.choice(instruments)["id"]])[:40]:
            restrictions.append(((("instrument", x),), ["--instrument", x]))
        for within, flags in restrictions:
            out = subprocess.run([binary, "status", "--db", db, "--json", "--as-of", D.isoformat()] + flags,
                                 capture_output=True, text=True, check=True)
            actual = json.loads(out.stdout)
            expected = compute(parties, instruments, commitments, events, owing, D, within)
            compare(expected, actual, f"{label} as of {D} {' '.join(flags)}", problems)
            checked += 1
    return checked


def figures(obligations, D):
    """Every figure of DESIGN.md over a list of obligation states as of D; None for no data."""
    if not obligations:
        return {"obligations": 0, "progress": None, "implemented": None, "due": None, "deficit": None,
                "long_overdue": None, "stalled": None, "velocity": None, "asymmetry": None, "forecast": None,
                "evidenced": None, "coverage": None, "at_risk": None, "children": None, "children_completed": None,
                "by_stage": {s: 0 for s in STAGES}}
    W = sum(o["w"] for o in obligations)
    due = [o for o in obligations if o["deadline"] is not None and o["deadline"] <= D]
    overdue = [o for o in due if o["stage"] not in IMPLEMENTED]
    velocity = sum(1 for o in obligations if o["first_impl"] is not None and D - dt.timedelta(days=365) < o["first_impl"] <= D)
    remaining = sum(1 for o in obligations if o["stage"] not in IMPLEMENTED and o["stage"] != "abandoned")
    if remaining == 0:
        forecast = {"date": D.isoformat(), "earliest": D.isoformat(), "latest": D.isoformat()}
    elif velocity == 0:
        forecast = None
    else:
        lo, hi = gamma.ppf(0.1, velocity), gamma.ppf(0.9, velocity + 1)
        after = lambda rate: (D + dt.timedelta(days=int(math.floor(remaining / rate * 365 + 0.5)))).isoformat()
        forecast = {"date": after(velocity), "earliest": after(hi), "latest": after(lo)}
    return {
        "obligations": len(obligations),
        "by_stage": {s: sum(1 for o in obligations if o["stage"] == s) for s in STAGES},
        "progress": sum(o["w"] * STAGE_WEIGHT[o["stage"]] for o in obligations) / W,
        "implemented": sum(o["w"] for o in obligations if o["stage"] in IMPLEMENTED) / W,
        "due": len(due),
        "deficit": len(overdue) / len(due) if due else None,
        "long_overdue": sum(1 for o in obligations if o["stage"] not in IMPLEMENTED and o["deadline"] is not None
                            and o["deadline"] <= D - dt.timedelta(days=730)),
        "stalled": sum(1 for o in obligations if o["stage"] in ("in_preparation", "adopted")
                       and (D - o["since"]).days > 270),
        "velocity": velocity,
        "asymmetry": None,  # filled by the caller, which sees whole commitments
        "forecast": forecast,
        # A counting stage event of any stage, an explicit not_started included.
        "evidenced": sum(1 for o in obligations if o["since"] is not None),
        "coverage": sum(1 for o in obligations if o["since"] is not None) / len(obligations),
        "at_risk": sum(1 for o in obligations if o["stage"] not in IMPLEMENTED and o["stage"] != "abandoned"
                       and o["deadline"] is not None and D < o["deadline"] <= D + dt.timedelta(days=90)),
        "children": None,  # instrument scopes only: filled by the caller
        "children_completed": None,
    }


def compute(parties, instruments, commitments, events, owing, D, within=()):
    by_id = {x["id"]: x for x in instruments}
    retracted = {e["retracts"] for e in events if e["retracts"]}
    counting = [(i, e) for i, e in enumerate(events) if e["id"] not in retracted and last_day(e["date"]) <= D]
    lineage = {}
    for x in instruments:
        chain, cur = [], x
        while cur:
            chain.append(cur["id"])
            cur = by_id.get(cur["parent"])
        lineage[x["id"]] = chain
    states = []  # (commitment, party or None, state)
    for c in commitments:
        adopted = by_id[c["instrument"]]["adopted"]
        if adopted and last_day(adopted) > D:
            continue
        for party in ([None] if c["mode"] == "joint" else owing(c)):
            mine = lambda e: e["commitment"] == c["id"] and (e["party"] or None) == party
            stage_events = sorted([(last_day(e["date"]), i, e) for i, e in counting if mine(e) and e["stage"]], key=lambda t: (t[0], t[1]))
            deadline_events = sorted([(last_day(e["date"]), i, e) for i, e in counting
                                      if e["commitment"] == c["id"] and e["deadline"] and (e["party"] in ("", party))],
                                     key=lambda t: (t[0], t[1]))
            first_impl = min((d for d, i, e in stage_events if e["stage"] in IMPLEMENTED), default=None)
            states.append((c, party, {
                "w": float(c["weight"]),
                "stage": stage_events[-1][2]["stage"] if stage_events else "not_started",
                "since": stage_events[-1][0] if stage_events else None,
                "deadline": last_day(deadline_events[-1][2]["deadline"]) if deadline_events else (last_day(c["deadline"]) if c["deadline"] else None),
                "first_impl": first_impl,
            }))

    def member(c, party, scope):
        kind, value = scope
        if kind == "party":
            return party == value if party else value in owing(c)
        if kind == "instrument":
            return value in lineage[c["instrument"]]
        return True

    def chosen_in(scopes):
        return [(c, p, s) for c, p, s in states if all(member(c, p, sc) for sc in scopes)]

    def scoped(extra):
        scopes = list(within) + ([extra] if extra else [])
        chosen = chosen_in(scopes)
        f = figures([s for _, _, s in chosen], D)
        if chosen:
            ids = {c["id"] for c, _, _ in chosen}
            f["asymmetry"] = sum(1 for c in commitments if c["id"] in ids and c["mode"] == "each"
                                 and len({s["stage"] for cc, _, s in states if cc["id"] == c["id"]}) > 1)
            # The instrument this scope is: its direct children with obligations, and those all implemented.
            own = [v for k, v in within if k == "instrument"]
            target = extra[1] if extra and extra[0] == "instrument" else (own[0] if extra is None and len(own) == 1 else None)
            if target is not None:
                kids = [chosen_in(scopes + [("instrument", x["id"])]) for x in instruments if x["parent"] == target]
                kids = [k for k in kids if k]
                f["children"] = len(kids)
                f["children_completed"] = sum(1 for k in kids if all(s["stage"] in IMPLEMENTED for _, _, s in k))
        return f

    result = scoped(None)
    result["parties"] = {p: scoped(("party", p)) for p in parties}
    result["instruments"] = {x["id"]: scoped(("instrument", x["id"])) for x in instruments}
    return result


def compare(expected, actual, path, problems):
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            problems.append(f"{path}: expected {expected!r}, got {actual!r}")
            return
        for k, v in expected.items():
            if k in ("earliest", "latest") and isinstance(v, str):
                # Interval ends may differ by a day where the quantile sits on a rounding boundary.
                got = dt.date.fromisoformat(actual[k])
                if abs((got - dt.date.fromisoformat(v)).days) > 1:
                    problems.append(f"{path}.{k}: expected {v}, got {actual[k]}")
                continue
            if actual is None or k not in actual:
                problems.append(f"{path}.{k}: missing in pactwatch's answer (expected {v})")
            else:
                compare(v, actual[k], f"{path}.{k}", problems)
    elif isinstance(expected, float) and actual is not None:
        if abs(expected - actual) > 1e-9:
            problems.append(f"{path}: expected {expected}, got {actual}")
    elif expected != actual:
        problems.append(f"{path}: expected {expected!r}, got {actual!r}")


def main():
    binary = sys.argv[1]
    seeds = int(sys.argv[sys.argv.index("--seeds") + 1]) if "--seeds" in sys.argv else 12
    problems, checked = [], 0
    for seed in range(seeds):
        rng = random.Random(seed)
        with tempfile.TemporaryDirectory() as tmp:
            folder = os.path.join(tmp, "data")
            os.mkdir(folder)
            parties, instruments, commitments, events, owing = generate(rng, folder)
            db = os.path.join(tmp, "x.sqlite")
            run = subprocess.run([binary, "import", folder, "--db", db], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"seed {seed}: import refused a valid generated dataset:\n{run.stderr}")
                return 1
            days = [dt.date(2017, 6, 1) + dt.timedelta(days=rng.randrange(365 * 11)) for _ in range(6)]
            days += [last_day(e["date"]) for e in rng.sample(events, 3)]
            # The at-risk window's edges: 90 and 91 days before a deadline, and the day before it.
            for c in rng.sample([c for c in commitments if c["deadline"]], 2):
                deadline = last_day(c["deadline"])
                days += [deadline - dt.timedelta(days=90), deadline - dt.timedelta(days=91), deadline - dt.timedelta(days=1)]
            checked += check(binary, db, (parties, instruments, commitments, events, owing), days, rng, f"seed {seed}", problems)
    if "--folder" in sys.argv:
        folder = sys.argv[sys.argv.index("--folder") + 1]
        with tempfile.TemporaryDirectory() as tmp:
            db = os.path.join(tmp, "folder.sqlite")
            run = subprocess.run([binary, "import", folder, "--db", db], capture_output=True, text=True)
            if run.returncode != 0:
                print(f"{folder}: import refused it:\n{run.stderr}")
                return 1
            data = read_folder(folder)
            year_ends = [dt.date(y, 12, 31) for y in range(2019, 2027)]
            rng = random.Random(0)
            days = rng.sample(sorted({last_day(e["date"]) for e in data[3]}), 40)
            checked += check(binary, db, data, year_ends, rng, folder, problems, every_instrument=True)
            checked += check(binary, db, data, days, rng, folder, problems)
    if problems:
        print("\n".join(problems[:40]))
        print(f"{len(problems)} disagreements in {checked} status reports")
        return 1
    also = f" and {sys.argv[sys.argv.index('--folder') + 1]}" if "--folder" in sys.argv else ""
    print(f"figures agree: {checked} status reports over {seeds} generated datasets{also}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
