// Text typed into a form is kept in this browser (localStorage) until the server confirms a save, so a
// logout or expiry in another tab, a stale form's CSRF refusal, a server error or a closed tab loses nothing.
//   <form data-keep-text="report-12">   its text fields are kept under that key, with the form's version.
// The server confirms a save by the page it answers: the form shown again with what was typed and no
// error, or, within two minutes of sending it, a page with a success message (the redirect after a POST).
// On the form's own page the kept text is put back (and the page says so); on any other page (the login
// page after an expiry, an error page) a notice links back to it. Texts come from partials/keep_text.html.
(function () {
  "use strict";
  var PREFIX = "plan-portal:keep:";
  var CONFIRM_WITHIN = 2 * 60 * 1000;  // ms from sending a form to the success page that confirms it
  var texts = document.getElementById("keep-text-messages");
  var storage;
  try { storage = window.localStorage; storage.getItem(PREFIX); } catch (e) { return; }
  if (!texts) { return; }

  function say(name) { return texts.getAttribute("data-" + name) || ""; }
  function read(key) { try { return JSON.parse(storage.getItem(PREFIX + key)); } catch (e) { return null; } }
  function forget(key) { storage.removeItem(PREFIX + key); }
  function keys() {
    var found = [];
    for (var i = 0; i < storage.length; i++) {
      var name = storage.key(i);
      if (name && name.indexOf(PREFIX) === 0) { found.push(name.slice(PREFIX.length)); }
    }
    return found;
  }
  function fields(form) {
    return Array.prototype.filter.call(form.elements, function (field) {
      if (!field.name || field.disabled || field.name === "csrfmiddlewaretoken") { return false; }
      if (field.tagName === "TEXTAREA" || field.tagName === "SELECT") { return true; }
      return ["text", "number", "date", "search", "email", "url", "tel"].indexOf(field.type) !== -1;
    });
  }
  function values(form) {
    var kept = {};
    fields(form).forEach(function (field) { kept[field.name] = field.value; });
    return kept;
  }
  // The server may give back the text trimmed, in NFC, with \n line ends: the same text still.
  function same(a, b) {
    function plain(text) { return String(text).replace(/\r\n/g, "\n").trim().normalize("NFC"); }
    return plain(a) === plain(b);
  }
  function version(form) {
    var field = form.querySelector("input[name=version]");
    return field ? parseInt(field.value, 10) || 0 : 0;
  }
  function time(entry) {
    var at = new Date(entry.at);
    return ("0" + at.getHours()).slice(-2) + ":" + ("0" + at.getMinutes()).slice(-2) + " " + at.toLocaleDateString("vi-VN");
  }
  function notice(where, message, link) {
    var box = document.createElement("div");
    box.className = "message warning keep-text-notice";
    box.setAttribute("role", "status");
    box.textContent = message.replace("%(time)s", link.time) + " ";
    if (link.href) {
      var anchor = document.createElement("a");
      anchor.href = link.href;
      anchor.textContent = say("open");
      box.appendChild(anchor);
    }
    if (link.discard) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = say("discard");
      button.addEventListener("click", function () { link.discard(); box.remove(); });
      box.appendChild(button);
    }
    where.insertBefore(box, where.firstChild);
  }

  function keep(form, key) {
    var timer = null;
    function store(sent) {
      storage.setItem(PREFIX + key, JSON.stringify({
        url: window.location.pathname + window.location.search,
        version: version(form), at: Date.now(), sentAt: sent ? Date.now() : 0, fields: values(form)
      }));
    }
    form.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(store, 300); });
    form.addEventListener("submit", function () { window.clearTimeout(timer); store(true); });
  }

  function restore(form, key, entry) {
    var current = values(form);
    var differs = Object.keys(entry.fields).some(function (name) {
      return name in current && !same(current[name], entry.fields[name]);
    });
    var unconfirmed = form.querySelector(".errorlist, .form-errors, [role=alert]");
    if (!differs) {
      if (!unconfirmed) { forget(key); }  // what the server shows is what was typed: saved
      return;
    }
    var server = current;
    fields(form).forEach(function (field) {
      if (field.name in entry.fields && field.name !== "version") { field.value = entry.fields[field.name]; }
    });
    var stale = version(form) > entry.version && entry.version > 0;
    notice(form, say(stale ? "restored-stale" : "restored"), {
      time: time(entry),
      discard: function () {
        fields(form).forEach(function (field) { if (field.name in server) { field.value = server[field.name]; } });
        forget(key);
      }
    });
  }

  var confirmed = document.querySelector(".messages .message.success") !== null;
  var here = {};
  document.querySelectorAll("form[data-keep-text]").forEach(function (form) {
    var key = form.getAttribute("data-keep-text");
    here[key] = true;
    var entry = read(key);
    if (entry && entry.fields) { restore(form, key, entry); }
    keep(form, key);
  });
  var main = document.getElementById("main") || document.body;
  keys().forEach(function (key) {
    if (here[key]) { return; }
    var entry = read(key);
    if (!entry || !entry.fields) { forget(key); return; }
    if (confirmed && entry.sentAt && Date.now() - entry.sentAt < CONFIRM_WITHIN) { forget(key); return; }
    notice(main, say("elsewhere"), { time: time(entry), href: entry.url });
  });
})();
