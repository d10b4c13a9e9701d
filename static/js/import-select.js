// Plan import preview: a row can be ticked in the list of rows to check and in the task table; both boxes
// of a row follow each other, and the bulk fixes say how many rows are ticked. Without script, the server
// takes the union of both boxes, so nothing depends on this file.
(function () {
  "use strict";
  const boxes = Array.from(document.querySelectorAll("input.row-select"));
  const count = document.querySelector(".bulk-bar .selected-count");
  if (!boxes.length) return;

  function showCount() {
    if (!count) return;
    const rows = new Set(boxes.filter((box) => box.checked).map((box) => box.value));
    count.textContent = rows.size ? count.dataset.template.replace("__N__", String(rows.size)) : "";
  }

  boxes.forEach((box) => {
    box.addEventListener("change", () => {
      boxes.filter((other) => other !== box && other.value === box.value).forEach((other) => {
        other.checked = box.checked;
      });
      showCount();
    });
  });
  showCount();
})();
