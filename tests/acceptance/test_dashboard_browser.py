"""``tape ui`` in a real headless Chromium (issue 12, test 1).

Debian's ``chromium`` and ``chromium-driver`` (``make test`` installs them) driven by
Selenium with the driver's path given, so nothing is downloaded at run time. Screenshots are
saved under ``test-artifacts/dashboard/`` (gitignored).

On a Postgres journal with one finished run and one whose wire is STUCK, with
``--public-reads``: the runs page lists both, a run's page shows its effects; on the triage page
the resolve button is refused with a clear message while not logged in (the journal unchanged).
Then by default (reads need the token too): a browser that is not logged in lands on the login
page and sees no run; after logging in with the token, and confirming on the page that shows
what will be recorded, the wire is CONFIRMED, journaled with the operator and their note.

Issue 28 (item 9): the triage row shows the wire's amount, business key, last error and the
reconciler's last observation, times with their zone; a typed ``?done=`` shows no notice; a
response that is not JSON is refused with nothing journaled; the confirmation page shows the
response and external ref that will be recorded, and they are.
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver
from selenium.webdriver.support.ui import Select

from tape import EffectStatus, Journal, RunStatus
from tape.reactors import reconcile
from tests.support import databases, ui_server
from tests.support.runs import lost_ack_effect, new_run
from tests.support.waiting import wait_until

pytestmark = pytest.mark.postgres_only

TOKEN = "dashboard-test-token-7f3a"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "dashboard"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"


@pytest.fixture(scope="module")
def browser() -> Iterator[WebDriver]:
    assert os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER), (
        "Debian's chromium and chromium-driver are needed (make test installs them)"
    )
    os.environ.setdefault("SE_OFFLINE", "true")  # Selenium Manager must never download
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--disable-gpu",
        "--window-size=1400,1000",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER), options=options)
    driver.implicitly_wait(0)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    yield driver
    driver.quit()


@pytest.fixture
def stuck_journal(
    pg_template: databases.PostgresTemplate,
) -> Iterator[tuple[Journal, dict[str, str]]]:
    url = pg_template.clone()
    journal = Journal(url)
    done = new_run(journal, app_name="treasury")
    wire = journal.begin_effect(
        run_id=done, decision_index=0, tool_name="send_invoice", request_json={"to": "bob"}
    )
    journal.complete_effect(
        run_id=done,
        idempotency_key=wire.idempotency_key,
        status=EffectStatus.CONFIRMED,
        response_json={"invoice": "inv-1"},
    )
    stuck = new_run(journal, app_name="treasury")
    # A wire whose ack was lost, through a connector nobody can observe: STUCK, for a human.
    effect = lost_ack_effect(
        journal, stuck, connector="bank.unobservable", business_key="acc-1:250:2025-01-02"
    )
    reconcile.run_once(journal)
    assert journal.get_run(run_id=stuck).status == RunStatus.STUCK
    yield journal, {"done": done, "stuck": stuck, "key": effect.idempotency_key}
    journal.close()
    pg_template.drop_clone(url)


def _shot(driver: WebDriver, name: str) -> None:
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def _text(driver: WebDriver) -> str:
    return str(driver.find_element(By.TAG_NAME, "body").text)


def test_operator_resolves_a_stuck_wire_from_the_dashboard(
    browser: WebDriver, stuck_journal: tuple[Journal, dict[str, str]]
) -> None:
    journal, ids = stuck_journal
    with ui_server.serving(journal, token=TOKEN, refresh_s=0.5, public_reads=True) as base:
        browser.get(base + "/")
        rows = browser.find_elements(By.CSS_SELECTOR, "#runs tbody tr")
        assert {ids["done"], ids["stuck"]} <= {r.text.split()[0] for r in rows}, _text(browser)
        # The page refreshes live: a run begun now shows up without a reload.
        later = new_run(journal, app_name="support-bot")
        wait_until(
            lambda: browser.find_elements(By.LINK_TEXT, later), timeout=10, message="live refresh"
        )
        _shot(browser, "1-runs")

        browser.find_element(By.LINK_TEXT, ids["done"]).click()
        wait_until(lambda: browser.current_url.endswith(ids["done"]), timeout=10)
        effects = browser.find_element(By.CSS_SELECTOR, "table.effects").text
        assert "send_invoice" in effects and "CONFIRMED" in effects, effects
        _shot(browser, "2-run")

        # Not logged in: refused, clearly, and nothing changes.
        browser.get(base + "/triage")
        row = browser.find_element(By.CSS_SELECTOR, f'tr[data-key="{ids["key"]}"]')
        assert "STUCK" in row.text
        row.find_element(By.NAME, "note").send_keys("trying without the token")
        row.find_element(By.CSS_SELECTOR, "button.resolve-button").click()
        error = wait_until(lambda: browser.find_elements(By.ID, "error"), timeout=10)[0].text
        assert "Refused: log in with the operator token" in error and "Nothing was changed" in error
        _shot(browser, "3-refused")
        effect = journal.get_effect(run_id=ids["stuck"], idempotency_key=ids["key"])
        assert effect is not None and effect.status == EffectStatus.UNKNOWN
        assert journal.get_run(run_id=ids["stuck"]).status == RunStatus.STUCK

    with ui_server.serving(journal, token=TOKEN, refresh_s=0.5) as base:
        # Reads need the token too: not logged in, every page is the login page, no run shown.
        for page in ("/", "/triage", f"/runs/{ids['stuck']}"):
            browser.get(base + page)
            assert browser.current_url == base + "/login", (page, browser.current_url)
            assert ids["stuck"] not in browser.page_source and "treasury" not in _text(browser)
        _shot(browser, "3b-login-required")

        # Log in with the token, then resolve with a note.
        browser.find_element(By.ID, "operator").send_keys("alice")
        browser.find_element(By.ID, "token").send_keys(TOKEN)
        browser.find_element(By.ID, "login-submit").click()
        wait_until(lambda: browser.current_url.endswith("/triage"), timeout=10)
        row = browser.find_element(By.CSS_SELECTOR, f'tr[data-key="{ids["key"]}"]')
        Select(row.find_element(By.NAME, "action")).select_by_value("confirm")
        row.find_element(By.NAME, "note").send_keys("bank confirmed by phone")
        row.find_element(By.CSS_SELECTOR, "button.resolve-button").click()
        # What will be recorded is shown first; nothing is journaled until it is confirmed.
        wait_until(lambda: browser.find_elements(By.ID, "confirm-button"), timeout=10)[0].click()
        message = wait_until(lambda: browser.find_elements(By.ID, "message"), timeout=10)[0].text
        assert f"effect {ids['key']} is CONFIRMED (confirm, by alice)" in message, message
        _shot(browser, "4-resolved")

        effect = journal.get_effect(run_id=ids["stuck"], idempotency_key=ids["key"])
        assert effect is not None and effect.status == EffectStatus.CONFIRMED
        resolved = [
            e.payload
            for e in journal.read_journal(run_id=ids["stuck"], limit=100)
            if e.payload.get("transition") == "operator-resolved"
        ]
        assert resolved == [
            {**resolved[0], "operator": "alice", "note": "bank confirmed by phone"}
        ], resolved

        browser.get(base + f"/runs/{ids['stuck']}")
        timeline = browser.find_element(By.ID, "timeline").text
        assert "by alice: “bank confirmed by phone”" in timeline, timeline
        _shot(browser, "5-run-resolved")


def test_triage_shows_what_an_operator_decides_with_and_resolving_asks_to_confirm(
    browser: WebDriver, stuck_journal: tuple[Journal, dict[str, str]]
) -> None:
    journal, ids = stuck_journal
    run_id, key = ids["stuck"], ids["key"]
    with ui_server.serving(journal, token=TOKEN, refresh_s=0.5) as base:
        browser.get(base + "/login")
        browser.find_element(By.ID, "operator").send_keys("bob")
        browser.find_element(By.ID, "token").send_keys(TOKEN)
        browser.find_element(By.ID, "login-submit").click()
        wait_until(lambda: browser.current_url.endswith("/triage"), timeout=10)

        row = browser.find_element(By.CSS_SELECTOR, f'tr[data-key="{key}"]')
        assert row.find_element(By.CSS_SELECTOR, "td.amount b").text == "100"
        assert row.find_element(By.CSS_SELECTOR, "td.business-key").text == "acc-1:250:2025-01-02"
        assert row.find_element(By.CSS_SELECTOR, "td.last-error").text == "ack lost"
        seen = row.find_element(By.CSS_SELECTOR, "td.last-observation").text
        assert re.match(r"stuck at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ: nobody can observe", seen), seen
        _shot(browser, "6-triage-fields")

        # A notice typed into the address bar is not the server's: nothing green shows.
        browser.get(base + "/triage?done=effect+is+CONFIRMED+by+the+bank")
        assert not browser.find_elements(By.ID, "message")
        assert "CONFIRMED by the bank" not in _text(browser)

        def fill(response: str) -> None:
            row = browser.find_element(By.CSS_SELECTOR, f'tr[data-key="{key}"]')
            Select(row.find_element(By.NAME, "action")).select_by_value("confirm")
            row.find_element(By.NAME, "note").send_keys("on the bank statement")
            row.find_element(By.CSS_SELECTOR, "details.result-fields summary").click()
            row.find_element(By.NAME, "response").send_keys(response)
            row.find_element(By.NAME, "external_ref").send_keys("wire-9")
            row.find_element(By.CSS_SELECTOR, "button.resolve-button").click()

        fill("{booked")
        error = wait_until(lambda: browser.find_elements(By.ID, "error"), timeout=10)[0].text
        assert "response is not JSON" in error and "nothing was recorded" in error, error
        _shot(browser, "7-bad-json")
        effect = journal.get_effect(run_id=run_id, idempotency_key=key)
        assert effect is not None and effect.status == EffectStatus.UNKNOWN

        browser.get(base + "/triage")
        fill('{"status": "booked", "external_ref": "wire-9"}')
        button = wait_until(lambda: browser.find_elements(By.ID, "confirm-button"), timeout=10)
        what = browser.find_element(By.ID, "confirm-what").text
        for shown in ("confirm", "100", "acc-1:250:2025-01-02", "wire-9", '"booked"', "bob"):
            assert shown in what, (shown, what)
        _shot(browser, "8-confirm")
        effect = journal.get_effect(run_id=run_id, idempotency_key=key)
        assert effect is not None and effect.status == EffectStatus.UNKNOWN  # not yet
        button[0].click()
        message = wait_until(lambda: browser.find_elements(By.ID, "message"), timeout=10)[0].text
        assert f"effect {key} is CONFIRMED (confirm, by bob)" in message, message
        _shot(browser, "9-confirmed")

        # The runs list: the STUCK run shows no end time while it was STUCK; times are zoned.
        browser.get(base + "/")
        runs = browser.find_element(By.ID, "runs").text
        assert re.search(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", runs), runs
        assert "acc-1:250:2025-01-02" in runs, runs

    effect = journal.get_effect(run_id=run_id, idempotency_key=key)
    assert effect is not None and effect.status == EffectStatus.CONFIRMED
    assert effect.response == {"status": "booked", "external_ref": "wire-9"}
    assert effect.external_ref == "wire-9"
