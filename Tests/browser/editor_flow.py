#!/usr/bin/env python3
"""Real-browser editors' flow against a running Pactwatch server (Debian's chromium through chromedriver).

An editor signs in, starts a proposal, records a new source and an event citing it, submits the
proposal and signs out; a reviewer signs in, opens it from the review queue and approves it; the
public commitment page and /api/v1/events then show the event. Every step is done by clicking and
typing, as a person would, with no JavaScript on the pages. Screenshots of each step go to OUTPUT_DIR
(at 1280 px, and the proposal and sign-in pages at 390 px too).

Usage: editor_flow.py BASE_URL OUTPUT_DIR EDITOR:PASSWORD REVIEWER:PASSWORD COMMITMENT PARTY
Prints the event's id on success; exits 1 naming the step that failed.
"""
import json, os, sys, time, urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE, OUT = sys.argv[1].rstrip("/"), sys.argv[2]
EDITOR, REVIEWER = sys.argv[3].split(":", 1), sys.argv[4].split(":", 1)
COMMITMENT, PARTY = sys.argv[5], sys.argv[6]
os.makedirs(OUT, exist_ok=True)

options = Options()
for flag in ["--headless=new", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--disable-dev-shm-usage"]:
    options.add_argument(flag)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_window_size(1280, 900)
step = "start"


def shot(name, widths=(1280,)):
    for width in widths:
        driver.set_window_size(width, 900)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(height, 6000))
        driver.save_screenshot(os.path.join(OUT, f"editor-{name}-{width}.png"))
    driver.set_window_size(1280, 900)


def click(element, until, timeout=30):
    """Clicks, then waits for the page the click leads to: under load the click may return before
    the next page has arrived (publishing runs an import; a review page computes what would change)."""
    element.click()
    WebDriverWait(driver, timeout).until(lambda d: until(d))


def fill(form, values):
    for name, value in values.items():
        field = form.find_element(By.NAME, name)
        if field.tag_name == "select":
            field.find_element(By.CSS_SELECTOR, f"option[value='{value}']").click()
        else:
            field.clear()
            field.send_keys(value)


def sign_in(user, password):
    driver.get(BASE + "/editor")
    assert "/editor/sign-in" in driver.current_url, "not sent to sign in: " + driver.current_url
    form = driver.find_element(By.CSS_SELECTOR, "form.editor")
    fill(form, {"name": user, "password": password})
    click(form.find_element(By.TAG_NAME, "button"), lambda d: d.current_url.split("?")[0].rstrip("/").endswith("/editor"))
    assert driver.current_url.split("?")[0].rstrip("/").endswith("/editor"), "not signed in: " + driver.current_url


def add(table, values):
    details = driver.find_element(By.XPATH, f"//details[.//input[@name='table' and @value='{table}']]")
    if not details.get_attribute("open"):
        details.find_element(By.TAG_NAME, "summary").click()
    form = details.find_element(By.TAG_NAME, "form")
    fill(form, values)
    click(form.find_element(By.CSS_SELECTOR, "button"), lambda d: values["f.id"] in d.page_source)
    problems = driver.find_elements(By.CSS_SELECTOR, "strong.problem, ul.problems li")
    assert not problems, [p.text for p in problems]


try:
    step = "the editor signs in"
    driver.get(BASE + "/editor")
    shot("sign-in", (390, 1280))
    sign_in(*EDITOR)
    step = "the editor starts a proposal"
    click(driver.find_element(By.XPATH, "//form[contains(@action, '/editor/proposals')]//button"),
          lambda d: "/editor/proposals/" in d.current_url)
    proposal = driver.current_url.split("?")[0]
    step = "the editor records a source"
    source = "src-browser-" + str(int(time.time()))
    add("sources", {"f.id": source, "f.url": "https://example.org/decree-2026", "f.title": "Decree recorded in the browser test",
                    "f.publisher": "Example Gazette", "f.published": "2026-11-30", "f.kind": "official", "f.language": "en"})
    step = "the editor records an event citing it"
    event = "e-browser-" + str(int(time.time()))
    add("events", {"f.id": event, "f.date": "2026-11-30", "f.commitment": COMMITMENT, "f.party": PARTY, "f.stage": "applied",
                   "f.sources": source, "f.note": "Recorded through the editors' pages"})
    shot("proposal", (390, 1280))
    step = "the editor submits it"
    click(driver.find_element(By.XPATH, "//form[contains(@action, '/submit')]//button"),
          lambda d: "на проверке" in d.page_source or "submitted" in d.page_source)
    step = "the editor signs out"
    click(driver.find_element(By.XPATH, "//form[contains(@action, '/editor/sign-out')]//button"),
          lambda d: "/editor/sign-in" in d.current_url)
    step = "the reviewer signs in and opens the queue"
    sign_in(*REVIEWER)
    click(driver.find_element(By.XPATH, f"//a[contains(@href, '{proposal.split(BASE)[1]}')]"),
          lambda d: d.find_elements(By.XPATH, "//form[contains(@action, '/approve')]//button"))
    shot("review", (390, 1280))
    step = "the reviewer approves it"
    click(driver.find_element(By.XPATH, "//form[contains(@action, '/approve')]//button"),
          lambda d: "published=1" in d.current_url or "/approve" in d.current_url)
    assert "published=1" in driver.current_url, driver.current_url
    shot("approved")
    step = "the public commitment page shows it"
    for _ in range(20):
        driver.get(f"{BASE}/commitments/{COMMITMENT}")
        if "Example Gazette" in driver.page_source or source in driver.page_source:
            break
        time.sleep(0.25)
    else:
        raise AssertionError("the commitment page does not cite the new source")
    shot("public")
    step = "the API lists the event"
    events = json.load(urllib.request.urlopen(f"{BASE}/api/v1/events?limit=1000"))
    assert any(e["id"] == event for e in events["items"]), "the event is not in /api/v1/events"
    print(event)
except Exception as error:
    shot("failed")
    print(f"editor flow failed at: {step}: {error!r}")
    sys.exit(1)
finally:
    driver.quit()
