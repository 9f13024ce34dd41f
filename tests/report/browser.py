"""Headless Chromium for the report's browser tests: screenshots and a layout check.

The layout check appends a small script to a copy of the page; it opens every ``<details>``,
measures each SVG text against its SVG's frame, each map label against the others, each KPI
card for text overflow, types an order id into the search box, and writes the findings as JSON
into a ``<pre id="layout-check">`` that ``--dump-dom`` returns.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)

LAYOUT_JS = r"""
(function () {
  var out = {svgs: 0, maps: 0, charts: 0, texts: 0, cut: [], overlaps: [], overflow: [],
             cards: 0, tables: 0, rows: 0, search: null};
  document.querySelectorAll('details').forEach(function (d) { d.open = true; });
  function box(r) { return [r.left, r.top, r.right, r.bottom]; }
  function name(t) { return (t.childNodes.length && t.lastChild.textContent || '').slice(0, 60); }
  document.querySelectorAll('svg').forEach(function (svg) {
    out.svgs++;
    if (svg.classList.contains('map')) out.maps++;
    if (svg.classList.contains('chart')) out.charts++;
    var f = svg.getBoundingClientRect(), labels = [];
    svg.querySelectorAll('text').forEach(function (t) {
      var b = t.getBoundingClientRect();
      if (b.width === 0) return;
      out.texts++;
      if (b.left < f.left - 0.5 || b.right > f.right + 0.5 ||
          b.top < f.top - 0.5 || b.bottom > f.bottom + 0.5)
        out.cut.push({svg: svg.getAttribute('class'), text: name(t),
                      text_box: box(b), frame: box(f)});
      if (t.classList.contains('label')) labels.push([t, b]);
    });
    for (var i = 0; i < labels.length; i++) for (var j = i + 1; j < labels.length; j++) {
      var a = labels[i][1], c = labels[j][1];
      if (a.left < c.right - 1 && c.left < a.right - 1 && a.top < c.bottom - 1 && c.top < a.bottom - 1)
        out.overlaps.push([name(labels[i][0]), name(labels[j][0])]);
    }
  });
  document.querySelectorAll('.card').forEach(function (c) {
    out.cards++;
    [c].concat(Array.from(c.querySelectorAll('div'))).forEach(function (e) {
      if (e.scrollWidth > e.clientWidth + 1) out.overflow.push(e.textContent.slice(0, 60));
    });
  });
  out.tables = document.querySelectorAll('table').length;
  out.rows = document.querySelectorAll('tbody tr').length;
  var input = document.querySelector('input.order-search');
  if (input) {
    var rows = input.closest('section').querySelectorAll('table.searchable tbody tr');
    var key = rows.length ? rows[rows.length - 1].dataset.key : '';
    input.value = key;
    input.dispatchEvent(new Event('input'));
    var shown = Array.from(rows).filter(function (r) { return !r.hidden; })
                     .map(function (r) { return r.dataset.key; });
    out.search = {query: key, shown: shown, total: rows.length};
  }
  var pre = document.createElement('pre');
  pre.id = 'layout-check';
  pre.textContent = JSON.stringify(out);
  document.body.appendChild(pre);
})();
"""


def chromium() -> str:
    """The chromium binary; skip the test when absent, fail when HUBFLOW_REQUIRE_BROWSER=1."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found:
        return found
    if os.environ.get("HUBFLOW_REQUIRE_BROWSER") == "1":
        pytest.fail("chromium is not installed and HUBFLOW_REQUIRE_BROWSER=1")
    pytest.skip("chromium is not installed (apt-get install chromium)")


def run(page: Path, *args: str, width: int = 1400, height: int = 4000) -> str:
    """Open ``page`` in a fresh headless profile and return stdout."""
    with tempfile.TemporaryDirectory() as profile:
        cmd = [
            chromium(),
            *FLAGS,
            f"--user-data-dir={profile}",
            f"--window-size={width},{height}",
            *args,
            page.resolve().as_uri(),
        ]
        res = subprocess.run(cmd, capture_output=True, text=True, timeout=180, check=False)
    if res.returncode != 0:
        raise AssertionError(f"chromium exited {res.returncode}: {res.stderr[-2000:]}")
    return res.stdout


def screenshot(page: Path, png: Path, *, width: int = 1400, height: int = 4000) -> Path:
    run(page, f"--screenshot={png.resolve()}", width=width, height=height)
    return png


def layout(page: Path, *, width: int = 1400) -> dict:
    """The layout check's findings for ``page`` (see the module note)."""
    probe = page.with_name(page.stem + ".layout.html")
    text = page.read_text(encoding="utf-8")
    probe.write_text(
        text.replace("</body>", f"<script>{LAYOUT_JS}</script></body>"), encoding="utf-8"
    )
    dom = run(probe, "--virtual-time-budget=5000", "--dump-dom", width=width, height=2000)
    found = re.search(r'<pre id="layout-check">(.*?)</pre>', dom, re.S)
    assert found, "the layout check did not run"
    return json.loads(html.unescape(found.group(1)))
