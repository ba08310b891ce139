import Vapor

/// The registration check while the member types: a few lines of script served by the app (no external asset).
/// Each `<fieldset data-check="N">` of the form asks the server's check (the same function the save runs) after a
/// pause in typing and lists the flags in its `[data-flags]` box. Without script the flags appear after saving.
enum CheckScript {
    @Sendable
    static func serve(req: Request) async throws -> Response { PickerScript.served(script) }

    static let script = #"""
    (function () {
      "use strict";
      var form = document.querySelector("form[data-check-url]");
      if (!form) return;
      var url = form.getAttribute("data-check-url");
      var member = form.getAttribute("data-member") || "";
      form.querySelectorAll("fieldset[data-check]").forEach(function (set) {
        var n = set.getAttribute("data-check");
        var box = set.querySelector("[data-flags]");
        var timer = null, seq = 0;
        function field(name) { var el = set.querySelector("[name='" + name + n + "']"); return el ? el.value : ""; }
        function run() {
          var action = field("action");
          if (!action.trim()) { box.innerHTML = ""; return; }
          var q = "action=" + encodeURIComponent(action) + "&result=" + encodeURIComponent(field("result")) +
                  "&deadline=" + encodeURIComponent(field("deadline")) + (member ? "&member=" + encodeURIComponent(member) : "");
          var mine = ++seq;
          fetch(url + "?" + q, { credentials: "same-origin", headers: { "Accept": "application/json" } })
            .then(function (r) { return r.ok ? r.json() : { flags: [] }; })
            .then(function (data) {
              if (mine !== seq) return;
              box.innerHTML = "";
              (data.flags || []).forEach(function (f) {
                var li = document.createElement("li");
                li.className = "flag flag-" + f.code;
                li.textContent = f.message;
                box.appendChild(li);
              });
            }).catch(function () {});
        }
        set.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 400); });
      });
    })();
    """#
}
