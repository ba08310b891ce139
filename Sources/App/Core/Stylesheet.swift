import Vapor

/// The one stylesheet, served by the app itself: no CDN, no external font, works on a closed network.
enum Stylesheet {
    @Sendable
    static func serve(req: Request) async throws -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "css", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: css))
    }

    static let css = """
    :root { --red: #b3141b; --ink: #1d2430; --muted: #5b6573; --line: #d9dde3; --bg: #f6f7f9; --ok: #1d6b3a; --tap: 44px; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: var(--bg); overflow-wrap: break-word; }
    a { color: #0b5394; }
    .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; z-index: 10; }

    /* One slim bar. Phones get a no-script <details> menu; from 900px the same links sit inline (two copies in
       the page, one hidden, because a closed <details> cannot be opened by CSS in every browser). */
    header.top { position: relative; display: flex; align-items: center; gap: 0 12px; padding: 0 12px; min-height: 52px; background: var(--red); color: #fff; }
    header.top a, header.top .link { color: #fff; }
    header.top a, header.top button.link { text-decoration: none; }
    .brand { font-weight: 700; font-size: 1.15rem; white-space: nowrap; display: inline-flex; align-items: center; min-height: var(--tap); margin-right: auto; }
    header.top .lang { display: inline-flex; align-items: center; min-height: var(--tap); padding: 0 6px; }
    nav.menu.wide, .who.wide { display: none; }
    details.nav > summary { list-style: none; cursor: pointer; display: inline-flex; align-items: center; gap: 8px; min-height: var(--tap); padding: 0 12px; border: 1px solid rgba(255,255,255,.6); border-radius: 6px; font-weight: 600; }
    details.nav > summary::-webkit-details-marker { display: none; }
    details.nav > summary::before { content: "\\2261"; font-size: 1.3rem; line-height: 1; }
    details.nav[open] > summary { background: rgba(255,255,255,.15); }
    details.nav .drawer { position: absolute; left: 0; right: 0; top: 100%; z-index: 20; background: var(--red); padding: 4px 12px 12px; box-shadow: 0 6px 16px rgba(0,0,0,.25); }
    .drawer nav.menu, .drawer .who { display: flex; flex-direction: column; }
    .drawer nav.menu a, .drawer .who a, .drawer .who .link { display: flex; align-items: center; min-height: var(--tap); padding: 0 8px; border-bottom: 1px solid rgba(255,255,255,.2); width: 100%; text-align: left; }
    .drawer a[aria-current] { font-weight: 700; background: rgba(255,255,255,.12); }
    .drawer .who form { display: block; }
    .drawer .who .link { justify-content: flex-start; font-weight: 400; border-radius: 0; }
    .drawer .who .user { padding: 10px 8px 2px; font-size: .85rem; opacity: .85; }
    @media (min-width: 900px) {
      details.nav { display: none; }
      header.top { gap: 0 4px; flex-wrap: wrap; }
      .brand { margin-right: 12px; }
      nav.menu.wide { display: flex; flex-wrap: wrap; flex: 1; gap: 0 2px; }
      nav.menu.wide a, .who.wide a, .who.wide .link { display: inline-flex; align-items: center; min-height: var(--tap); padding: 0 8px; white-space: nowrap; border-bottom: 3px solid transparent; border-top: 3px solid transparent; }
      nav.menu.wide a[aria-current], .who.wide a[aria-current] { border-bottom-color: #fff; font-weight: 600; }
      .who.wide { display: flex; align-items: center; gap: 0 2px; font-size: .92rem; }
      .who.wide .user { max-width: 14em; overflow: hidden; text-overflow: ellipsis; display: inline-block; line-height: var(--tap); }
    }

    main { max-width: 1180px; margin: 0 auto; padding: 16px; }
    h1 { font-size: 1.5rem; margin: .4em 0; } h2 { font-size: 1.2rem; margin-top: 1.4em; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
    .card.narrow { max-width: 420px; margin: 40px auto; }
    .card.ok { border-left: 6px solid var(--ok); } .card.bad, .card.danger { border-left: 6px solid var(--red); }
    label { display: block; margin: 8px 0; font-weight: 600; font-size: .92rem; }
    input, select, textarea { display: block; width: 100%; max-width: 100%; min-height: var(--tap); margin-top: 4px; padding: 8px; font: inherit; border: 1px solid #aab2bd; border-radius: 6px; background: #fff; }
    input[type=hidden] { display: none; }
    button, .button { display: inline-flex; align-items: center; justify-content: center; min-height: var(--tap); padding: 8px 16px; font: inherit; font-weight: 600; color: #fff; background: var(--red); border: 0; border-radius: 6px; cursor: pointer; text-decoration: none; }
    .button.secondary { background: #fff; color: var(--red); border: 1px solid var(--red); }
    button.link { background: none; color: #0b5394; padding: 0 4px; font-weight: 400; text-decoration: underline; }
    button.danger { background: #7a0d12; }
    form.inline { display: inline; }
    summary { cursor: pointer; padding: 10px 0; }
    .actions a, .card > a, p > a.cancel { display: inline-flex; align-items: center; min-height: var(--tap); padding: 0 8px; }
    .error { color: #8a1016; background: #fdecec; border: 1px solid #f3b9bb; border-radius: 6px; padding: 8px 12px; }
    .flash { background: #e8f5ec; border: 1px solid #b5dfc2; border-radius: 6px; padding: 8px 12px; }
    .muted { color: var(--muted); font-size: .9rem; }
    .badge { display: inline-block; font-size: .75rem; padding: 1px 8px; border-radius: 10px; background: #eef0f3; color: var(--muted); font-weight: 600; }
    .search, .filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; }
    .search input { flex: 1 1 200px; min-width: 0; margin: 0; } .filters label { margin: 0; flex: 1 1 150px; } .filters .wide { flex: 1 1 260px; }
    ul.tree { list-style: none; padding: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
    ul.tree li { display: flex; align-items: flex-start; gap: 0 4px; padding: 4px 10px; border-top: 1px solid #eef0f3; }
    ul.tree .node { flex: 1; min-width: 0; padding: 10px 0; }
    ul.tree .code { white-space: nowrap; }
    ul.tree li:first-child { border-top: 0; }
    .toggle { display: inline-flex; align-items: center; justify-content: center; width: var(--tap); min-height: var(--tap); vertical-align: middle; text-decoration: none; font-weight: 700; }
    .trail { font-size: .8rem; color: var(--muted); }
    .depth-1 { padding-left: 30px !important; } .depth-2 { padding-left: 54px !important; } .depth-3 { padding-left: 78px !important; }
    .depth-4 { padding-left: 102px !important; } .depth-5 { padding-left: 126px !important; } .depth-6 { padding-left: 150px !important; }
    .depth-7 { padding-left: 174px !important; } .depth-8 { padding-left: 198px !important; }
    table { border-collapse: collapse; background: #fff; margin: 8px 0; }
    caption { text-align: left; font-weight: 700; padding: 4px 0; }
    th, td { padding: 6px 10px; border-bottom: 1px solid #eef0f3; text-align: left; vertical-align: top; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    table.grid { width: 100%; border: 1px solid var(--line); }
    table.grid thead th { background: #eef0f3; font-size: .85rem; }
    .scrollbox { overflow-x: auto; max-width: 100%; }
    .columns { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; } .columns > * { flex: 1 1 300px; min-width: 0; }
    .stats { display: flex; flex-wrap: wrap; gap: 12px; }
    .stat { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; flex: 1 1 160px; display: flex; flex-direction: column; }
    .big { font-size: 1.6rem; font-weight: 700; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
    dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; min-width: 0; }
    ul.plain, ul.cards { list-style: none; padding: 0; } ul.cards { display: flex; flex-wrap: wrap; gap: 12px; } ul.cards li { flex: 1 1 260px; margin: 0; }
    ul.actions { list-style: none; padding: 0; margin: 8px 0 0; display: flex; flex-wrap: wrap; gap: 8px; }
    .crumbs { font-size: .9rem; color: var(--muted); }
    .crumbs a { display: inline-flex; align-items: center; min-height: var(--tap); }
    .form-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(min(240px, 100%), 1fr)); gap: 0 16px; }
    .form-grid .actions, .form-grid .wide { grid-column: 1 / -1; }
    .req { color: var(--red); }
    nav.pager { display: flex; flex-wrap: wrap; align-items: center; gap: 8px 12px; margin: 12px 0; }
    nav.pager .where { flex: 1 1 100%; color: var(--muted); font-size: .95rem; }
    .pager a { display: inline-flex; align-items: center; min-height: var(--tap); padding: 0 14px; background: #fff; border: 1px solid var(--line); border-radius: 6px; text-decoration: none; font-weight: 600; }
    .pager a[rel=next] { margin-left: auto; }
    code.token { word-break: break-all; font-size: .95rem; }
    ul.report li { margin: 2px 0; }
    ul.list li { margin: 4px 0; }
    .home-role .role { margin: 0; text-transform: uppercase; letter-spacing: .04em; font-weight: 600; }
    .home-role h2 { margin: .2em 0 .6em; } .home-role h3.next { font-size: 1rem; margin: 1em 0 0; }
    .home-role .stat { border-color: #eef0f3; background: var(--bg); }
    @media (max-width: 899px) {
      main { padding: 12px; }
    }
    /* Tables become labelled cards on phones: every <td> of a .grid table carries data-label. */
    @media (max-width: 640px) {
      table.grid, table.grid tbody, table.grid tr, table.grid td { display: block; width: 100%; }
      table.grid { border: 0; background: none; }
      table.grid thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
      table.grid tr { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 10px; padding: 6px 0; }
      /* Each cell is a one-row table: the label is its first cell, the content (however many nodes) its second,
         so a label that wraps to two lines pushes the row down instead of running into the next one. */
      table.grid td { display: table; table-layout: fixed; border-collapse: separate; border: 0; padding: 3px 12px; }
      table.grid td::before { content: attr(data-label); display: table-cell; width: 40%; padding-right: 10px; color: var(--muted); font-size: .85rem; overflow-wrap: anywhere; }
      table.grid td:not([data-label]), table.grid td.block, table.grid td.title { display: block; }
      table.grid td:not([data-label])::before { content: none; }
      table.grid td.block::before { display: block; width: auto; padding: 0 0 2px; }
      table.grid td.title { font-weight: 600; font-size: 1.05rem; }
      table.grid td.title::before { content: none; }
      table.grid td.num { text-align: left; }
      .depth-1, .depth-2, .depth-3, .depth-4, .depth-5, .depth-6, .depth-7, .depth-8 { padding-left: 10px !important; border-left: 3px solid #eef0f3; }
      .depth-2 { margin-left: 10px; } .depth-3 { margin-left: 20px; } .depth-4, .depth-5, .depth-6, .depth-7, .depth-8 { margin-left: 30px; }
      dl.facts { grid-template-columns: 1fr; }
      dl.facts dd { margin-bottom: 6px; }
    }
    /* pickers */
    label:has(> .pick-list) { position: relative; }
    .pick-list { list-style: none; margin: 2px 0 0; padding: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px;
                 max-height: 16rem; overflow-y: auto; position: absolute; z-index: 10; left: 0; right: 0; box-shadow: 0 4px 12px rgba(0,0,0,.12); }
    .pick-list li { padding: 10px 12px; min-height: 44px; cursor: pointer; border-bottom: 1px solid var(--line); }
    .pick-list li:last-child { border-bottom: 0; }
    .pick-list li[aria-selected="true"], .pick-list li:hover { background: #eef3fb; }
    .pick-list li.none { color: var(--muted); cursor: default; }
    /* Registrations: flags warn (amber), never block; coverage bars. */
    .flags { list-style: none; padding: 0; margin: 6px 0; }
    .flag { background: #fff6e0; border-left: 4px solid #d08a00; padding: 6px 10px; margin: 4px 0; border-radius: 4px; }
    .badge.warn { background: #fff1cc; color: #7a4d00; }
    fieldset { border: 1px solid var(--line); border-radius: 8px; padding: 8px 12px; margin: 8px 0; min-width: 0; }
    textarea { width: 100%; box-sizing: border-box; font: inherit; }
    .bar { display: inline-block; width: 60px; height: 8px; background: #e6e9ef; border-radius: 4px; vertical-align: middle; overflow: hidden; }
    .bar > span { display: block; height: 100%; background: #2f7d32; }
    /* A <progress>, not an inline width: the CSP (style-src 'self') drops style attributes, which drew every bar full. */
    progress.bar { -webkit-appearance: none; appearance: none; border: none; padding: 0; color: #2f7d32; }
    progress.bar::-webkit-progress-bar { background: #e6e9ef; border-radius: 4px; }
    progress.bar::-webkit-progress-value { background: #2f7d32; border-radius: 4px; }
    progress.bar::-moz-progress-bar { background: #2f7d32; border-radius: 4px; }
    label.choice { display: flex; align-items: center; gap: 8px; min-height: 44px; }
    .prewrap { white-space: pre-wrap; }
    .seg { display: grid; grid-template-columns: repeat(3, 1fr); gap: 4px; }
    .seg label.choice { border: 1px solid var(--line); border-radius: 8px; padding: 4px 6px; gap: 4px; font-size: 0.9em; line-height: 1.15; min-height: 44px; }
    .seg label.choice input { display: inline-block; width: 18px; min-height: 0; height: 18px; margin: 0; padding: 0; flex: none; }
    .stats.compact { gap: 6px; } .stats.compact .stat { flex: 1 1 90px; padding: 6px 10px; } .stats.compact .big { font-size: 1.3em; }
    .seg label.choice:has(input:checked) { border-color: currentColor; font-weight: 600; background: #fff; }
    fieldset.attendee { padding: 4px 8px 8px; margin: 6px 0; }
    fieldset.attendee legend { font-weight: 600; }
    /* The reason only matters for an excused absence: shown once that is chosen. */
    fieldset.attendee:not(:has(input[value=excused]:checked)) .reason { display: none; }
    .actions.sticky { position: sticky; bottom: 0; background: var(--bg); padding: 8px 0; }
    .action { border-top: 1px solid var(--line); padding-top: 6px; }
    /* The paper form: A4, Times New Roman, the union's document layout. */
    body.print { background: #fff; font-family: "Times New Roman", Times, serif; font-size: 14pt; max-width: 210mm; margin: 0 auto; padding: 8px; }
    .paper { page-break-after: always; break-after: page; padding: 10mm 0; }
    .paper:last-child { page-break-after: auto; break-after: auto; }
    .paper h1 { text-align: center; font-size: 15pt; margin: 12px 0 0; }
    .paper .subtitle { text-align: center; font-weight: bold; margin-top: 4px; }
    .paper-head, .paper-sign { width: 100%; border-collapse: collapse; }
    .paper-head td, .paper-sign td { width: 50%; text-align: center; vertical-align: top; font-size: 12pt; }
    .paper-head .issuer, .paper-head .motto { font-weight: bold; text-transform: uppercase; }
    .paper-head .motto2 { font-weight: bold; font-size: 13pt; }
    .paper-head .dateline { font-style: italic; margin-top: 8px; }
    .paper-grid { width: 100%; border-collapse: collapse; font-size: 12pt; }
    .paper-grid th, .paper-grid td { border: 1px solid #000; padding: 4px; vertical-align: top; }
    .sign-space { height: 22mm; }
    @media print { .no-print { display: none; } body.print { padding: 0; } @page { size: A4; margin: 20mm 15mm 20mm 30mm; } }
    @media (max-width: 640px) { body.print { font-size: 12pt; } .paper-grid { font-size: 10pt; } .paper-grid th, .paper-grid td { padding: 2px; overflow-wrap: anywhere; } }
    """
}
