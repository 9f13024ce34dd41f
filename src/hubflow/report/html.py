"""The page skeleton (inline CSS, optional inline script, nothing fetched), sections, cards."""

from __future__ import annotations

from collections.abc import Sequence

from hubflow.report.fmt import esc

CSS = """
:root{--ink:#1f2933;--muted:#616e7c;--line:#d9e2ec;--card:#f5f7fa;--accent:#3b6fb6}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);
margin:0 auto;max-width:1200px;padding:16px 24px 48px}
header h1{margin:0 0 4px;font-size:24px}
header p{margin:0;color:var(--muted)}
.status{display:inline-block;padding:1px 8px;border-radius:10px;background:var(--card);
border:1px solid var(--line);font-weight:600}
section{margin-top:28px}
h2{font-size:18px;border-bottom:1px solid var(--line);padding-bottom:4px}
h3{font-size:14px;margin:12px 0 4px}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(170px,1fr));gap:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 12px}
.card .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.03em}
.card .value{font-size:20px;font-weight:600;margin-top:2px;white-space:nowrap}
.card .sub{color:var(--muted);font-size:12px}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px}
svg{max-width:100%;height:auto}
svg text{font-size:11px;fill:var(--ink)}
svg.bars rect{rx:2}
svg .grid{stroke:var(--line);stroke-width:1}
svg .limit{stroke:#c62828;stroke-width:1.5;stroke-dasharray:6 4}
svg .series{fill:none;stroke-width:2}
svg.map{width:100%;border:1px solid var(--line);border-radius:6px}
svg.map .sea{fill:#eef4fa}
svg.map .land{fill:#f4f1ea;stroke:#b8b2a6;stroke-width:.6}
svg.map .border{fill:none;stroke:#c9c2b6;stroke-width:.5;stroke-dasharray:2 2}
svg.map .flow{fill:none;stroke-opacity:.75;stroke-linecap:round}
svg.map .flow:hover{stroke-opacity:1}
svg.map .truck{fill:none;stroke:#222;stroke-width:1;stroke-dasharray:3 2;stroke-opacity:.6}
svg.map .site{fill:#fff;stroke:#1f2933;stroke-width:1.5}
svg.map .hub{fill:#1f2933;stroke:#fff;stroke-width:1}
svg.map .leader{stroke:#1f2933;stroke-width:.8;stroke-opacity:.6}
svg.map text{font-size:11px;paint-order:stroke;stroke:#fff;stroke-width:3px}
.legend{display:flex;flex-wrap:wrap;gap:14px;margin:6px 0;color:var(--muted)}
.legend i{display:inline-block;width:18px;height:4px;margin-right:5px;vertical-align:middle}
.legend b{display:inline-block;width:9px;height:9px;margin-right:5px;vertical-align:middle}
.hub-key{background:#1f2933}.site-key{border:1.5px solid #1f2933;border-radius:50%}
.note,.empty{color:var(--muted);font-size:12px}
table{border-collapse:collapse;width:100%;font-size:12px}
th,td{border-bottom:1px solid var(--line);padding:3px 6px;text-align:left;vertical-align:top}
th{background:var(--card);position:sticky;top:0}
td.num{text-align:right;font-variant-numeric:tabular-nums}
details{margin-top:8px}summary{cursor:pointer;font-weight:600}
.scroll{max-height:520px;overflow:auto}
footer{margin-top:36px;color:var(--muted);font-size:12px}
.nw{white-space:nowrap}
td.id{color:var(--muted);font-size:11px;word-break:break-all}
tr.total td{font-weight:600;border-top:2px solid var(--line)}
.lead{font-size:15px;margin:6px 0 10px}
dl.glossary{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;font-size:12px;
color:var(--muted);margin:10px 0 0}
dl.glossary dt{font-weight:600;color:var(--ink)}dl.glossary dd{margin:0}
.scroll-x{overflow-x:auto}
table.heat th,table.heat td{text-align:center;padding:3px 4px}
table.heat td.busy{font-weight:700;outline:1.5px solid #1f2933;outline-offset:-2px}
table.heat tbody th{text-align:left;white-space:nowrap;background:none}
.search input{font:inherit;padding:3px 6px;width:16em}
svg.gantt text.group{font-weight:600}
svg.gantt .transit{stroke-width:1.5;stroke-opacity:.55}
svg.gantt text.cut{font-size:10px;fill:var(--muted)}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:16px}
.pair>div{min-width:0}
td.up{color:#b3261e}td.down{color:#1e7b34}
@media print{.scroll{max-height:none;overflow:visible}details{display:block}}
"""


def card(label: str, value: str, sub: str = "", tip: str = "") -> str:
    """A KPI card: label, value (short enough for one line), a line below, a tooltip."""
    extra = f'<div class="sub">{esc(sub)}</div>' if sub else ""
    title = f' title="{esc(tip)}"' if tip else ""
    return (
        f'<div class="card"{title}><div class="label">{esc(label)}</div>'
        f'<div class="value">{esc(value)}</div>{extra}</div>'
    )


def cards(items: Sequence[str]) -> str:
    return f'<div class="cards">{"".join(items)}</div>'


def section(ident: str, title: str, body: str) -> str:
    """A titled section; ``body`` is HTML that its builder already escaped."""
    return f'<section id="{esc(ident)}"><h2>{esc(title)}</h2>{body}</section>'


def collapsible(summary: str, body: str, *, open_: bool = False) -> str:
    attr = " open" if open_ else ""
    return (
        f"<details{attr}><summary>{esc(summary)}</summary>"
        f'<div class="scroll">{body}</div></details>'
    )


def glossary(terms: Sequence[tuple[str, str]]) -> str:
    """A definition list of terms the page uses; plain text, escaped here."""
    items = "".join(f"<dt>{esc(t)}</dt><dd>{esc(d)}</dd>" for t, d in terms)
    return f'<dl class="glossary">{items}</dl>'


def page(title: str, header: str, body: Sequence[str], footer: str, script: str = "") -> str:
    """One self-contained HTML5 document; ``header``, ``body`` and ``footer`` are escaped HTML;
    ``script`` is inline JavaScript written by hubflow (never user text), run at the end."""
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{esc(title)}</title><style>{CSS}</style></head>\n"
        f"<body><header>{header}</header>\n<main>\n"
        + "\n".join(body)
        + f"\n</main>\n<footer>{footer}</footer>"
        + (f"<script>{script}</script>" if script else "")
        + "</body></html>\n"
    )
