// vigil report: sorting, filtering and plots, offline. Everything that came from the wire is already
// escaped text in the page; this script reads the page through textContent and data attributes and
// writes only through textContent and setAttribute, never as HTML, so a name cannot become markup.
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";

  function svgEl(name, attrs, text) {
    var e = document.createElementNS(SVG, name);
    for (var k in attrs) e.setAttribute(k, attrs[k]);
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function span(s) {
    if (!(s > 0)) return "0 s";
    if (s < 1) return (s * 1000).toFixed(0) + " ms";
    if (s < 120) return (s < 10 ? s.toFixed(1) : s.toFixed(0)) + " s";
    if (s < 7200) return (s / 60).toFixed(s < 600 ? 1 : 0) + " min";
    if (s < 172800) return (s / 3600).toFixed(s < 36000 ? 1 : 0) + " h";
    return (s / 86400).toFixed(s < 864000 ? 1 : 0) + " d";
  }

  function utc(s) {
    return new Date(s * 1000).toISOString().slice(0, 16).replace("T", " ");
  }

  // A bar chart: counts left to right, with the axis labels given. Returns the <svg>.
  function barChart(counts, opts) {
    var W = opts.width, H = 96, left = 46, right = 8, top = 8, bottom = 26;
    var plotW = W - left - right, plotH = H - top - bottom;
    var max = 0;
    for (var i = 0; i < counts.length; i++) max = Math.max(max, counts[i]);
    var svg = svgEl("svg", { width: W, height: H, viewBox: "0 0 " + W + " " + H, role: "img" });
    svg.appendChild(svgEl("title", {}, opts.title));
    var bw = plotW / counts.length;
    for (i = 0; i < counts.length; i++) {
      if (!counts[i]) continue;
      var h = Math.max(1, (counts[i] / max) * plotH);
      var bar = svgEl("rect", { class: "bar", x: (left + i * bw + 0.5).toFixed(1), y: (top + plotH - h).toFixed(1),
                                width: Math.max(1, bw - 1).toFixed(1), height: h.toFixed(1) });
      bar.appendChild(svgEl("title", {}, opts.barLabel(i) + ": " + (opts.value || String)(counts[i])));
      svg.appendChild(bar);
    }
    svg.appendChild(svgEl("line", { class: "axis", x1: left, y1: top + plotH, x2: W - right, y2: top + plotH }));
    svg.appendChild(svgEl("line", { class: "axis", x1: left, y1: top, x2: left, y2: top + plotH }));
    var value = opts.value || String;
    svg.appendChild(svgEl("text", { x: left - 4, y: top + 8, "text-anchor": "end" }, value(max)));
    svg.appendChild(svgEl("text", { x: left - 4, y: top + plotH, "text-anchor": "end" }, "0"));
    (opts.ticks || []).forEach(function (t) {
      var x = left + t.at * plotW;
      svg.appendChild(svgEl("line", { class: "axis", x1: x, y1: top + plotH, x2: x, y2: top + plotH + 4 }));
      svg.appendChild(svgEl("text", { x: x, y: H - 8, "text-anchor": t.anchor || "middle" }, t.label));
    });
    (opts.marks || []).forEach(function (m) {
      var x = left + m.at * plotW;
      svg.appendChild(svgEl("line", { class: "mark", x1: x, y1: top - 2, x2: x, y2: top + plotH }));
      svg.appendChild(svgEl("text", { class: "mark-label", x: x + 4, y: top + 8 }, m.label));
    });
    return svg;
  }

  function plotBox(title, svg, note) {
    var box = document.createElement("div");
    box.className = "plot";
    var t = document.createElement("div");
    t.className = "title";
    t.textContent = title + (note ? " — " + note : "");
    box.appendChild(t);
    box.appendChild(svg);
    return box;
  }

  function bytes(b) {
    if (b < 10000) return b.toFixed(0) + " B";
    if (b < 1e7) return (b / 1e3).toFixed(1) + " kB";
    if (b < 1e10) return (b / 1e6).toFixed(1) + " MB";
    return (b / 1e9).toFixed(1) + " GB";
  }

  // How a value on each kind of axis reads (PlotAxis in src/report/plot_spec.h).
  var AXIS_LABELS = {
    time: utc,
    seconds: function (x) { return x <= 0 ? "0" : span(x); },
    hour: function (x) { return (x < 10 ? "0" : "") + Math.round(x) + ":00"; },
    bytes: function (x) { return bytes(Math.max(0, x)); },
    number: function (x) { return String(Number(x.toPrecision(3))); }
  };

  // data-plots: plots split by "|", fields by ";": title;axis;start;step;counts;marks;tick_every;note;values
  // (numbers and vigil's own labels, written by src/report/html_report.cc).
  function parsePlots(text) {
    return text.split("|").map(function (p) {
      var f = p.split(";");
      return {
        title: f[0], axis: f[1], start: Number(f[2]), step: Number(f[3]),
        counts: f[4] ? f[4].split(",").map(Number) : [],
        marks: (f[5] ? f[5].split(",") : []).map(function (m) {
          var colon = m.indexOf(":");
          return { at: Number(m.slice(0, colon)), label: m.slice(colon + 1) };
        }),
        tick: Number(f[6]) || 0, note: f[7] || "", values: f[8] || "count"
      };
    });
  }

  function drawPlot(p) {
    var label = AXIS_LABELS[p.axis] || AXIS_LABELS.number;
    var n = p.counts.length, end = p.start + n * p.step;
    function at(x) { return n && p.step > 0 ? (x - p.start) / (n * p.step) : 0; }
    var ticks = [];
    if (p.tick > 0 && p.step > 0) {
      var every = p.tick;
      while ((end - p.start) / every > 8) every *= 2;
      for (var x = Math.ceil(p.start / every) * every; x < end - 1e-9 * every; x += every) ticks.push({ at: at(x), label: label(x) });
    } else if (n) {
      ticks = [{ at: 0, label: label(p.start), anchor: "start" }, { at: 1, label: label(end), anchor: "end" }];
    }
    var svg = barChart(p.counts, {
      width: Math.min(440, Math.max(240, 60 + 4 * n)), title: p.title, ticks: ticks,
      value: p.values === "bytes" ? bytes : String,
      marks: p.marks.map(function (m) { return { at: at(m.at), label: m.label }; }),
      barLabel: function (i) {
        return p.axis === "hour" ? label(p.start + i * p.step)
                                 : label(p.start + i * p.step) + " – " + label(p.start + (i + 1) * p.step);
      }
    });
    return plotBox(p.title, svg, p.note);
  }

  function drawPlots(finding) {
    var holders = finding.querySelectorAll(".plots[data-plots]");
    for (var i = 0; i < holders.length; i++) {
      if (holders[i].getAttribute("data-drawn")) continue;
      holders[i].setAttribute("data-drawn", "1");
      var plots = parsePlots(holders[i].getAttribute("data-plots"));
      for (var k = 0; k < plots.length; k++) holders[i].appendChild(drawPlot(plots[k]));
    }
  }

  // A table's rows: one <tbody> per finding, or the rows of the hosts table.
  function rowsOf(table) {
    return table.tBodies.length > 1 ? Array.prototype.slice.call(table.tBodies)
                                    : Array.prototype.slice.call(table.tBodies[0].rows);
  }

  // Pages: of the rows the filters keep ("out" marks the others), the first `limit` are laid out and the
  // rest carry "later" until "show more".
  var limits = {};
  function paginate(table) {
    var pager = document.querySelector('.pager[data-table="' + table.id + '"]');
    var step = Number(pager.getAttribute("data-page")) || 200;
    var limit = limits[table.id] || step, kept = 0, rows = rowsOf(table);
    rows.forEach(function (r) {
      var out = r.classList.contains("out");
      r.classList.toggle("later", !out && kept >= limit);
      if (!out) kept++;
    });
    pager.querySelector(".count").textContent = "showing " + Math.min(kept, limit) + " of " + kept +
        (kept === rows.length ? "" : " matching (" + rows.length + " in all)");
    pager.querySelector(".more").hidden = kept <= limit;
  }

  // Sorting: a click on a header sorts its table's rows by that column's data attribute.
  function sortBy(th) {
    var table = th.closest("table");
    var key = th.getAttribute("data-key"), numeric = th.classList.contains("num");
    var descending = th.getAttribute("aria-sort") !== "descending";
    table.querySelectorAll("th").forEach(function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = rowsOf(table), parent = rows[0] && rows[0].parentNode;
    if (!parent) return;
    rows.sort(function (a, b) {
      var x = a.getAttribute("data-" + key) || "", y = b.getAttribute("data-" + key) || "";
      var c = numeric ? Number(x) - Number(y) : x.localeCompare(y, undefined, { numeric: true });
      return descending ? -c : c;
    });
    var frag = document.createDocumentFragment();
    rows.forEach(function (r) { frag.appendChild(r); });
    parent.appendChild(frag);
    paginate(table);
  }

  function applyFilters() {
    var host = document.getElementById("f-host").value.trim().toLowerCase();
    var detector = document.getElementById("f-detector").value;
    var min = Number(document.getElementById("f-score").value) || 0;
    function has(r, attr, text) { return (r.getAttribute(attr) || "").toLowerCase().indexOf(text) >= 0; }
    var findings = document.getElementById("findings-table"), hosts = document.getElementById("hosts-table");
    rowsOf(findings).forEach(function (f) {
      var ok = (!host || has(f, "data-host", host) || has(f, "data-dest", host)) &&
               (!detector || f.getAttribute("data-detector") === detector) &&
               Number(f.getAttribute("data-score")) >= min;
      f.classList.toggle("out", !ok);
    });
    rowsOf(hosts).forEach(function (h) {
      var ok = (!host || has(h, "data-host", host)) &&
               (!detector || (" " + h.getAttribute("data-detectors") + " ").indexOf(" " + detector + " ") >= 0) &&
               Number(h.getAttribute("data-score")) >= min;
      h.classList.toggle("out", !ok);
    });
    limits = {};
    paginate(findings);
    paginate(hosts);
  }

  function toggleFinding(finding) {
    finding.classList.toggle("open");
    if (finding.classList.contains("open")) drawPlots(finding);
  }

  document.addEventListener("click", function (e) {
    var th = e.target.closest("th[data-key]");
    if (th) return sortBy(th);
    var toggle = e.target.closest("a.toggle");
    if (toggle) {
      e.preventDefault();
      return toggleFinding(toggle.closest("tbody.finding"));
    }
    var more = e.target.closest(".pager .more");
    if (more) {
      var pager = more.closest(".pager"), id = pager.getAttribute("data-table");
      limits[id] = (limits[id] || Number(pager.getAttribute("data-page"))) + Number(pager.getAttribute("data-page"));
      return paginate(document.getElementById(id));
    }
    var link = e.target.closest("[data-host-filter]");
    if (link) {
      document.getElementById("f-host").value = link.getAttribute("data-host-filter");
      applyFilters();
    }
    // A link to a finding (from the hosts table) opens it, and lays it out if it was on a later page.
    var to = e.target.closest('a[href^="#f-"]');
    if (to) {
      var target = document.getElementById(to.getAttribute("href").slice(1));
      if (target) {
        target.classList.remove("later", "out");
        if (!target.classList.contains("open")) toggleFinding(target);
      }
    }
  });
  ["f-host", "f-detector", "f-score"].forEach(function (id) {
    document.getElementById(id).addEventListener("input", applyFilters);
  });
  paginate(document.getElementById("findings-table"));
  paginate(document.getElementById("hosts-table"));
  document.querySelectorAll("tbody.finding.open").forEach(drawPlots);
  document.documentElement.setAttribute("data-ready", String(Math.round(performance.now())));
})();
