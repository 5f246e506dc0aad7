/* The menu and the page contents open from every header button, at every width.
   pydata-sphinx-theme 0.17 and sphinx-book-theme 1.3 bind their handlers to the FIRST `.primary-toggle` and
   `.secondary-toggle` of the page, a navbar button that this theme combination never shows: the buttons a reader
   sees did nothing (below 992 px the menu could not be opened at all). A tap on any other toggle is passed on to
   the first one, whose handlers open the menu as a dialog on phones and tablets and fold the sidebar on wide
   screens. Plain DOM, no network. */
(function () {
  "use strict";
  function forward(selector) {
    var all = document.querySelectorAll(selector);
    if (all.length < 2) { return; }
    var first = all[0];
    Array.prototype.slice.call(all, 1).forEach(function (button) {
      if (button.dataset.sinorusForward) { return; }
      button.dataset.sinorusForward = "true";
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        first.click();
      });
    });
  }
  function run() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", run);
  } else {
    run();
  }
})();
