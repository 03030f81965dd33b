#!/usr/bin/env python3
"""Pactwatch benchmarks, each beside the tool a user would pick instead, in the same run.

  python3 bench/run.py [--sizes small,medium,large] [--binary .build/release/pactwatch] [--out BENCHMARKS.md]

Sizes: small = the bundled union-state dataset; medium = 27 parties x 1,000 commitments;
large = 30 x 10,000 (about 1.5M events), made by `pactwatch generate`. For each size:
- import throughput (events/s): `pactwatch import` vs the sqlite3 shell's `.import` (the floor)
  and `sqlite-utils insert` (what a journalist would use), loading the same CSV files;
- all figures (whole dataset, every party, every instrument) as of a date: cold = a fresh
  `pactwatch status --json` process (median of three); warm = the running server's /api/v1/status, snapshot in
  memory, each request a new date so nothing is served from the rendered-page cache (median of 20),
  vs the same aggregate as SQL run by the sqlite3 shell on the same data (median of three);
- HTTP requests/s and p50/p99 latency with wrk on loopback for the dashboard and /api/v1/status,
  vs Datasette serving the same SQLite file with the equivalent canned query;
- peak resident memory (VmHWM) of `serve` after its load.
Needs: sqlite3 and wrk (Debian), sqlite-utils and datasette (PyPI).
"""
import argparse, csv, json, os, platform, re, shutil, signal, socket, statistics, subprocess, sys, tempfile, time, urllib.request

AS_OF = "2024-06-30"
# The aggregate a journalist would write by hand over the raw tables: each obligation's latest
# non-retracted stage event on or before the date, progress and implemented share per party.
# (Simpler than Pactwatch's rules: no partial-date last-day rule, no inherited parties, no
# obligations without events; it is the peer's floor, not its equal.)
SQL = f"""
WITH counting AS (
  SELECT commitment, party, stage, date, rowid AS seq FROM events
  WHERE stage != '' AND date <= '{AS_OF}' AND id NOT IN (SELECT retracts FROM events WHERE retracts != '')
), latest AS (
  SELECT commitment, party, stage,
         ROW_NUMBER() OVER (PARTITION BY commitment, party ORDER BY date DESC, seq DESC) AS n
  FROM counting
)
SELECT party, COUNT(*) AS obligations,
       AVG(CASE stage WHEN 'in_preparation' THEN 0.25 WHEN 'adopted' THEN 0.75 WHEN 'in_force' THEN 1 WHEN 'applied' THEN 1 ELSE 0 END) AS progress,
       AVG(CASE WHEN stage IN ('in_force', 'applied') THEN 1.0 ELSE 0 END) AS implemented
FROM latest WHERE n = 1 GROUP BY party ORDER BY party
"""
TABLES = ["parties", "sources", "instruments", "commitments", "acts", "events", "claims"]


def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port


def wait_http(url, timeout=120):
    end = time.time() + timeout
    while time.time() < end:
        try:
            urllib.request.urlopen(url, timeout=5).read(); return
        except Exception:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def timed(cmd, **kw):
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - start


