#!/usr/bin/env python3
"""How soon a change one process commits is served by others on the same database.

  python3 bench/propagation.py [--binary .build/release/pactwatch] [--trials 5] [--postgres URL]

Each trial: a fresh database; two `pactwatch serve` processes on it (the first seeds the bundled
record); then `pactwatch import Tests/Fixtures/valid` in a third process. Measured from the moment
the import process exits until both servers' /api/v1/events report the six new events (polled
every 5 ms). Beside it, in the same trial on SQLite, Datasette serving the same file (it opens the
file on each request, so it is the floor for "served as soon as committed"). On PostgreSQL
(`--postgres` or $PACTWATCH_TEST_POSTGRES, a server URL whose user may create databases) the
servers learn of the commit by LISTEN/NOTIFY. Prints a Markdown table.
Needs: a release build, datasette (PyPI).
"""
import argparse, json, os, shutil, statistics, subprocess, sys, tempfile, time, urllib.parse, urllib.request

sys.path.insert(0, os.path.dirname(__file__))
from run import free_port, wait_http  # noqa: E402

FIXTURE = os.path.join(os.path.dirname(__file__), "..", "Tests", "Fixtures", "valid")


def total(url):
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return json.load(r)
    except Exception:
        return None


def pactwatch_events(base):
    body = total(base + "/api/v1/events?limit=1")
    return body and body.get("total")


def datasette_events(base, name):
    body = total(f"{base}/{name}.json?sql=select+count(*)+as+n+from+events&_shape=array")
    return body and body[0]["n"]


def serve(binary, db):
    port = free_port()
    p = subprocess.Popen([binary, "serve", "--db", db, "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    wait_http(base + "/api/v1/status")
    return p, base


def until(readers, expected, limit=30):
    """Seconds until every reader returns `expected`, each timed on its own."""
    start, pending, done = time.perf_counter(), dict(readers), {}
    while pending and time.perf_counter() - start < limit:
        for name, read in list(pending.items()):
            if read() == expected:
                done[name] = time.perf_counter() - start
                del pending[name]
        time.sleep(0.005)
    return {name: done.get(name) for name in readers}


def trial(binary, db, with_datasette):
    a, base_a = serve(binary, db)
    b, base_b = serve(binary, db)
    children = [a, b]
    readers = {"a": lambda: pactwatch_events(base_a), "b": lambda: pactwatch_events(base_b)}
    try:
        before = pactwatch_events(base_a)
        if with_datasette:
            port = free_port()
            d = subprocess.Popen(["datasette", "serve", db, "--port", str(port), "--setting", "sql_time_limit_ms", "5000"],
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            children.append(d)
            base_d = f"http://127.0.0.1:{port}"
            wait_http(base_d + "/-/versions.json")
            stem = os.path.splitext(os.path.basename(db))[0]
            readers["datasette"] = lambda: datasette_events(base_d, stem)
        subprocess.run([binary, "import", FIXTURE, "--db", db], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        seen = until(readers, before + 6)
        # Served by Pactwatch once both servers serve it.
        both = None if seen["a"] is None or seen["b"] is None else max(seen["a"], seen["b"])
        return {"pactwatch": both, "datasette": seen.get("datasette")}
    finally:
        for c in children:
            c.terminate(); c.wait()


def summary(values):
    seen = [v for v in values if v is not None]
    if len(seen) < len(values):
        return f"{len(values) - len(seen)} of {len(values)} never served"
    return f"{statistics.median(seen) * 1000:.0f} ms (max {max(seen) * 1000:.0f} ms)"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--binary", default=".build/release/pactwatch")
    ap.add_argument("--trials", type=int, default=5)
    ap.add_argument("--postgres", default=os.environ.get("PACTWATCH_TEST_POSTGRES"))
    args = ap.parse_args()
    have_datasette = shutil.which("datasette") is not None
    rows = []
    work = tempfile.mkdtemp(prefix="pactwatch-propagation-")
    results = {"pactwatch": [], "datasette": []}
    for i in range(args.trials):
        print(f"SQLite trial {i + 1} of {args.trials}", file=sys.stderr)
        r = trial(args.binary, os.path.join(work, f"t{i}.sqlite"), have_datasette)
        for k in results:
            results[k].append(r[k])
    rows.append(("SQLite, two `serve`s", summary(results["pactwatch"])))
    if have_datasette:
        rows.append(("SQLite, Datasette on the same file", summary(results["datasette"])))
    if args.postgres:
        served = []
        for i in range(args.trials):
            print(f"PostgreSQL trial {i + 1} of {args.trials}", file=sys.stderr)
            name = f"pactwatch_propagation_{os.getpid()}_{i}"
            subprocess.run(["psql", args.postgres, "-qc", f"CREATE DATABASE {name}"], check=True)
            url = urllib.parse.urlsplit(args.postgres)._replace(path="/" + name).geturl()
            try:
                served.append(trial(args.binary, url, False)["pactwatch"])
            finally:
                subprocess.run(["psql", args.postgres, "-qc", f"DROP DATABASE {name} WITH (FORCE)"], check=True)
        rows.append(("PostgreSQL, two `serve`s (LISTEN/NOTIFY)", summary(served)))
    shutil.rmtree(work, ignore_errors=True)
    print(f"| Committed by `import`, served by every reader ({args.trials} trials, median) | |")
    print("|---|---|")
    for name, value in rows:
        print(f"| {name} | {value} |")


if __name__ == "__main__":
    main()
