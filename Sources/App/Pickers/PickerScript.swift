import Vapor

/// The picker's few lines of script, served by the app (no CDN). An `<input data-pick="units" data-need="write">`
/// gets a list of suggestions as the person types; choosing one writes "Name (CODE)" into the field, and for
/// members also the id into the hidden field named by `data-pick-id`. Without script the field still works as a
/// search box that the server resolves.
enum PickerScript {
    @Sendable
    static func serve(req: Request) async throws -> Response { served(script) }

    /// A script of the app's own, as a response: no CDN, cached for an hour.
    static func served(_ script: String) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .init(type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: script))
    }

    static let script = #"""
    (function () {
      "use strict";
      var sources = { units: "\#(SiteURL.pickUnits.path)", members: "\#(SiteURL.pickMembers.path)", cells: "\#(SiteURL.pickCells.path)" };
      function setup(input) {
        var kind = input.getAttribute("data-pick");
        if (!sources[kind]) return;
        var hidden = input.getAttribute("data-pick-id") ? input.form.querySelector("input[name='" + input.getAttribute("data-pick-id") + "']") : null;
        var list = document.createElement("ul");
        list.className = "pick-list";
        list.setAttribute("role", "listbox");
        list.id = "pick-" + Math.random().toString(36).slice(2);
        list.hidden = true;
        input.setAttribute("autocomplete", "off");
        input.setAttribute("role", "combobox");
        input.setAttribute("aria-autocomplete", "list");
        input.setAttribute("aria-controls", list.id);
        input.setAttribute("aria-expanded", "false");
        input.insertAdjacentElement("afterend", list);
        var timer = null, seq = 0, active = -1;
        function close() { list.hidden = true; list.innerHTML = ""; active = -1; input.setAttribute("aria-expanded", "false"); }
        function choose(item) {
          input.value = item.value;
          if (hidden) hidden.value = item.id;
          close();
          input.dispatchEvent(new Event("change", { bubbles: true }));
        }
        function mark(i) {
          var items = list.querySelectorAll("li");
          if (!items.length) return;
          active = (i + items.length) % items.length;
          items.forEach(function (li, n) { li.setAttribute("aria-selected", n === active ? "true" : "false"); });
          items[active].scrollIntoView({ block: "nearest" });
        }
        function show(items) {
          list.innerHTML = "";
          items.forEach(function (item) {
            var li = document.createElement("li");
            li.setAttribute("role", "option");
            li.textContent = item.label;
            li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(item); });
            li._item = item;
            list.appendChild(li);
          });
          if (!items.length) {
            var none = document.createElement("li");
            none.className = "none";
            none.textContent = input.getAttribute("data-none") || "—";
            list.appendChild(none);
          }
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        input.addEventListener("input", function () {
          if (hidden) hidden.value = "";
          clearTimeout(timer);
          var q = input.value.trim();
          if (q.length < 2) { close(); return; }
          timer = setTimeout(function () {
            var mine = ++seq;
            var url = sources[kind] + "?q=" + encodeURIComponent(q) + "&need=" + encodeURIComponent(input.getAttribute("data-need") || "read");
            fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
              .then(function (r) { return r.ok ? r.json() : []; })
              .then(function (items) { if (mine === seq) show(items); })
              .catch(function () {});
          }, 200);
        });
        input.addEventListener("keydown", function (e) {
          if (list.hidden) return;
          if (e.key === "ArrowDown") { e.preventDefault(); mark(active + 1); }
          else if (e.key === "ArrowUp") { e.preventDefault(); mark(active - 1); }
          else if (e.key === "Enter" && active >= 0) { e.preventDefault(); choose(list.querySelectorAll("li")[active]._item); }
          else if (e.key === "Escape") { close(); }
        });
        input.addEventListener("blur", function () { setTimeout(close, 150); });
      }
      function init() { document.querySelectorAll("input[data-pick]").forEach(setup); }
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
    })();
    """#
}
