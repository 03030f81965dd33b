#!/usr/bin/env python3
"""Real-browser layout checks of a running Pactwatch server (Debian's chromium through chromedriver).

At 390 and 1280 px, in English and Russian, for the dashboard, an instrument, a commitment, a party,
the claims and the methodology pages: the document is no wider than the viewport (nothing scrolls
sideways), the finding sentence starts above the fold where the page has one, and the claims chart is
displayed where the page has one. At 390 px every chart shows its narrow rendition at no less than its
own size, so its smallest text (11 units) is at least 11 px on screen. Every page is saved as a
screenshot in OUTPUT_DIR. Printed (print media), a page carries its as-of day and address, and
each source link its source's own address.

Usage: layout_check.py BASE_URL OUTPUT_DIR
"""
import os, sys

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service

BASE, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
os.makedirs(OUT, exist_ok=True)
PAGES = {  # name: (path, has a finding, has the claims chart)
    "dashboard": ("/", True, True),
    "instrument": ("/instruments/main-directions-2021-2023", True, True),
    "commitment": ("/commitments/security-guarantees-treaty", False, False),
    "party": ("/parties/RU", True, False),
    "claims": ("/claims", False, True),
    "methodology": ("/methodology", False, False),
    "commitments": ("/commitments?party=BY&sort=-deadline", False, False),
    "sources": ("/sources?language=ru", False, False),
    "area": ("/areas/energy", True, False),
    "compare": ("/parties/BY?compare=2023-01-01", True, False),
    "search": ("/search?q=%D0%B3%D0%B0%D0%B7", False, False),
}

options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
failures, checked = [], 0
try:
    for width in (390, 1280):
        driver.set_window_size(width, 900)
        for language in ("en", "ru"):
            for name, (path, finding, chart) in PAGES.items():
                url = f"{BASE}{path}{'&' if '?' in path else '?'}lang={language}"
                driver.get(url)
                where = f"{name} ({language}, {width} px)"
                inner = driver.execute_script("return window.innerWidth")
                scroll = driver.execute_script("return document.documentElement.scrollWidth")
                if scroll > inner:
                    failures.append(f"{where}: the document is {scroll} px wide in a {inner} px viewport")
                if finding:
                    top = driver.execute_script("var e = document.querySelector('p.finding'); return e ? e.getBoundingClientRect().top : null")
                    fold = driver.execute_script("return window.innerHeight")
                    if top is None or top >= fold:
                        failures.append(f"{where}: the finding is not above the fold (top {top}, fold {fold})")
                if chart:
                    shown = driver.execute_script(
                        "var i = document.querySelector('img[src*=\"charts/claims.svg\"]');"
                        "return !!i && i.complete && i.naturalWidth > 0 && i.getBoundingClientRect().width > 0")
                    if not shown:
                        failures.append(f"{where}: the claims chart is not displayed")
                if width < 640:
                    charts = driver.execute_script(
                        "return Array.from(document.querySelectorAll('figure.chart img')).map(function (i) {"
                        " return [i.currentSrc, i.naturalWidth, i.getBoundingClientRect().width]; })")
                    for src, natural, shown in charts:
                        if "width=narrow" not in src:
                            failures.append(f"{where}: {src} is not the narrow rendition")
                        elif natural == 0 or shown / natural < 0.999:
                            failures.append(f"{where}: {src} is shown at {shown:.0f} px of its {natural} (text under 11 px)")
                facets = driver.execute_script(
                    "var f = document.querySelector('aside.facets'), t = document.querySelector('.listed figure.table');"
                    "return f && t ? [f.getBoundingClientRect().top, t.getBoundingClientRect().top, f.getBoundingClientRect().left, t.getBoundingClientRect().left] : null")
                if facets:
                    # Beside the rows on a desktop; after them on a phone, where they would push the rows off the screen.
                    if width < 640 and facets[0] < facets[1]:
                        failures.append(f"{where}: the facets come before the rows on a phone")
                    if width >= 1024 and facets[2] >= facets[3]:
                        failures.append(f"{where}: the facets are not beside the rows")
                height = driver.execute_script("return document.documentElement.scrollHeight")
                driver.set_window_size(width, min(height, 6000))
                driver.save_screenshot(os.path.join(OUT, f"{name}-{language}-{width}.png"))
                driver.set_window_size(width, 900)
                checked += 1
    # On paper: the as-of day and the page's address at the top, each source's own address after it.
    driver.set_window_size(1280, 900)
    driver.get(f"{BASE}{PAGES['commitment'][0]}")
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    printed = driver.execute_script(
        "var p = document.querySelector('.print-only'), a = document.querySelector('a.src[data-url]');"
        "return [p && getComputedStyle(p).display, p && p.textContent, a && getComputedStyle(a, '::after').content, a && a.dataset.url];")
    display, line, after, url = printed
    if display != "block" or "As of" not in (line or "") or PAGES["commitment"][0] not in (line or ""):
        failures.append(f"print: the as-of line is not printed ({display!r}, {line!r})")
    if not url or url not in (after or ""):
        failures.append(f"print: a source's address is not printed after it ({after!r}, {url!r})")
    driver.save_screenshot(os.path.join(OUT, "commitment-print-1280.png"))
    driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    checked += 1
finally:
    driver.quit()

if failures:
    print("\n".join(failures))
    sys.exit(1)
print(f"layout: {checked} pages checked, screenshots in {OUT}")
