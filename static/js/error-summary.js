// A form that comes back with errors: focus its error summary so keyboard and screen-reader users
// start there, and make each link put the caret in its field (an anchor alone only scrolls).
(function () {
  "use strict";
  var summary = document.getElementById("error-summary");
  if (!summary) { return; }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) { return; }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    event.preventDefault();
    var details = target.closest("details");
    if (details) { details.open = true; }
    target.scrollIntoView({ block: "center" });
    target.focus();
  });
})();
