// Charts of the leaders' year dashboard. Each canvas names its chart; the figures come from the page
// (json_script "year-charts"), never from the network. Kinds: bar, hbar, stacked (horizontal), line, pie.
(function () {
  "use strict";
  var node = document.getElementById("year-charts");
  if (!node || typeof Chart === "undefined") { return; }
  var specs = JSON.parse(node.textContent);
  Chart.defaults.font.family = 'system-ui, "Noto Sans CJK SC", sans-serif';
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var spec = specs[canvas.dataset.chart];
    if (!spec) { return; }
    var kind = spec.kind;
    var type = kind === "line" ? "line" : (kind === "pie" ? "pie" : "bar");
    var horizontal = kind === "hbar" || kind === "stacked";
    var datasets = spec.series.map(function (s) {
      return { label: s.name, data: s.values, backgroundColor: s.color, borderColor: s.color, tension: 0.2 };
    });
    var options = { maintainAspectRatio: false, responsive: true, animation: false };
    if (type !== "pie") {
      options.indexAxis = horizontal ? "y" : "x";
      var stacked = kind === "stacked";
      options.scales = { x: { stacked: stacked, beginAtZero: true }, y: { stacked: stacked, beginAtZero: type !== "line" } };
    }
    new Chart(canvas, { type: type, data: { labels: spec.labels, datasets: datasets }, options: options });
  });
  // Changing the year shows it at once (the button stays for keyboards and without scripts).
  var select = document.querySelector("#year-form select");
  if (select) { select.addEventListener("change", function () { select.form.submit(); }); }
})();
