"""Headless Chromium against a real server: sign in, upload the example workbook, run a plan,
wait for it, and see the KPI cards, the map and the comparison. Skipped without Debian's
chromium and chromedriver unless HUBFLOW_REQUIRE_BROWSER=1. Screenshots go to
``$HUBFLOW_SCREENSHOTS`` (e.g. docs/img) when set."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.api.conftest import make_members
from tests.api.server import Server

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
REQUIRED = os.environ.get("HUBFLOW_REQUIRE_BROWSER") == "1"


@pytest.fixture
def browser() -> Iterator[Any]:
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service as DriverService
    except ModuleNotFoundError:
        if REQUIRED:
            raise
        pytest.skip("selenium is not installed")
    if not (CHROMIUM and DRIVER):
        if REQUIRED:
            pytest.fail("HUBFLOW_REQUIRE_BROWSER=1 but chromium or chromedriver is missing")
        pytest.skip("Debian's chromium and chromium-driver are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for arg in (
        "--headless=new",
        "--no-sandbox",
        "--disable-dev-shm-usage",
        "--window-size=1280,1800",
    ):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=DriverService(DRIVER))
    driver.set_page_load_timeout(60)
    try:
        yield driver
    finally:
        driver.quit()


def _shot(driver: Any, name: str) -> None:
    folder = os.environ.get("HUBFLOW_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        height = driver.execute_script("return document.body.scrollHeight")
        driver.set_window_size(1280, min(max(900, height + 40), 4000))
        driver.save_screenshot(str(Path(folder) / f"{name}.png"))
        driver.set_window_size(1280, 1800)


def test_sign_in_upload_plan_and_compare(
    browser: Any, tmp_path: Path, example_workbook: Path
) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    url = f"sqlite:///{tmp_path / 'h.db'}"
    tokens = make_members(url)
    server = Server(url)
    try:
        b = browser
        b.get(server.base + "/")
        b.find_element(By.NAME, "token").send_keys(tokens["metals planner"])
        b.find_element(By.CSS_SELECTOR, "form.signin button").click()
        WebDriverWait(b, 20).until(ec.url_contains("/scenarios"))
        b.find_element(By.NAME, "file").send_keys(str(example_workbook))
        b.find_element(By.CSS_SELECTOR, "form[action='/scenarios/upload'] button").click()
        WebDriverWait(b, 60).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, "form[action$='/run']"))
        )
        assert "zhengzhou v1" in b.find_element(By.TAG_NAME, "h1").text
        limit = b.find_element(By.NAME, "time_limit")
        limit.clear()
        limit.send_keys("30")
        b.find_element(By.CSS_SELECTOR, "form[action$='/run'] button").click()
        WebDriverWait(b, 20).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, "[data-job] .fill"))
        )
        WebDriverWait(b, 180).until(ec.url_contains("/plans/"))
        WebDriverWait(b, 30).until(
            ec.presence_of_element_located((By.CSS_SELECTOR, ".cards .card"))
        )
        assert len(b.find_elements(By.CSS_SELECTOR, ".cards .card")) >= 4
        assert b.find_elements(By.CSS_SELECTOR, "svg.map path")  # the base layer and flows
        assert b.find_elements(By.CSS_SELECTOR, "svg.gantt rect")
        _shot(b, "dashboard-plan")
        b.find_element(By.LINK_TEXT, "Scenario").click()
        WebDriverWait(b, 20).until(ec.presence_of_element_located((By.CSS_SELECTOR, "input.pick")))
        if os.environ.get("HUBFLOW_SCREENSHOTS"):  # a second plan, under a carbon price, to compare
            b.find_element(By.NAME, "carbon_price").send_keys("2000")
            b.find_element(By.CSS_SELECTOR, "form[action$='/run'] button").click()
            WebDriverWait(b, 180).until(ec.url_contains("/plans/2"))
            b.find_element(By.LINK_TEXT, "Scenario").click()
            WebDriverWait(b, 20).until(
                ec.presence_of_element_located((By.CSS_SELECTOR, "input.pick"))
            )
            comment = b.find_element(By.NAME, "body")
            comment.send_keys(
                "City: a carbon price of 2000 moves freight to rail; yard at the land port?"
            )
            b.find_element(By.CSS_SELECTOR, "form[action$='/comment'] button").click()
            WebDriverWait(b, 20).until(
                ec.presence_of_element_located((By.CSS_SELECTOR, ".comment"))
            )
            for box in b.find_elements(By.CSS_SELECTOR, "input.pick")[1:]:
                box.click()
        _shot(b, "dashboard-scenario")
        b.find_element(By.CSS_SELECTOR, "input.pick").click()
        b.find_element(By.ID, "compare-picked").click()
        WebDriverWait(b, 20).until(ec.url_contains("/compare"))
        text = b.find_element(By.TAG_NAME, "main").text
        assert "For the company" in text and "For the city" in text and "Cost per tonne" in text
        _shot(b, "dashboard-compare")
    finally:
        server.stop()
