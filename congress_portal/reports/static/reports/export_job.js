// A large export made by the document worker: polls its status and shows the progress, then the download.
(function () {
  "use strict";
  var box = document.getElementById("export-status");
  if (!box) { return; }
  var bar = document.getElementById("export-progress");
  var step = document.getElementById("export-step");
  var error = document.getElementById("export-error");
  var download = document.getElementById("export-download");

  function show(data) {
    bar.value = data.progress || 0;
    bar.textContent = (data.progress || 0) + "%";
    step.textContent = (data.state_label || "") + (data.step ? " · " + data.step : "");
    error.textContent = data.error || "";
    error.classList.toggle("d-none", data.state !== "failed");
    var done = data.state === "done";
    download.classList.toggle("d-none", !done);
    if (done) { download.href = data.download_url; }
    box.dataset.state = data.state;
  }

  function poll() {
    fetch(box.dataset.statusUrl, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data) { show(data); }
        if (!data || data.state === "queued" || data.state === "running") { window.setTimeout(poll, 1000); }
      })
      .catch(function () { window.setTimeout(poll, 3000); });
  }

  if (box.dataset.state === "queued" || box.dataset.state === "running") { poll(); }
})();
