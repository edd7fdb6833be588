// Staff live progress: reads the poll's small JSON endpoint every few seconds and updates the counts
// in place; reloads the page once when the poll changes state (opened, closed elsewhere).
(function () {
  var box = document.querySelector("[data-progress-url]");
  if (!box) return;
  var url = box.getAttribute("data-progress-url");
  var state = box.getAttribute("data-state");
  function set(name, value) {
    var el = box.querySelector("[data-field=" + name + "]");
    if (el) el.textContent = value;
  }
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) return;
        if (data.state !== state) { window.location.reload(); return; }
        set("voted", data.voted);
        set("roll", data.roll);
        set("paper", data.paper);
        set("waiting", data.roll - data.voted);
        var bar = box.querySelector(".progress-bar");
        if (bar && data.roll) {
          var pct = Math.round(100 * data.voted / data.roll);
          bar.style.width = pct + "%";
          bar.setAttribute("aria-valuenow", pct);
        }
      })
      .catch(function () {});
  }
  var first = box.querySelector(".progress-bar[data-width]");
  if (first) first.style.width = first.getAttribute("data-width") + "%";
  setInterval(tick, parseInt(box.getAttribute("data-interval") || "3000", 10));
})();