def wrk(url, seconds):
    out = subprocess.run(["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "30s", "--latency", url], capture_output=True, text=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    def lat(p):
        m = re.search(rf"\s{p}%\s+([\d.]+)(us|ms|s)\b", out)
        if not m:
            return float("nan")
        v, unit = float(m.group(1)), m.group(2)
        return v / 1000 if unit == "us" else v * 1000 if unit == "s" else v
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return rps, lat(50), lat(99), int(errors.group(1)) if errors else 0


def rss_peak(pid):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def count_events(folder):
    with open(os.path.join(folder, "events.csv"), "rb") as f:
        return sum(1 for _ in f) - 1  # generated folders hold no multi-line fields


def first_party(folder):
    with open(os.path.join(folder, "parties.csv"), newline="", encoding="utf-8") as f:
        return next(csv.DictReader(f))["id"]


def run_size(name, folder, binary, work, seconds):
    print(f"== {name}: {folder}", file=sys.stderr)
    events = count_events(folder)
    row = {"size": name, "events": events}
    db = os.path.join(work, f"{name}.sqlite")
    row["import_pactwatch"] = events / timed([binary, "import", folder, "--db", db])
    raw = os.path.join(work, f"{name}-shell.sqlite")
    script = "".join(f".import --csv {os.path.join(folder, t + '.csv')} {t}\n" for t in TABLES if os.path.exists(os.path.join(folder, t + ".csv")))
    row["import_sqlite3"] = events / timed(["sqlite3", raw], input=script.encode())
    utils = os.path.join(work, f"{name}-utils.sqlite")
    start = time.perf_counter()
    for t in TABLES:
        path = os.path.join(folder, t + ".csv")
        if os.path.exists(path):
            subprocess.run(["sqlite-utils", "insert", utils, t, path, "--csv"], check=True, stdout=subprocess.DEVNULL)
    row["import_sqlite_utils"] = events / (time.perf_counter() - start)

    # Each a fresh process (median of three: the first run after a bulk load is noisy while the
    # kernel writes the loaded files back).
    row["figures_cold_ms"] = 1000 * statistics.median(timed([binary, "status", "--db", db, "--json", "--as-of", AS_OF]) for _ in range(3))
    row["figures_sql_ms"] = 1000 * statistics.median(timed(["sqlite3", utils, SQL]) for _ in range(3))

    port = free_port()
    server = subprocess.Popen([binary, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_http(base + "/static/pactwatch.css")
        urllib.request.urlopen(f"{base}/api/v1/status?as_of={AS_OF}", timeout=600).read()
        samples = []
        for day in range(1, 21):
            start = time.perf_counter()
            urllib.request.urlopen(f"{base}/api/v1/status?as_of=2024-05-{day:02d}", timeout=600).read()
            samples.append(1000 * (time.perf_counter() - start))
        row["figures_warm_ms"] = statistics.median(samples)
        row["dashboard"] = wrk(f"{base}/?as_of={AS_OF}", seconds)
        row["api_status"] = wrk(f"{base}/api/v1/status?as_of={AS_OF}", seconds)
        # An index page: commitments filtered by a party, faceted, sorted by deadline, 50 a page.
        listing = f"{base}/commitments?party={first_party(folder)}&sort=-deadline&as_of={AS_OF}"
        start = time.perf_counter()
        urllib.request.urlopen(listing, timeout=600).read()
        row["listing_first_ms"] = 1000 * (time.perf_counter() - start)
        row["listing"] = wrk(listing, seconds)
        row["rss_mb"] = rss_peak(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill(); server.wait()

    meta = os.path.join(work, f"{name}-datasette.json")
    json.dump({"databases": {os.path.basename(utils)[:-7]: {"queries": {"progress": {"sql": SQL}}}}}, open(meta, "w"))
    port = free_port()
    # Facet suggestions off: Datasette would otherwise try a facet on every column of every table
    # view, which is what makes its table view slow; the peer gets the benefit of the doubt.
    datasette = subprocess.Popen(["datasette", "serve", utils, "--port", str(port), "--metadata", meta, "--setting", "sql_time_limit_ms", "60000",
                                  "--setting", "suggest_facets", "off"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/{os.path.basename(utils)[:-7]}/progress.json"
        wait_http(url, timeout=300)
        # Datasette's own table view of the same rows: faceted by area, sorted by deadline, 50 a page.
        # Measured first: the canned query's slow requests would still be running after its wrk ends.
        row["datasette_facets"] = wrk(
            f"http://127.0.0.1:{port}/{os.path.basename(utils)[:-7]}/commitments.json?_facet=area&_sort_desc=deadline&_size=50", seconds)
        row["datasette"] = wrk(url, seconds)
    finally:
        datasette.terminate()
        try:
            datasette.wait(timeout=10)
        except subprocess.TimeoutExpired:
            datasette.kill(); datasette.wait()
    print(json.dumps(row), file=sys.stderr)
    return row


def ratio(a, b):
    """a / b, or "∞" when the peer answered nothing in the time given."""
    return f"{a / b:.2f}" if b else "∞"


def table(rows, binary):
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    lines = [f"Machine: {os.cpu_count()} cores, {cpu}; {platform.system()} {platform.release()}. Binary: `{binary}`. As of {AS_OF}.", "",
             "| size | events | import ev/s: pactwatch | sqlite3 .import | sqlite-utils | all figures: cold ms | warm ms | sqlite3 SQL ms | dashboard req/s (p50/p99 ms) | /api/v1/status req/s (p50/p99 ms) | Datasette canned query req/s (p50/p99 ms) | commitments listing: first ms | req/s (p50/p99 ms) | Datasette faceted table req/s (p50/p99 ms) | serve peak RSS MB |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    fmt = lambda w: f"{w[0]:,.0f} ({w[1]:.2f}/{w[2]:.2f})" + (f", {w[3]} errors" if w[3] else "")
    for r in rows:
        lines.append(f"| {r['size']} | {r['events']:,} | {r['import_pactwatch']:,.0f} | {r['import_sqlite3']:,.0f} | {r['import_sqlite_utils']:,.0f} | "
                     f"{r['figures_cold_ms']:,.0f} | {r['figures_warm_ms']:,.1f} | {r['figures_sql_ms']:,.0f} | {fmt(r['dashboard'])} | {fmt(r['api_status'])} | "
                     f"{fmt(r['datasette'])} | {r['listing_first_ms']:,.0f} | {fmt(r['listing'])} | {fmt(r['datasette_facets'])} | {r['rss_mb']:,.0f} |")
    lines += ["", "Ratios to the peers (above 1: Pactwatch ahead):", "",
              "| size | import vs sqlite3 .import | import vs sqlite-utils | cold figures vs SQL | warm figures vs SQL | dashboard vs Datasette | API status vs Datasette | listing vs Datasette's faceted table |",
              "|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r['size']} | {r['import_pactwatch'] / r['import_sqlite3']:.2f} | {r['import_pactwatch'] / r['import_sqlite_utils']:.2f} | "
                     f"{r['figures_sql_ms'] / r['figures_cold_ms']:.2f} | {r['figures_sql_ms'] / r['figures_warm_ms']:.2f} | "
                     f"{ratio(r['dashboard'][0], r['datasette'][0])} | {ratio(r['api_status'][0], r['datasette'][0])} | {ratio(r['listing'][0], r['datasette_facets'][0])} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="small,medium,large")
    ap.add_argument("--binary", default=".build/release/pactwatch")
    ap.add_argument("--out", default=None,
                    help="write the table here; a file holding <!-- table --> and <!-- /table --> markers keeps its prose and gets the table between them")
    ap.add_argument("--seconds", type=int, default=10, help="wrk duration per URL")
    args = ap.parse_args()
    binary = os.path.abspath(args.binary)
    for tool in ["sqlite3", "wrk", "sqlite-utils", "datasette"]:
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: apt-get install sqlite3 wrk; python3 -m pip install sqlite-utils datasette")
    work = tempfile.mkdtemp(prefix="pactwatch-bench-")
    rows = []
    for size in args.sizes.split(","):
        if size == "small":
            folder = os.path.join(work, "small")
            subprocess.run([binary, "import", "--bundled", "union-state", "--db", os.path.join(work, "bundled.sqlite")], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([binary, "export", folder, "--db", os.path.join(work, "bundled.sqlite")], check=True, stdout=subprocess.DEVNULL)
        else:
            parties, commitments = {"medium": (27, 1000), "large": (30, 10000)}[size]
            folder = os.path.join(work, size)
            subprocess.run([binary, "generate", folder, "--parties", str(parties), "--commitments", str(commitments), "--events-per", "5"],
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        rows.append(run_size(size, folder, binary, work, args.seconds))
    text = table(rows, args.binary)
    if args.out:
        old = open(args.out).read() if os.path.exists(args.out) else ""
        if "<!-- table -->" in old and "<!-- /table -->" in old:
            head, rest = old.split("<!-- table -->", 1)
            text_out = head + "<!-- table -->\n" + text + "<!-- /table -->" + rest.split("<!-- /table -->", 1)[1]
        else:
            text_out = text
        open(args.out, "w").write(text_out)
    print(text)
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
