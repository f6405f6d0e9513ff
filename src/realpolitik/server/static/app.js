/* realpolitik dashboard: draws the charts of a page from its data (no inline script runs:
   the data comes in <script type="application/json" id="page-data">). */
(function () {
  "use strict";
  var node = document.getElementById("page-data");
  var data = node ? JSON.parse(node.textContent) : {};
  var tables = data.tables || {};
  var QUADS = [
    ["verbal_cooperation", "verbal cooperation", "#7fb77e"],
    ["material_cooperation", "material cooperation", "#2e7d32"],
    ["verbal_conflict", "verbal conflict", "#ef9a9a"],
    ["material_conflict", "material conflict", "#c62828"],
  ];

  function chart(el) {
    var c = echarts.init(el, null, { renderer: "svg" });
    window.addEventListener("resize", function () { c.resize(); });
    return c;
  }
  function done(el) { el.setAttribute("data-rendered", "1"); }
  function withParams(path, changes) {
    var q = new URLSearchParams(window.location.search);
    Object.keys(changes).forEach(function (k) {
      if (changes[k] === null) { q.delete(k); } else { q.set(k, changes[k]); }
    });
    return path + "?" + q.toString();
  }
  function quadBars(el, rows, onClick) {
    var c = chart(el);
    c.setOption({
      animation: false,
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 40 },
      xAxis: { type: "category", data: rows.map(function (r) { return r.period; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: QUADS.map(function (q) {
        return { name: q[1], type: "bar", stack: "all", itemStyle: { color: q[2] },
                 data: rows.map(function (r) { return r[q[0]] || 0; }) };
      }),
    });
    if (onClick) {
      c.on("click", function (e) { onClick(rows[e.dataIndex]); });
    }
    done(el);
    return c;
  }

  var draw = {
    "dyad-series": function (el) {
      quadBars(el, tables.series || [], function (row) {
        window.location.href = withParams(window.location.pathname, { period: row.period }) + "#clusters";
      });
    },
    "actor-series": function (el) {
      var role = el.getAttribute("data-role");
      var byPeriod = {};
      (tables.series || []).forEach(function (r) { byPeriod[r.period] = true; });
      var periods = Object.keys(byPeriod).sort();
      var mine = {};
      (tables.series || []).forEach(function (r) { if (r.role === role) { mine[r.period] = r; } });
      quadBars(el, periods.map(function (p) { return mine[p] || { period: p }; }), null);
    },
    "multiple": function (el) {
      var a = el.getAttribute("data-a"), b = el.getAttribute("data-b");
      var rows = (tables.series || []).filter(function (r) { return r.a === (a < b ? a : b) && r.b === (a < b ? b : a); });
      var all = (tables.series || []).map(function (r) { return r.period; }).sort();
      var c = chart(el);
      c.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        grid: { left: 28, right: 6, top: 6, bottom: 20 },
        xAxis: { type: "time", min: all[0], max: all[all.length - 1],
                 axisLabel: { fontSize: 9, hideOverlap: true } },
        yAxis: { type: "value", axisLabel: { fontSize: 9 }, minInterval: 1 },
        series: [
          { name: "cooperation", type: "bar", stack: "x", itemStyle: { color: "#2e7d32" },
            data: rows.map(function (r) { return [r.period, r.cooperation]; }) },
          { name: "conflict", type: "bar", stack: "x", itemStyle: { color: "#c62828" },
            data: rows.map(function (r) { return [r.period, -r.conflict]; }) },
        ],
      });
      c.on("click", function () { window.location.href = el.getAttribute("data-href"); });
      done(el);
    },
    "stances": function (el) {
      var rows = tables.stances || [];
      var volume = {}, periods = {};
      rows.forEach(function (r) {
        volume[r.issue] = (volume[r.issue] || 0) + r.favor + r.against;
        periods[r.period] = true;
      });
      var issues = {};  // the six issues it takes most stances on: a chart, not a tangle
      Object.keys(volume).sort(function (a, b) { return volume[b] - volume[a]; })
        .slice(0, 6).forEach(function (k) { issues[k] = true; });
      var xs = Object.keys(periods).sort();
      var c = chart(el);
      c.setOption({
        animation: false,
        tooltip: { trigger: "axis" },
        legend: { top: 0, type: "scroll" },
        grid: { left: 40, right: 16, top: 32, bottom: 40 },
        xAxis: { type: "category", data: xs },
        yAxis: { type: "value", min: -1, max: 1, name: "for − against" },
        series: Object.keys(issues).map(function (iss) {
          var by = {};
          rows.forEach(function (r) { if (r.issue === iss) { by[r.period] = r.balance; } });
          return { name: iss, type: "line", connectNulls: true,
                   data: xs.map(function (p) { return by[p] === undefined ? null : by[p]; }) };
        }),
      });
      done(el);
    },
    "network": function (el) {
      var level = el.getAttribute("data-level");
      var nodes = tables.nodes || [], edges = tables.edges || [];
      var max = Math.max.apply(null, [1].concat(nodes.map(function (n) { return n.clusters; })));
      var emax = Math.max.apply(null, [1].concat(edges.map(function (e) { return e.clusters; })));
      var c = chart(el);
      c.setOption({
        animation: false,
        tooltip: {},
        series: [{
          type: "graph", layout: "force", roam: true, draggable: true, zoom: 0.75,
          force: { repulsion: 220, edgeLength: [40, 160], gravity: 0.08, layoutAnimation: false },
          label: { show: true, position: "right", fontSize: 11,
                   formatter: function (p) { return p.dataIndex < 25 ? p.data.name : ""; } },
          emphasis: { focus: "adjacency", label: { show: true } },
          data: nodes.map(function (n) {
            return { id: n.id, name: n.name, value: n.clusters,
                     symbolSize: 6 + 30 * Math.sqrt(n.clusters / max),
                     itemStyle: { color: n.kind === "person" ? "#1565c0" : n.kind === "state" ? "#6a1b9a" : "#546e7a" } };
          }),
          links: edges.map(function (e) {
            var g = e.goldstein_mean || 0;
            return { source: e.a, target: e.b, value: e.clusters,
                     lineStyle: { width: 0.5 + 5 * e.clusters / emax, opacity: 0.6,
                                  color: g > 0.5 ? "#2e7d32" : g < -0.5 ? "#c62828" : "#9e9e9e" } };
          }),
        }],
      });
      c.on("click", function (p) {
        if (p.dataType === "node" && level === "entity") {
          window.location.href = "/actor?id=" + encodeURIComponent(p.data.id);
        } else if (p.dataType === "edge") {
          window.location.href = withParams("/dyad", { a: p.data.source, b: p.data.target });
        }
      });
      done(el);
    },
  };

  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var f = draw[el.getAttribute("data-chart")];
    if (f) { f(el); }
  });

  // document page: layers on and off
  document.querySelectorAll("input[data-layer]").forEach(function (box) {
    box.addEventListener("change", function () {
      var text = document.getElementById("text");
      if (text) { text.classList.toggle("hide-" + box.getAttribute("data-layer"), !box.checked); }
    });
  });
  // the evidence in the middle of the screen, once the browser has jumped to #hit
  var hit = document.getElementById("hit");
  if (hit) {
    window.addEventListener("load", function () {
      setTimeout(function () { hit.scrollIntoView({ block: "center" }); }, 0);
    });
  }
})();
