#!/usr/bin/env python3
"""What one client can make the server spend: the probes of the hardening issue, as numbers.

  python3 bench/availability.py [--binary .build/release/pactwatch] [--parties 27] [--commitments 2500]

Generates a dataset (27 x 2,500 commitments: about 200k events), imports it into a fresh SQLite
file, starts `serve`, then measures on loopback:
- memory: serve's resident set before and after 64 downloads of /data/events.csv, each with its
  own junk parameter (?n=1..64), and its peak (VmHWM);
- time per request (median of 5) of one API item deep in the ledger (?limit=1&offset=N), of the
  incremental sync (?since=N), of a feed and a data file with a junk parameter, and of the
  dashboard as the baseline;
- `check` of a 2,000-deep instrument chain (refused at its 17th level) and of a 2,000-long cycle.
Prints a Markdown table.
"""
import argparse, os, socket, statistics, subprocess, sys, tempfile, time, urllib.request

def free_port():
    s = socket.socket(); s.bind(("127.0.0.1", 0)); port = s.getsockname()[1]; s.close(); return port

def rss(pid, key="VmRSS"):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"): return int(line.split()[1]) // 1024
    return 0

def timed(url, n=5):
    times = []
    for _ in range(n):
        start = time.perf_counter()
        with urllib.request.urlopen(url) as r: r.read()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)

def chain(folder, n, cycle):
    os.makedirs(folder, exist_ok=True)
    open(f"{folder}/parties.csv", "w").write("id,name\nRU,Russia\n")
    open(f"{folder}/sources.csv", "w").write("id,url\ns,https://example.org/\n")
    with open(f"{folder}/instruments.csv", "w") as f:
        f.write("id,kind,title,parent,parties\n")
        for i in range(n):
            parent = f"i{n - 1}" if i == 0 and cycle else ("" if i == 0 else f"i{i - 1}")
            f.write(f"i{i},programme,I{i},{parent},RU\n")
    with open(f"{folder}/commitments.csv", "w") as f:
        f.write("id,instrument,title\n")
        for i in range(n): f.write(f"c{i},i{i},C{i}\n")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=".build/release/pactwatch")
    ap.add_argument("--parties", type=int, default=27)
    ap.add_argument("--commitments", type=int, default=2500)
    a = ap.parse_args()
    work = tempfile.mkdtemp(prefix="pactwatch-availability-")
    data, db = f"{work}/data", f"{work}/a.sqlite"
    subprocess.run([a.binary, "generate", data, "--parties", str(a.parties), "--commitments", str(a.commitments)], check=True, capture_output=True)
    subprocess.run([a.binary, "import", data, "--db", db], check=True, capture_output=True)
    events = sum(1 for _ in open(f"{data}/events.csv")) - 1
    port = free_port(); base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen([a.binary, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(600):
            try: urllib.request.urlopen(base + "/static/pactwatch.css").read(); break
            except Exception: time.sleep(0.05)
        rows = []
        rows.append(("dashboard `/` (baseline)", f"{timed(base + '/?as_of=2024-01-01'):.1f} ms"))
        deep = events - 10
        rows.append((f"`/api/v1/events?limit=1&offset={deep}` (first, then cached: first shown)", f"{timed(base + f'/api/v1/events?limit=1&offset={deep}', 1):.1f} ms"))
        rows.append((f"`/api/v1/events?since=N`, a new N each time", f"{statistics.median(timed(base + f'/api/v1/events?since={events - 100 - i}', 1) for i in range(5)):.1f} ms"))
        rows.append(("`/changes.atom?junk=N`, a new N each time", f"{statistics.median(timed(base + f'/changes.atom?junk={i}', 1) for i in range(5)):.1f} ms"))
        rows.append(("`/data/events.csv?junk=N` (streamed whole, each time)", f"{statistics.median(timed(base + f'/data/events.csv?junk={i}', 1) for i in range(3)):.0f} ms"))
        before = rss(server.pid)
        for n in range(1, 65):
            with urllib.request.urlopen(base + f"/data/events.csv?n={n}") as r: r.read()
        after, peak = rss(server.pid), rss(server.pid, "VmHWM")
        rows.append(("serve RSS before / after 64 × `/data/events.csv?n=1…64` (peak)", f"{before} MB / {after} MB ({peak} MB)"))
    finally:
        server.terminate(); server.wait()
    for name, cycle in [("a 2,000-deep instrument chain", False), ("a 2,000-long parent cycle", True)]:
        folder = f"{work}/{'cycle' if cycle else 'deep'}"
        chain(folder, 2000, cycle)
        start = time.perf_counter()
        r = subprocess.run([a.binary, "check", folder], capture_output=True, text=True)
        rows.append((f"`check` of {name}", f"{(time.perf_counter() - start) * 1000:.0f} ms, {r.stderr.count(chr(10)) - 1} problem line(s)"))
    print(f"{events:,} events ({a.parties} parties × {a.commitments:,} commitments), `{a.binary}`\n")
    print("| probe | result |\n|---|---|")
    for name, value in rows: print(f"| {name} | {value} |")

if __name__ == "__main__":
    main()
