// Autosave of a report draft: posts the form (without files) after a pause in typing.
// The server answers with the new version, which the form keeps so a later save is not a conflict.
(function () {
  "use strict";
  var form = document.getElementById("report-form");
  if (!form || !window.fetch || !window.FormData) { return; }
  var url = form.getAttribute("data-autosave-url");
  var status = document.getElementById("autosave-status");
  var version = form.querySelector("input[name=version]");
  var timer = null;
  var dirty = false;
  var stopped = false;
  // Messages come from the template, so they follow the page's language.
  var text = {
    saving: status ? status.getAttribute("data-saving") : "",
    saved: status ? status.getAttribute("data-saved") + " " : "",
    failed: status ? status.getAttribute("data-failed") : ""
  };

  function show(message) { if (status) { status.textContent = message; } }

  function save() {
    if (!dirty || stopped) { return; }
    dirty = false;
    var data = new FormData(form);
    // Files are sent only by a real save.
    Array.prototype.forEach.call(form.querySelectorAll("input[type=file]"), function (input) { data.delete(input.name); });
    data.delete("action");
    show(text.saving);
    fetch(url, { method: "POST", body: data, credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.json().then(function (body) { return { status: response.status, body: body }; }); })
      .then(function (result) {
        if (result.body.ok) {
          version.value = result.body.version;
          show(text.saved + result.body.saved_at);
        } else {
          if (result.body.conflict) { stopped = true; }
          show(result.body.message || text.failed);
        }
      })
      .catch(function () { show(text.failed); dirty = true; });
  }

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") { return; }
    dirty = true;
    window.clearTimeout(timer);
    timer = window.setTimeout(save, 5000);
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); stopped = true; });
})();
