/* Search and sort for tables inside a `.sinorus-searchable` block: a filter box above the table and headers that
   sort on click. Plain DOM, no inline script, no network. */
(function () {
  "use strict";
  var MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
                "november", "december"];
  // a date as the book writes it ("12 March 1969", "March 1969", "1969", "c. 1689") as a number that sorts in time
  // order, or NaN
  function dateValue(text) {
    var m = /^\s*(?:c\.\s*)?(?:(\d{1,2})\s+)?(?:([A-Za-z]+)\s+)?(\d{3,4})\b/.exec(text);
    if (!m) { return NaN; }
    var month = m[2] ? MONTHS.indexOf(m[2].toLowerCase()) + 1 : 0;
    if (m[2] && month === 0) { return NaN; }
    if (m[1] && !m[2]) { return NaN; }
    return parseInt(m[3], 10) * 10000 + month * 100 + (m[1] ? parseInt(m[1], 10) : 0);
  }
  function enhance(box) {
    var table = box.querySelector("table");
    if (!table || box.dataset.enhanced) { return; }
    box.dataset.enhanced = "true";
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var label = document.createElement("label");
    label.className = "sinorus-search";
    label.textContent = "Search the table: ";
    var input = document.createElement("input");
    input.type = "search";
    input.setAttribute("aria-label", "Search the table");
    var count = document.createElement("span");
    count.className = "sinorus-count";
    count.setAttribute("aria-live", "polite");
    label.appendChild(input);
    box.insertBefore(label, box.firstChild);
    label.appendChild(count);
    function filter() {
      var q = input.value.trim().toLowerCase();
      var shown = 0;
      rows.forEach(function (r) {
        var hit = !q || r.textContent.toLowerCase().indexOf(q) !== -1;
        r.hidden = !hit;
        if (hit) { shown += 1; }
      });
      count.textContent = " " + shown + " of " + rows.length + " rows";
    }
    input.addEventListener("input", filter);
    filter();
    // a column sorts as dates when most of its cells read as dates with a month ("12 March 1969")
    var isDates = Array.prototype.map.call(table.tHead.rows[0].cells, function (th, i) {
      var withMonth = rows.filter(function (r) {
        return r.cells[i] && /[A-Za-z]+\s+\d{3,4}/.test(r.cells[i].textContent) && !isNaN(dateValue(r.cells[i].textContent));
      }).length;
      return rows.length > 0 && withMonth >= rows.length / 2;
    });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sinorus-sort";
      button.textContent = th.textContent;
      button.setAttribute("aria-label", "Sort by " + th.textContent);
      th.textContent = "";
      th.appendChild(button);
      var asc = true;
      button.addEventListener("click", function () {
        var body = table.tBodies[0];
        rows.sort(function (a, b) {
          var x = a.cells[i].textContent, y = b.cells[i].textContent;
          var dx = dateValue(x), dy = dateValue(y);
          var nx = parseFloat(x.replace(/,/g, "")), ny = parseFloat(y.replace(/,/g, ""));
          var c = (isDates[i] && !isNaN(dx) && !isNaN(dy)) ? dx - dy
            : (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
          return asc ? c : -c;
        });
        rows.forEach(function (r) { body.appendChild(r); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        asc = !asc;
      });
    });
  }
  function run() { document.querySelectorAll(".sinorus-searchable").forEach(enhance); }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", run); } else { run(); }
})();
