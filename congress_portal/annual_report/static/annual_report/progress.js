// The annual report's page: the year chooser opens that year's report (the render's progress is polled by
// reports/job_progress.js, the document worker's one progress script).
(function () {
  "use strict";
  var select = document.getElementById("year-select");
  if (select) {
    select.addEventListener("change", function () {
      window.location.href = select.dataset.urlTemplate.replace("/2000/", "/" + select.value + "/");
    });
  }
})();
