/** The page's only stylesheet, inline: a report file must open offline and make no request. */
export const HTML_STYLE = `
:root { color-scheme: light dark; --bg: #fff; --fg: #1f2328; --muted: #656d76; --line: #d0d7de; --panel: #f6f8fa;
  --orphaned: #cf222e; --deleted: #8c959f; --closed: #0969da; --other: #9a6700; --area: rgba(9,105,218,.15); --accent: #0969da;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; --good: #1a7f37; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --fg: #e6edf3; --muted: #8d96a0; --line: #30363d; --panel: #161b22;
    --orphaned: #f85149; --deleted: #6e7681; --closed: #4493f8; --other: #d29922; --area: rgba(68,147,248,.2); --accent: #4493f8;
    --error: #f85149; --warning: #d29922; --info: #4493f8; --good: #3fb950; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 1.5rem; background: var(--bg); color: var(--fg);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; } h2 { border-bottom: 1px solid var(--line); padding-bottom: .25rem; margin-top: 2rem; }
code, .mono, time, .ref { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .92em; }
.muted, .ref { color: var(--muted); }
table { border-collapse: collapse; width: 100%; } th, td { border: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: var(--panel); }
dl.summary { display: grid; grid-template-columns: repeat(auto-fill, minmax(12rem, 1fr)); gap: .5rem; }
dl.summary div { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; }
dl.summary dt { color: var(--muted); font-size: .85em; } dl.summary dd { margin: 0; font-size: 1.3em; font-weight: 600; }
.verdict, .badge { display: inline-block; border-radius: 1em; padding: 0 .6em; font-size: .85em; font-weight: 600; border: 1px solid currentColor; }
.verdict-persists, .hyp-ruled-out { color: var(--good); } .verdict-intermittent, .sev-warning { color: var(--warning); }
.verdict-new-session-every-batch, .sev-error, .hyp-supported { color: var(--error); } .sev-info { color: var(--info); } .hyp-not-enough-evidence { color: var(--muted); }
.finding { border: 1px solid var(--line); border-radius: 6px; padding: .5rem .75rem; margin: .5rem 0; }
.finding h3 { font-size: 1em; margin: 0; } .finding p { margin: .25rem 0; } .evidence { margin: 0; padding-left: 1.2rem; columns: 3 14rem; }
svg { width: 100%; height: auto; display: block; } svg text { fill: var(--muted); font-size: 11px; font-family: ui-monospace, monospace; }
.axis { stroke: var(--line); } .bar rect { cursor: pointer; } .bar:focus { outline: none; } .bar:focus rect, .bar.selected rect { stroke: var(--fg); stroke-width: 2; }
.end-orphaned rect { fill: var(--orphaned); } .end-deleted rect { fill: var(--deleted); } .end-closed rect, .end-removed rect { fill: var(--closed); }
.end-restart rect, .end-not-found rect { fill: var(--other); }
.legend span { margin-right: 1rem; white-space: nowrap; } .legend i { display: inline-block; width: .8em; height: .8em; border-radius: 2px; margin-right: .3em; vertical-align: -1px; }
.legend .end-orphaned i { background: var(--orphaned); } .legend .end-deleted i { background: var(--deleted); }
.legend .end-closed i { background: var(--closed); } .legend .end-other i { background: var(--other); }
.active-line { fill: none; stroke: var(--accent); stroke-width: 2; } .active-area { fill: var(--area); stroke: none; }
#tip { position: absolute; z-index: 10; max-width: 28rem; white-space: pre-line; background: var(--panel); color: var(--fg);
  border: 1px solid var(--line); border-radius: 6px; padding: .4rem .6rem; box-shadow: 0 4px 12px rgba(0,0,0,.2); pointer-events: none; font-size: 12px; }
#events { list-style: none; padding: 0; } #events li { padding: .15rem 0; border-bottom: 1px solid var(--line); }
#events .kind { display: inline-block; min-width: 9rem; font-weight: 600; }
#filter { background: var(--panel); border: 1px solid var(--line); border-radius: 6px; padding: .4rem .75rem; }
button { font: inherit; cursor: pointer; }
[hidden] { display: none !important; }
@media print {
  :root { --bg: #fff; --fg: #000; --panel: #fff; }
  body { max-width: none; padding: 0; font-size: 11px; }
  #tip, #filter, button { display: none !important; } #events li[hidden] { display: list-item !important; }
  section, .finding, svg { break-inside: avoid; }
}
`;
