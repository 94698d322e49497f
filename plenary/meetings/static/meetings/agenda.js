// Drag the agenda's items into order; on drop, the new order is posted with the page's own form.
// Loaded as a file from the site (the Content Security Policy allows no inline script). Without it, the
// Up and Down buttons beside each item do the same.
(function () {
  "use strict";
  function ready(fn) {
    if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
  }
  ready(function () {
    var list = document.getElementById("agenda-items");
    if (!list) { return; }
    var form = document.getElementById(list.dataset.form);
    var input = document.getElementById("agenda-order");
    var dragged = null;
    list.classList.add("draggable-ready");
    list.addEventListener("dragstart", function (event) {
      dragged = event.target.closest("li.agenda-item");
      if (!dragged) { return; }
      dragged.classList.add("dragging");
      event.dataTransfer.effectAllowed = "move";
      event.dataTransfer.setData("text/plain", dragged.dataset.id);
    });
    list.addEventListener("dragover", function (event) {
      if (!dragged) { return; }
      event.preventDefault();
      var over = event.target.closest("li.agenda-item");
      if (!over || over === dragged) { return; }
      var box = over.getBoundingClientRect();
      var after = event.clientY > box.top + box.height / 2;
      list.insertBefore(dragged, after ? over.nextSibling : over);
    });
    list.addEventListener("drop", function (event) { event.preventDefault(); });
    list.addEventListener("dragend", function () {
      if (!dragged) { return; }
      dragged.classList.remove("dragging");
      dragged = null;
      var ids = Array.prototype.map.call(list.querySelectorAll("li.agenda-item"), function (li) { return li.dataset.id; });
      if (ids.join(",") !== input.value) {
        input.value = ids.join(",");
        form.submit();
      }
    });
  });
})();
