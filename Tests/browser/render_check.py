#!/usr/bin/env python3
"""Real-browser and real-parser checks of a running Pactwatch server.

Renders pages and a chart to PNG with Debian's headless chromium and checks each render is not
blank; parses every Atom feed with feedparser and checks it is well-formed with entries.

Usage: render_check.py BASE_URL OUTPUT_DIR
"""
import os, subprocess, sys

import feedparser
from PIL import Image

BASE, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
PAGES = {  # name: (path, window size)
    "dashboard": ("/?as_of=2026-11-29", "1200,1600"),
    "commitment": ("/commitments/security-guarantees-treaty?lang=ru", "1200,1600"),
    "chart": ("/charts/burnup.svg?instrument=main-directions-2021-2023", "740,320"),
}
FEEDS = ["/changes.atom", "/parties/RU/changes.atom", "/parties/BY/changes.atom",
         "/instruments/treaty-1999/changes.atom", "/commitments/security-guarantees-treaty/changes.atom",
         "/areas/energy/changes.atom", "/changes.atom?lang=ru", "/search/changes.atom?q=%D0%B3%D0%B0%D0%B7"]

failures = []
for name, (path, size) in PAGES.items():
    png = os.path.join(OUT, name + ".png")
    run = subprocess.run(["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                          f"--window-size={size}", f"--screenshot={png}", BASE + path],
                         capture_output=True, text=True, timeout=120)
    if not os.path.exists(png):
        failures.append(f"{name}: chromium wrote no screenshot ({run.stderr.strip()[-300:]})")
        continue
    image = Image.open(png).convert("L")
    pixels = image.tobytes()
    inked = sum(1 for p in pixels if p < 200) / len(pixels)
    shades = len(set(pixels))
    # A blank or error-free-but-empty render is nearly all one shade.
    if inked < 0.005 or shades < 8:
        failures.append(f"{name}: the render looks blank ({inked:.2%} inked, {shades} shades)")
    else:
        print(f"render {name}: {inked:.1%} of pixels inked, {shades} shades ({png})")

for path in FEEDS:
    feed = feedparser.parse(BASE + path)
    if feed.bozo:
        failures.append(f"{path}: feedparser refused it: {feed.bozo_exception}")
    elif feed.version != "atom10" or not feed.entries:
        failures.append(f"{path}: expected an Atom 1.0 feed with entries, got {feed.version!r} with {len(feed.entries)}")
    elif any(not e.get("published") or not e.get("updated") for e in feed.entries):
        failures.append(f"{path}: an entry lacks <published> or <updated>")
    else:
        kinds = sorted({t.term for e in feed.entries for t in e.get("tags", [])})
        print(f"feed {path}: Atom 1.0, {len(feed.entries)} entries ({', '.join(kinds)})")

ids = {feedparser.parse(BASE + p).feed.get("id") for p in ["/changes.atom", "/changes.atom?lang=ru"]}
if len(ids) != 2:
    failures.append(f"the English and the Russian feed share an id: {ids}")

if failures:
    print("\n".join(failures))
    sys.exit(1)
print("browser renders and feeds: all good")
