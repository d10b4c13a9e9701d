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
  var lang = document.documentElement.lang || "vi";
  var text = lang.indexOf("en") === 0
    ? { saving: "Saving draft…", saved: "Draft saved at ", failed: "Not saved automatically." }
    : { saving: "Đang tự động lưu…", saved: "Đã tự động lưu lúc ", failed: "Chưa tự động lưu được." };

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
