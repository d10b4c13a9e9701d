// Accessibility repairs to widgets Django's admin draws with script (found by axe in tests/browser):
// an empty autocomplete (select2) box gets its field's label as its name, and the icons of the
// two-list selector, which carry aria-label on a plain span, get the role that allows it.
(function () {
  "use strict";
  function repair() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector("label[for='" + select.id + "']");
      var box = select.parentElement.querySelector(".select2-selection[role=combobox]");
      if (!label || !box) { return; }
      label.id = label.id || select.id + "_label";
      var names = (box.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
      if (names.indexOf(label.id) === -1) { box.setAttribute("aria-labelledby", [label.id].concat(names).join(" ")); }
      // The shown choice, a read-only textbox, is empty while nothing is chosen: it takes the label too.
      var shown = box.querySelector(".select2-selection__rendered[role=textbox]");
      if (shown) { shown.setAttribute("aria-labelledby", label.id); }
    });
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (icon) {
      icon.setAttribute("role", "img");
    });
  }
  // select2 draws its boxes after the page loads and redraws them when a choice arrives, on a slow
  // machine well after the load event: repair again whenever the admin's widgets change.
  var pending = false;
  function soon() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () { pending = false; repair(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    repair();
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", repair);
})();
