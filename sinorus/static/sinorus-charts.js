/* Draws every figure of the page from its specification (a script file beside the page, or inert JSON) with the book's own copy of Vega
   (sinorus-vega.js, loaded before this file). No network, no inline script: works from file:// and under a
   Content-Security-Policy that allows scripts from the book only.

   Every chart fits its column at every width from 360 px up:
   - on a narrow column, legends list their entries in one column, and long legend and axis labels are cut to the
     room there is, with the full text as the label's tooltip (and in the figure's description and data table);
   - a drawing that still comes out wider than its column (fixed widths, side-by-side views) is scaled down to
     the column as a whole, so no mark, label or legend entry falls outside the figure;
   - charts are drawn again, at the new width, when the column changes width (a phone turned, a window resized).
   Sources in the data tables are shown by their bibliography labels, linked here to their entries. */
(function () {
  "use strict";
  var NARROW = 600;

  function root() {
    var r = document.documentElement.getAttribute("data-content_root");
    return r === null ? "" : r;
  }

  function citeId(key) {
    // docutils' make_id, as sphinxcontrib-bibtex applies it to "cite-{key}" (bibtex_cite_id in _config.yml)
    return "cite-" + key.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
  }

  function linkSources(scope) {
    scope.querySelectorAll("a.sinorus-cite[data-cite]").forEach(function (a) {
      a.href = root() + "book/references.html#" + citeId(a.dataset.cite);
    });
  }

  function narrowConfig(spec, width) {
    var s = JSON.parse(JSON.stringify(spec));
    s.config = s.config || {};
    var legend = s.config.legend = s.config.legend || {};
    legend.columns = 1;
    legend.labelLimit = Math.max(120, width - 40);
    legend.titleLimit = Math.max(120, width - 40);
    var axis = s.config.axis = s.config.axis || {};
    axis.labelLimit = Math.max(70, Math.round(width * 0.38));
    axis.titleLimit = Math.max(120, width - 40);
    var axisY = s.config.axisY = s.config.axisY || {};
    if (axisY.titleLimit === undefined) { axisY.titleLimit = 240; }
    return s;
  }

  function fullTexts(view) {
    // every value a scale of the chart can show, to put back the text of a label cut to fit
    var out = [];
    try {
      var names = Object.keys(view._runtime.scales || {});
      names.forEach(function (n) {
        var d = view.scale(n).domain();
        if (d) { d.forEach(function (v) { if (typeof v === "string") { out.push(v); } }); }
      });
    } catch (e) { /* no scales to read */ }
    return out;
  }

  function titleCutLabels(svg, view) {
    // Vega cuts a label too long for its room with an ellipsis, at its end (or its start, for right-aligned
    // labels): the label gets the full text as its tooltip
    var all = null;
    svg.querySelectorAll("text").forEach(function (t) {
      var s = t.textContent, atEnd = s.slice(-1) === "\u2026", atStart = s.charAt(0) === "\u2026";
      if (!atEnd && !atStart) { return; }
      all = all || fullTexts(view);
      var stem = atEnd ? s.slice(0, -1) : s.slice(1);
      var full = all.filter(function (v) {
        return atEnd ? v.indexOf(stem) === 0 : v.slice(-stem.length) === stem;
      })[0];
      if (full && !t.querySelector("title")) {
        var title = document.createElementNS("http://www.w3.org/2000/svg", "title");
        title.textContent = full;
        t.appendChild(title);
        t.style.pointerEvents = "auto";
      }
    });
  }

  function fitToColumn(target) {
    // scale the whole drawing down when its contents are wider than the column (nothing drawn outside it)
    var svg = target.querySelector("svg");
    if (!svg) { return; }
    svg.removeAttribute("viewBox");
    svg.style.width = "";
    svg.style.height = "";
    var column = target.getBoundingClientRect().width;
    var w = parseFloat(svg.getAttribute("width")), h = parseFloat(svg.getAttribute("height"));
    var box;
    try { box = svg.getBBox(); } catch (e) { return; }
    var left = Math.min(0, box.x), top = Math.min(0, box.y);
    var right = Math.max(w, box.x + box.width), bottom = Math.max(h, box.y + box.height);
    var contentW = right - left, contentH = bottom - top;
    if (contentW <= column + 0.5 && left >= -0.5 && right <= w + 0.5 && top >= -0.5 && bottom <= h + 0.5) { return; }
    svg.setAttribute("viewBox", [left, top, contentW, contentH].join(" "));
    var scale = Math.min(1, column / contentW);
    svg.style.width = (contentW * scale) + "px";
    svg.style.height = (contentH * scale) + "px";
    svg.setAttribute("width", contentW * scale);
    svg.setAttribute("height", contentH * scale);
  }

  function drawOne(fig) {
    var target = fig.querySelector(".sinorus-chart");
    var specNode = fig.querySelector("script.sinorus-spec");
    if (!target || !specNode) { return; }
    // the specification is a file beside the page (sinorus/sphinx/assets.py) that registered itself by its key,
    // or, in a notebook's output, inline JSON
    var spec = specNode.dataset.spec ? (window.sinorusSpecs || {})[specNode.dataset.spec] : JSON.parse(specNode.textContent);
    if (!spec) { target.dataset.drawn = "error"; console.error("sinorus: figure " + fig.dataset.figure + ": no specification"); return; }
    spec = JSON.parse(JSON.stringify(spec));  // a fresh copy for each drawing: Vega may change what it is given
    var width = target.getBoundingClientRect().width;
    if (width && width < NARROW) { spec = narrowConfig(spec, width); }
    target.dataset.width = String(Math.round(width));
    if (fig.sinorusView) { try { fig.sinorusView.finalize(); } catch (e) { /* already gone */ } }
    return window.vegaEmbed(target, spec, { actions: false, renderer: "svg" })
      .then(function (result) {
        fig.sinorusView = result.view;
        var svg = target.querySelector("svg");
        if (svg) { titleCutLabels(svg, result.view); }
        fitToColumn(target);
        target.dataset.drawn = "true";
      })
      .catch(function (err) {
        target.dataset.drawn = "error";
        target.textContent = "This chart could not be drawn: " + err;
        console.error("sinorus: figure " + fig.dataset.figure + ": " + err);
      });
  }

  function draw() {
    document.querySelectorAll(".sinorus-figure").forEach(function (fig) {
      linkSources(fig);
      var target = fig.querySelector(".sinorus-chart");
      if (!target || target.dataset.drawn) { return; }
      drawOne(fig);
    });
  }

  var timer = null;
  function redrawChanged() {
    document.querySelectorAll(".sinorus-figure").forEach(function (fig) {
      var target = fig.querySelector(".sinorus-chart");
      if (!target || target.dataset.drawn !== "true") { return; }
      var width = Math.round(target.getBoundingClientRect().width);
      if (width && String(width) !== target.dataset.width) { drawOne(fig); }
    });
  }
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(redrawChanged, 200);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
