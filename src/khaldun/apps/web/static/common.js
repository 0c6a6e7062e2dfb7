/* Khaldun pages: shared helpers (no inline scripts: the Content-Security-Policy forbids them). */
(function () {
  "use strict";
  var K = window.Khaldun = {};
  K.QUAD_COLORS = {1: "#3b7dd8", 2: "#1a9850", 3: "#e69a1c", 4: "#d7301f"};
  K.QUAD_NAMES = {1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                  4: "material conflict"};
  /** Query parameters of a filter form, without empty values or defaults. */
  K.formParams = function (form) {
    var p = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      var v = String(value).trim();
      if (v !== "") { p.set(key, v); }
    });
    if (p.get("negated") === "exclude") { p.delete("negated"); }
    if (p.get("historical") === "exclude") { p.delete("historical"); }
    return p;
  };
  /** An element with text content only (never HTML). */
  K.el = function (tag, text, cls) {
    var e = document.createElement(tag);
    if (text !== undefined && text !== null) { e.textContent = String(text); }
    if (cls) { e.className = cls; }
    return e;
  };
  K.getJSON = function (url) {
    return fetch(url, {headers: {"Accept": "application/json"}}).then(function (r) {
      if (!r.ok) { return r.json().then(function (b) { throw new Error(b.error.message); }); }
      return r.json();
    });
  };
  // Bar heights of server-rendered bar charts (CSS cannot read data-h).
  document.querySelectorAll(".bars .bar[data-h]").forEach(function (bar) {
    bar.style.height = Math.max(1, Number(bar.getAttribute("data-h"))) + "%";
  });
})();
