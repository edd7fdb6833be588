// Charts of the supervision dashboard; the figures come from the page (json_script), never from the network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("supervision-data").textContent);
  var labels = document.getElementById("supervision-labels").dataset;
  if (typeof Chart === "undefined") { return; }
  Chart.defaults.font.family = 'system-ui, "Noto Sans CJK SC", sans-serif';
  var stages = document.getElementById("stagesChart");
  if (stages) {
    new Chart(stages, {
      type: "bar",
      data: { labels: data.stages.map(function (s) { return s.label; }),
              datasets: [{ label: labels.items, data: data.stages.map(function (s) { return s.n; }), backgroundColor: "#a61b1b" }] },
      options: { maintainAspectRatio: false, responsive: true, animation: false,
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
  }
  var votes = document.getElementById("votesChart");
  if (votes) {
    new Chart(votes, {
      type: "pie",
      data: { labels: data.votes.map(function (v) { return v.label; }),
              datasets: [{ label: labels.votes, data: data.votes.map(function (v) { return v.n; }),
                           backgroundColor: ["#6c9a6c", "#e0a43a", "#a61b1b"] }] },
      options: { maintainAspectRatio: false, responsive: true, animation: false }
    });
  }
})();
