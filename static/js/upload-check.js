// Size and type of a chosen file, checked before it is sent: a 30 MB scan is refused at once,
// not after a long upload. The server checks again (reporting/uploads.py); this only saves the wait.
// Limits and messages come from the input's data- attributes (reporting.forms.CheckedFileField).
(function () {
  "use strict";
  function message(input) {
    var file = input.files && input.files[0];
    if (!file) { return ""; }
    var max = parseInt(input.getAttribute("data-max-bytes"), 10);
    if (max && file.size > max) { return input.getAttribute("data-too-large"); }
    var accept = (input.getAttribute("accept") || "").toLowerCase().split(",");
    var name = file.name.toLowerCase();
    var typed = accept.some(function (ext) { return ext && name.slice(-ext.length) === ext; });
    return accept.length && accept[0] && !typed ? input.getAttribute("data-bad-type") : "";
  }

  function show(input, text) {
    var id = input.id + "_client_error";
    var note = document.getElementById(id);
    var described = (input.getAttribute("aria-describedby") || "").split(" ").filter(function (part) {
      return part && part !== id;
    });
    if (!text) {
      if (note) { note.remove(); }
      input.removeAttribute("aria-invalid");
    } else {
      if (!note) {
        note = document.createElement("span");
        note.id = id;
        note.className = "errorlist";
        note.setAttribute("role", "alert");
        input.insertAdjacentElement("afterend", note);
      }
      note.textContent = text;
      input.setAttribute("aria-invalid", "true");
      described.push(id);
    }
    if (described.length) { input.setAttribute("aria-describedby", described.join(" ")); }
    else { input.removeAttribute("aria-describedby"); }
  }

  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) { return; }
    var text = message(input);
    if (text) { input.value = ""; }
    show(input, text);
  });
})();
