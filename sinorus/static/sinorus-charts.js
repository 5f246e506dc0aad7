/* Draws every figure of the page from its inert JSON specification with the book's own copy of Vega
   (sinorus-vega.js, loaded before this file). No network, no inline script: works from file:// and under a
   Content-Security-Policy that allows scripts from the book only. */
(function () {
  "use strict";
  function draw() {
    var figures = document.querySelectorAll(".sinorus-figure");
    figures.forEach(function (fig) {
      var target = fig.querySelector(".sinorus-chart");
      var specNode = fig.querySelector("script.sinorus-spec");
      if (!target || !specNode || target.dataset.drawn) { return; }
      var spec = JSON.parse(specNode.textContent);
      window.vegaEmbed(target, spec, { actions: false, renderer: "svg" })
        .then(function () { target.dataset.drawn = "true"; })
        .catch(function (err) {
          target.dataset.drawn = "error";
          target.textContent = "This chart could not be drawn: " + err;
          console.error("sinorus: figure " + fig.dataset.figure + ": " + err);
        });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
