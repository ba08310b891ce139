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
    :root { --red: #b3141b; --ink: #1d2430; --muted: #5b6573; --line: #d9dde3; --bg: #f6f7f9; --ok: #1d6b3a; }
    * { box-sizing: border-box; }
    body { margin: 0; font: 16px/1.5 "Noto Sans", "Segoe UI", Roboto, Arial, sans-serif; color: var(--ink); background: var(--bg); }
    a { color: #0b5394; }
    .skip { position: absolute; left: -999px; } .skip:focus { left: 8px; top: 8px; background: #fff; padding: 4px; }
    header.top { display: flex; flex-wrap: wrap; gap: 8px 16px; align-items: center; padding: 8px 16px; background: var(--red); color: #fff; }
    header.top a, header.top .link { color: #fff; }
    .brand a { font-weight: 700; font-size: 1.2rem; text-decoration: none; margin-right: 8px; }
    .tagline { font-size: .8rem; opacity: .85; }
    nav.menu { display: flex; flex-wrap: wrap; gap: 4px 14px; flex: 1; }
    nav.menu a { text-decoration: none; padding: 2px 0; border-bottom: 2px solid transparent; }
    nav.menu a[aria-current] { border-bottom-color: #fff; font-weight: 600; }
    .who { display: flex; gap: 12px; align-items: center; font-size: .9rem; }
    main { max-width: 1180px; margin: 0 auto; padding: 16px; }
    h1 { font-size: 1.5rem; margin: .4em 0; } h2 { font-size: 1.2rem; margin-top: 1.4em; }
    .card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; margin: 12px 0; }
    .card.narrow { max-width: 420px; margin: 40px auto; }
    .card.ok { border-left: 6px solid var(--ok); } .card.bad, .card.danger { border-left: 6px solid var(--red); }
    label { display: block; margin: 8px 0; font-weight: 600; font-size: .92rem; }
    input, select, textarea { display: block; width: 100%; margin-top: 4px; padding: 8px; font: inherit; border: 1px solid #aab2bd; border-radius: 6px; background: #fff; }
    input[type=hidden] { display: none; }
    button, .button { display: inline-block; padding: 8px 16px; font: inherit; font-weight: 600; color: #fff; background: var(--red); border: 0; border-radius: 6px; cursor: pointer; text-decoration: none; }
    .button.secondary { background: #fff; color: var(--red); border: 1px solid var(--red); }
    button.link { background: none; color: inherit; padding: 0; font-weight: 400; text-decoration: underline; }
    button.danger { background: #7a0d12; }
    form.inline { display: inline; }
    .error { color: #8a1016; background: #fdecec; border: 1px solid #f3b9bb; border-radius: 6px; padding: 8px 12px; }
    .flash { background: #e8f5ec; border: 1px solid #b5dfc2; border-radius: 6px; padding: 8px 12px; }
    .muted { color: var(--muted); font-size: .9rem; }
    .badge { display: inline-block; font-size: .75rem; padding: 1px 8px; border-radius: 10px; background: #eef0f3; color: var(--muted); font-weight: 600; }
    .search, .filters { display: flex; flex-wrap: wrap; gap: 8px 12px; align-items: flex-end; }
    .search input { flex: 1; min-width: 200px; margin: 0; } .filters label { margin: 0; min-width: 150px; } .filters .wide { flex: 1 1 260px; }
    ul.tree { list-style: none; padding: 0; background: #fff; border: 1px solid var(--line); border-radius: 8px; }
    ul.tree li { padding: 6px 10px; border-top: 1px solid #eef0f3; }
    ul.tree li:first-child { border-top: 0; }
    .toggle { display: inline-block; width: 1.6em; text-align: center; text-decoration: none; font-weight: 700; }
    .trail { font-size: .8rem; color: var(--muted); margin-left: 1.6em; }
    .depth-1 { padding-left: 30px !important; } .depth-2 { padding-left: 54px !important; } .depth-3 { padding-left: 78px !important; }
    .depth-4 { padding-left: 102px !important; } .depth-5 { padding-left: 126px !important; } .depth-6 { padding-left: 150px !important; }
    .depth-7 { padding-left: 174px !important; } .depth-8 { padding-left: 198px !important; }
    table { border-collapse: collapse; background: #fff; margin: 8px 0; }
    caption { text-align: left; font-weight: 700; padding: 4px 0; }
    th, td { padding: 6px 10px; border-bottom: 1px solid #eef0f3; text-align: left; vertical-align: top; }
    td.num { text-align: right; font-variant-numeric: tabular-nums; }
    table.grid { width: 100%; border: 1px solid var(--line); }
    table.grid thead th { background: #eef0f3; font-size: .85rem; }
    .columns { display: flex; flex-wrap: wrap; gap: 16px; align-items: flex-start; } .columns > * { flex: 1 1 300px; }
    .stats { display: flex; flex-wrap: wrap; gap: 12px; }
    .stat { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 10px 16px; min-width: 180px; display: flex; flex-direction: column; }
    .big { font-size: 1.6rem; font-weight: 700; }
    dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 4px 16px; margin: 0; }
    dl.facts dt { color: var(--muted); } dl.facts dd { margin: 0; }
    ul.plain, ul.cards { list-style: none; padding: 0; } ul.cards { display: flex; flex-wrap: wrap; gap: 12px; } ul.cards li { min-width: 240px; margin: 0; }
    .crumbs { font-size: .9rem; color: var(--muted); }
    .form-grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(240px, 1fr)); gap: 0 16px; }
    .form-grid .actions, .form-grid .wide { grid-column: 1 / -1; }
    .req { color: var(--red); }
    .pager { display: flex; justify-content: space-between; }
    code.token { word-break: break-all; font-size: .95rem; }
    ul.report li { margin: 2px 0; }
    @media (max-width: 700px) {
      .tagline { display: none; }
      table.members thead { display: none; }
      table.members tr { display: block; border-bottom: 1px solid var(--line); padding: 6px 0; }
      table.members td { display: inline-block; border: 0; padding: 2px 8px; }
      table.members td:first-child { display: block; font-weight: 600; }
      dl.facts { grid-template-columns: 1fr; }
    }
    /* pickers */
    label:has(> .pick-list) { position: relative; }
    .pick-list { list-style: none; margin: 2px 0 0; padding: 0; background: #fff; border: 1px solid var(--line); border-radius: 6px;
                 max-height: 16rem; overflow-y: auto; position: absolute; z-index: 10; left: 0; right: 0; box-shadow: 0 4px 12px rgba(0,0,0,.12); }
    .pick-list li { padding: 10px 12px; min-height: 44px; cursor: pointer; border-bottom: 1px solid var(--line); }
    .pick-list li:last-child { border-bottom: 0; }
    .pick-list li[aria-selected="true"], .pick-list li:hover { background: #eef3fb; }
    .pick-list li.none { color: var(--muted); cursor: default; }
    """
}
