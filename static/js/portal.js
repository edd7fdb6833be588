// Loaded in <head> on every portal page (a static file: the Content-Security-Policy refuses inline scripts).
// 大字版: larger text, kept per browser (localStorage), applied before the first paint; the header's button
// switches it. A form sent back with errors: its error summary takes the focus, so it is read out and seen,
// unless the page put the reader at the field that failed (autofocus on an invalid field: the suggestion form).
(function () {
  "use strict";
  var KEY = "portal-text-size";
  var root = document.documentElement;
  function stored() { try { return localStorage.getItem(KEY); } catch (e) { return null; } }
  if (stored() === "large") { root.classList.add("large-text"); }
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".error-summary");
    if (summary && !document.querySelector("[autofocus][aria-invalid=true], [autofocus].is-invalid")) { summary.focus(); }
    var button = document.getElementById("text-size-toggle");
    if (!button) { return; }
    function show() {
      var large = root.classList.contains("large-text");
      button.setAttribute("aria-pressed", large ? "true" : "false");
      button.classList.toggle("active", large);
    }
    show();
    button.addEventListener("click", function () {
      var large = root.classList.toggle("large-text");
      try { localStorage.setItem(KEY, large ? "large" : "standard"); } catch (e) { /* private mode: this page only */ }
      show();
    });
  });
})();
