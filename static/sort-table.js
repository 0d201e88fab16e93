/* sitegen: sortable tables, a progressive enhancement. A <table data-sortable> is served in a
   useful order; this turns each header with data-sort="number|text" into a button that sorts the
   rows by that column (numbers largest first, text A to Z; again to reverse) and says so with
   aria-sort, which screen readers announce. Cells sort by data-value when they have one (a talk
   time shown as "1 h 02 min" sorts by its milliseconds). Without JavaScript nothing changes. */
(function () {
  "use strict";

  function key(row, column, numeric) {
    var cell = row.cells[column];
    var value = cell.hasAttribute("data-value") ? cell.getAttribute("data-value") : cell.textContent.trim();
    return numeric ? Number(value) || 0 : value.toLocaleLowerCase();
  }

  function sortBy(table, header, descending) {
    var numeric = header.getAttribute("data-sort") === "number";
    var column = header.cellIndex;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows).map(function (row, index) {
      return { row: row, key: key(row, column, numeric), index: index };
    });
    rows.sort(function (a, b) {
      var order = a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
      // Ties keep the order they had, so sorting by one column then another is predictable.
      return (descending ? -order : order) || a.index - b.index;
    });
    rows.forEach(function (item) { body.appendChild(item.row); });
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (cell) {
      if (cell === header) {
        cell.setAttribute("aria-sort", descending ? "descending" : "ascending");
      } else {
        cell.removeAttribute("aria-sort");
      }
    });
  }

  function enhance(table) {
    if (!table.tHead || !table.tBodies.length) return;
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (header) {
      if (!header.hasAttribute("data-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (header.firstChild) button.appendChild(header.firstChild);
      header.appendChild(button);
      button.addEventListener("click", function () {
        var current = header.getAttribute("aria-sort");
        var numeric = header.getAttribute("data-sort") === "number";
        // First click: the natural order for the column; a second click reverses it.
        var descending = current ? current === "ascending" : numeric;
        sortBy(table, header, descending);
      });
    });
  }

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
