/* The events page: outline map with clustered points, a brushable timeline, the list. */
(function () {
  "use strict";
  var K = window.Khaldun;
  var form = document.getElementById("filters");
  var list = document.getElementById("list");
  var mapNote = document.getElementById("map-note");
  var svg = document.getElementById("timeline");
  var timelineNote = document.getElementById("timeline-note");
  var clearBrush = document.getElementById("clear-brush");
  var DAY = 86400000;
  var SVGNS = "http://www.w3.org/2000/svg";

  // ------------------------------------------------------------------ map
  var map = L.map("map", {attributionControl: false, worldCopyJump: true, minZoom: 1,
                          maxZoom: 12, zoomSnap: 0.5}).setView([25, 20], 1.5);
  fetch("/static/countries-110m.geojson").then(function (r) { return r.json(); })
    .then(function (world) {
      L.geoJSON(world, {interactive: false, style: {color: "#9a968c", weight: 0.7,
        fillColor: "#f3f0e8", fillOpacity: 1}}).addTo(map).bringToBack();
    });
  function dominant(markers) {
    var counts = {1: 0, 2: 0, 3: 0, 4: 0}, best = 1;
    markers.forEach(function (m) { counts[m.options.quad] += 1; });
    [2, 3, 4].forEach(function (q) { if (counts[q] > counts[best]) { best = q; } });
    return best;
  }
  var clusters = L.markerClusterGroup({
    maxClusterRadius: 45, showCoverageOnHover: false,
    iconCreateFunction: function (c) {
      var n = Number(c.getChildCount());
      var size = n < 10 ? 28 : n < 100 ? 34 : n < 1000 ? 40 : 46;
      return L.divIcon({html: "<span>" + n + "</span>", iconSize: [size, size],
                        className: "cl cl-q" + dominant(c.getAllChildMarkers())});
    }
  }).addTo(map);
  function popup(p) {
    var box = K.el("div", null, "popup");
    box.appendChild(K.el("strong", p[4]));
    box.appendChild(K.el("span", " " + (p[5] || "undated") + " · " + K.QUAD_NAMES[p[3]]));
    var a = K.el("a", "open event");
    a.href = "/events/" + encodeURIComponent(p[0]);
    box.appendChild(K.el("br"));
    box.appendChild(a);
    return box;
  }
  function loadPoints(p) {
    K.getJSON("/api/points?" + p.toString()).then(function (data) {
      clusters.clearLayers();
      var markers = data.items.map(function (pt) {
        var color = K.QUAD_COLORS[pt[3]] || "#666";
        var m = L.circleMarker([pt[1], pt[2]], {radius: 6, color: "#fff", weight: 1,
          fillColor: color, fillOpacity: 0.9, quad: pt[3], className: "pt pt-q" + pt[3]});
        m.bindPopup(function () { return popup(pt); });
        return m;
      });
      clusters.addLayers(markers);
      var parts = [];
      parts.push(data.located.toLocaleString() + " located event" + (data.located === 1 ? "" : "s"));
      if (data.items.length < data.located) {
        parts.push("showing the newest " + data.items.length.toLocaleString());
      }
      parts.push(data.without_location.toLocaleString() + " event" +
                 (data.without_location === 1 ? "" : "s") + " without a location");
      mapNote.textContent = parts.join(" · ");
      if (markers.length) {
        map.fitBounds(clusters.getBounds().pad(0.2), {maxZoom: 6});
      }
    }).catch(function (e) { mapNote.textContent = "Map: " + e.message; });
  }

  // ------------------------------------------------------------------ timeline
  var tl = {days: null, start: 0, span: 1};
  function dayNumber(text) {
    var y = Number(text.slice(0, 4)), m = Number(text.slice(5, 7)), d = Number(text.slice(8, 10));
    return Math.round(Date.UTC(y, m - 1, d) / DAY);
  }
  function dayText(n) { return new Date(n * DAY).toISOString().slice(0, 10); }
  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  function drawTimeline(byDay) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var width = svg.clientWidth || 600, height = svg.clientHeight || 120;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    if (!byDay.length) { timelineNote.textContent = "No dated events."; tl.days = null; return; }
    var first = dayNumber(byDay[0].day), last = dayNumber(byDay[byDay.length - 1].day);
    var span = last - first + 1, bins = Math.min(span, Math.max(20, Math.floor(width / 5)));
    var per = Math.ceil(span / bins);
    bins = Math.ceil(span / per);
    var counts = new Array(bins).fill(0);
    byDay.forEach(function (r) { counts[Math.floor((dayNumber(r.day) - first) / per)] += r.count; });
    var peak = Math.max.apply(null, counts), barW = width / bins;
    tl.start = first; tl.span = bins * per; tl.per = per; tl.width = width; tl.days = true;
    counts.forEach(function (n, i) {
      if (!n) { return; }
      var h = Math.max(1, (height - 16) * n / peak);
      var rect = svgEl("rect", {x: i * barW, y: height - 14 - h, width: Math.max(1, barW - 1),
                                height: h, "class": "tbar"});
      var title = svgEl("title", {});
      title.textContent = dayText(first + i * per) + (per > 1 ? " (+" + (per - 1) + " days)" : "") + ": " + n;
      rect.appendChild(title);
      svg.appendChild(rect);
    });
    var label1 = svgEl("text", {x: 2, y: height - 2, "class": "tlabel"});
    label1.textContent = dayText(first);
    var label2 = svgEl("text", {x: width - 2, y: height - 2, "class": "tlabel end"});
    label2.textContent = dayText(last);
    svg.appendChild(label1);
    svg.appendChild(label2);
    timelineNote.textContent = per === 1 ? "one bar a day" : "one bar per " + per + " days";
    drawBrush();
  }
  function xOfDay(n) { return (n - tl.start) / tl.span * tl.width; }
  /** The bar under x (brushes snap to whole bars): its first and last day. */
  function binOfX(x) {
    var i = Math.floor(Math.max(0, Math.min(tl.width - 0.01, x)) / tl.width * tl.span / tl.per);
    return [tl.start + i * tl.per, tl.start + (i + 1) * tl.per - 1];
  }
  function setRange(xa, xb) {
    var a = Math.min(xa, xb), b = Math.max(xa, xb);
    form.elements.since.value = dayText(binOfX(a)[0]);
    form.elements.until.value = dayText(binOfX(b)[1]);
  }
  function drawBrush() {
    var old = svg.querySelector(".brush");
    if (old) { svg.removeChild(old); }
    var since = form.elements.since.value, until = form.elements.until.value;
    clearBrush.hidden = !(since || until);
    if (!tl.days || !(since || until)) { return; }
    var x0 = since ? xOfDay(dayNumber(since)) : 0;
    var x1 = until ? xOfDay(dayNumber(until) + 1) : tl.width;
    svg.appendChild(svgEl("rect", {x: Math.max(0, x0), y: 0, height: "100%", "class": "brush",
      width: Math.max(2, Math.min(tl.width, x1) - Math.max(0, x0))}));
  }
  var drag = null;
  function svgX(ev) { var box = svg.getBoundingClientRect(); return (ev.clientX - box.left) * (tl.width / box.width); }
  svg.addEventListener("pointerdown", function (ev) {
    if (!tl.days) { return; }
    drag = {x0: svgX(ev)};
    svg.setPointerCapture(ev.pointerId);
  });
  svg.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    setRange(drag.x0, svgX(ev));
    drawBrush();
  });
  svg.addEventListener("pointerup", function (ev) {
    if (!drag) { return; }
    setRange(drag.x0, svgX(ev));
    drag = null;
    refresh(true);
  });
  clearBrush.addEventListener("click", function () {
    form.elements.since.value = "";
    form.elements.until.value = "";
    refresh(true);
  });

  function drawTypes(byType) {
    var ul = document.getElementById("types");
    while (ul.firstChild) { ul.removeChild(ul.firstChild); }
    byType.forEach(function (t) {
      var li = K.el("li");
      var b = K.el("button", t.event + " " + t.count.toLocaleString(), "typebtn");
      b.type = "button";
      b.addEventListener("click", function () { form.elements.event.value = t.event; refresh(false); });
      li.appendChild(b);
      ul.appendChild(li);
    });
  }
  function loadStats(p, keepTimeline) {
    var undated = new URLSearchParams(p);
    undated.delete("since");
    undated.delete("until");
    if (!keepTimeline) {
      K.getJSON("/api/stats?" + undated.toString()).then(function (s) { drawTimeline(s.by_day); });
    } else {
      drawBrush();
    }
    K.getJSON("/api/stats?" + p.toString()).then(function (s) { drawTypes(s.by_type); });
  }

  // ------------------------------------------------------------------ list
  function loadList(p, offset) {
    var q = new URLSearchParams(p);
    if (offset) { q.set("offset", offset); }
    list.setAttribute("aria-busy", "true");
    return fetch("/fragments/events?" + q.toString()).then(function (r) { return r.text(); })
      .then(function (html) {
        list.innerHTML = html;  // server-rendered by Jinja2 with every value escaped
        list.removeAttribute("aria-busy");
      });
  }
  list.addEventListener("click", function (ev) {
    var a = ev.target.closest(".pager a[data-offset]");
    if (!a) { return; }
    ev.preventDefault();
    loadList(K.formParams(form), a.getAttribute("data-offset"));
    list.scrollIntoView();
  });

  function updateDownloads(p) {
    document.querySelectorAll("a.download").forEach(function (a) {
      var q = new URLSearchParams(p);
      q.set("format", a.getAttribute("data-format"));
      a.href = "/api/export?" + q.toString();
    });
  }
  function refresh(keepTimeline) {
    var p = K.formParams(form);
    history.replaceState(null, "", "/" + (p.toString() ? "?" + p.toString() : ""));
    updateDownloads(p);
    loadList(p, 0);
    loadPoints(p);
    loadStats(p, keepTimeline);
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); refresh(false); });
  form.elements.event.addEventListener("change", function () { refresh(false); });
  var p0 = K.formParams(form);
  loadPoints(p0);
  loadStats(p0, false);
  window.addEventListener("resize", function () { loadStats(K.formParams(form), false); });
})();
