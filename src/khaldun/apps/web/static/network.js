/* The interaction network: actors as nodes, actor→recipient edges coloured by quad class. */
(function () {
  "use strict";
  var K = window.Khaldun;
  var SVGNS = "http://www.w3.org/2000/svg";
  var svg = document.getElementById("network");
  var form = document.getElementById("filters");
  var note = document.getElementById("net-note");
  var side = document.getElementById("net-selected");
  var graph = null;

  function svgEl(tag, attrs) {
    var e = document.createElementNS(SVGNS, tag);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }
  /** A small force layout: repulsion between all nodes, springs along edges, gravity. */
  function layout(nodes, edges, width, height) {
    var index = {};
    nodes.forEach(function (n, i) {
      index[n.id] = n;
      var a = 2 * Math.PI * i / nodes.length;
      n.x = width / 2 + Math.cos(a) * width / 3;
      n.y = height / 2 + Math.sin(a) * height / 3;
    });
    var k = Math.min(110, Math.sqrt(width * height / Math.max(1, nodes.length)) * 0.5);
    for (var step = 0; step < 300; step++) {
      var t = 0.1 * (1 - step / 300) * width / 10;
      nodes.forEach(function (n) { n.dx = 0; n.dy = 0; });
      for (var i = 0; i < nodes.length; i++) {
        for (var j = i + 1; j < nodes.length; j++) {
          var a = nodes[i], b = nodes[j];
          var dx = a.x - b.x, dy = a.y - b.y, d2 = Math.max(1, dx * dx + dy * dy);
          var f = k * k / d2;
          a.dx += dx * f; a.dy += dy * f; b.dx -= dx * f; b.dy -= dy * f;
        }
      }
      edges.forEach(function (e) {
        var a = index[e.source], b = index[e.target];
        var dx = a.x - b.x, dy = a.y - b.y, d = Math.max(1, Math.sqrt(dx * dx + dy * dy));
        var f = d / k;
        a.dx -= dx * f; a.dy -= dy * f; b.dx += dx * f; b.dy += dy * f;
      });
      nodes.forEach(function (n) {
        n.dx += (width / 2 - n.x) * 0.8; n.dy += (height / 2 - n.y) * 0.8;
        var d = Math.max(1, Math.sqrt(n.dx * n.dx + n.dy * n.dy));
        n.x = Math.min(width - 20, Math.max(20, n.x + n.dx / d * Math.min(d, t)));
        n.y = Math.min(height - 20, Math.max(20, n.y + n.dy / d * Math.min(d, t)));
      });
    }
    return index;
  }
  function draw(data) {
    while (svg.firstChild) { svg.removeChild(svg.firstChild); }
    var width = svg.clientWidth || 800, height = svg.clientHeight || 600;
    svg.setAttribute("viewBox", "0 0 " + width + " " + height);
    if (!data.nodes.length) { note.textContent = "No actor pairs match these filters."; return; }
    var index = layout(data.nodes, data.edges, width, height);
    var peak = Math.max.apply(null, data.edges.map(function (e) { return e.events; }));
    var topNode = Math.max.apply(null, data.nodes.map(function (n) { return n.events; }));
    var gEdges = svgEl("g", {"class": "edges"}), gNodes = svgEl("g", {"class": "nodes"});
    data.edges.forEach(function (e) {
      var a = index[e.source], b = index[e.target];
      var line = svgEl("line", {x1: a.x, y1: a.y, x2: b.x, y2: b.y, "class": "edge q" + e.quad,
        stroke: K.QUAD_COLORS[e.quad], "stroke-width": 1 + 5 * Math.sqrt(e.events / peak)});
      var title = svgEl("title", {});
      title.textContent = (a.name + " → " + b.name + ": " + e.events + " events (" +
                           K.QUAD_NAMES[e.quad] + " mostly)");
      line.appendChild(title);
      line.dataset.source = e.source;
      line.dataset.target = e.target;
      gEdges.appendChild(line);
    });
    var labelled = data.nodes.slice().sort(function (a, b) { return b.events - a.events; })
      .slice(0, 30).map(function (n) { return n.id; });
    data.nodes.forEach(function (n) {
      var g = svgEl("g", {"class": "node", transform: "translate(" + n.x + "," + n.y + ")",
                          tabindex: "0", role: "button"});
      g.dataset.id = n.id;
      var r = 4 + 12 * Math.sqrt(n.events / topNode);
      g.appendChild(svgEl("circle", {r: r}));
      var title = svgEl("title", {});
      title.textContent = n.name + " (" + n.events + " events)";
      g.appendChild(title);
      if (labelled.indexOf(n.id) >= 0) {
        var text = svgEl("text", {x: r + 3, y: 4});
        text.textContent = n.name;
        g.appendChild(text);
      }
      g.addEventListener("click", function () { select(n.id); });
      g.addEventListener("keydown", function (ev) { if (ev.key === "Enter") { select(n.id); } });
      gNodes.appendChild(g);
    });
    svg.appendChild(gEdges);
    svg.appendChild(gNodes);
    note.textContent = data.nodes.length + " actors, " + data.edges.length + " actor→recipient pairs";
  }
  function select(id) {
    var node = graph.nodes.filter(function (n) { return n.id === id; })[0];
    var near = {};
    near[id] = true;
    var partners = [];
    graph.edges.forEach(function (e) {
      if (e.source === id || e.target === id) {
        var other = e.source === id ? e.target : e.source;
        near[other] = true;
        partners.push({id: other, events: e.events, quad: e.quad, out: e.source === id});
      }
    });
    svg.querySelectorAll(".node").forEach(function (g) {
      g.classList.toggle("dim", !near[g.dataset.id]);
      g.classList.toggle("selected", g.dataset.id === id);
    });
    svg.querySelectorAll(".edge").forEach(function (l) {
      l.classList.toggle("dim", l.dataset.source !== id && l.dataset.target !== id);
    });
    document.getElementById("net-name").textContent = node.name;
    var q = K.formParams(form);
    q.set("actor", id);
    document.getElementById("net-events").href = "/?" + q.toString();
    document.getElementById("net-page").href = "/actors/" + encodeURIComponent(id);
    var ul = document.getElementById("net-partners");
    while (ul.firstChild) { ul.removeChild(ul.firstChild); }
    partners.sort(function (a, b) { return b.events - a.events; }).forEach(function (p) {
      var other = graph.nodes.filter(function (n) { return n.id === p.id; })[0];
      var li = K.el("li", (p.out ? "→ " : "← ") + other.name + " (" + p.events + ")", "quad q" + p.quad);
      ul.appendChild(li);
    });
    side.hidden = false;
  }
  document.getElementById("net-clear").addEventListener("click", function () {
    svg.querySelectorAll(".dim, .selected").forEach(function (e) {
      e.classList.remove("dim");
      e.classList.remove("selected");
    });
    side.hidden = true;
  });
  function load() {
    var p = K.formParams(form);
    history.replaceState(null, "", "/network" + (p.toString() ? "?" + p.toString() : ""));
    p.set("nodes", "60");
    K.getJSON("/api/network?" + p.toString()).then(function (data) {
      graph = data;
      draw(data);
    }).catch(function (e) { note.textContent = "Network: " + e.message; });
  }
  form.addEventListener("submit", function (ev) { ev.preventDefault(); side.hidden = true; load(); });
  form.elements.event.addEventListener("change", function () { side.hidden = true; load(); });
  load();
})();
