// Charts of the leaders' dashboard; the figures come from the page (json_script), never from the network.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dashboard-data").textContent);
  var labels = document.getElementById("dashboard-labels").dataset;
  if (typeof Chart === "undefined") { return; }
  Chart.defaults.font.family = 'system-ui, "Noto Sans CJK SC", sans-serif';
  var units = document.getElementById("unitsChart");
  if (units) {
    new Chart(units, {
      type: "bar",
      data: {
        labels: data.units.map(function (u) { return u.name; }),
        datasets: [
          { label: labels.onTime, data: data.units.map(function (u) { return u.on_time; }), backgroundColor: "#6c9a6c" },
          { label: labels.late, data: data.units.map(function (u) { return u.late; }), backgroundColor: "#e0a43a" },
          { label: labels.overdue, data: data.units.map(function (u) { return u.overdue; }), backgroundColor: "#a61b1b" }
        ]
      },
      options: { indexAxis: "y", maintainAspectRatio: false, responsive: true, animation: false,
        scales: { x: { stacked: true, beginAtZero: true }, y: { stacked: true } } }
    });
  }
  var trend = document.getElementById("trendChart");
  if (trend) {
    new Chart(trend, {
      type: "line",
      data: {
        labels: data.trend.map(function (t) { return t.year; }),
        datasets: [
          { label: labels.satisfaction, data: data.trend.map(function (t) { return t.satisfaction; }), borderColor: "#a61b1b", backgroundColor: "#a61b1b", tension: 0.2 },
          { label: labels.resolution, data: data.trend.map(function (t) { return t.resolution; }), borderColor: "#1f6fb2", backgroundColor: "#1f6fb2", tension: 0.2 },
          { label: labels.onTimeRate, data: data.trend.map(function (t) { return t.on_time; }), borderColor: "#6c9a6c", backgroundColor: "#6c9a6c", tension: 0.2 }
        ]
      },
      options: { maintainAspectRatio: false, responsive: true, animation: false,
        scales: { y: { suggestedMin: 50, suggestedMax: 100, ticks: { callback: function (v) { return v + "%"; } } } } }
    });
  }
})();
