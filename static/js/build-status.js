// Build status of consolidated reports, refreshed every 2 s without reloading the page.
// Texts come from the server as JSON and are set with textContent, never as HTML.
(function () {
  "use strict";
  var ACTIVE = { queued: true, building: true };
  var INTERVAL = 2000;

  function render(row, data) {
    row.dataset.state = data.state;
    var state = row.querySelector(".build-state");
    state.textContent = data.state_label + (ACTIVE[data.state] ? " " + data.percent + "%" : "");
    state.className = "build-state badge build-" + data.state;
    var progress = row.querySelector(".build-progress");
    progress.value = data.percent;
    progress.hidden = !ACTIVE[data.state];
    var error = row.querySelector(".build-error");
    error.textContent = data.error || "";
    error.hidden = !data.error;
    var notice = row.querySelector(".build-notice");
    notice.textContent = data.notice || "";
    notice.hidden = !data.notice;
    var downloads = row.querySelector(".build-downloads");
    downloads.textContent = "";
    Object.keys(data.downloads || {}).forEach(function (kind) {
      var link = document.createElement("a");
      link.href = data.downloads[kind];
      link.textContent = kind.toUpperCase();
      downloads.appendChild(link);
      downloads.appendChild(document.createTextNode(" "));
    });
  }

  function poll(row) {
    if (!ACTIVE[row.dataset.state]) return;
    fetch(row.dataset.buildStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) render(row, data);
        if (ACTIVE[row.dataset.state]) window.setTimeout(function () { poll(row); }, INTERVAL);
      })
      .catch(function () { window.setTimeout(function () { poll(row); }, INTERVAL * 2); });
  }

  document.querySelectorAll("tr[data-build-status-url]").forEach(function (row) {
    window.setTimeout(function () { poll(row); }, INTERVAL);
  });
})();
