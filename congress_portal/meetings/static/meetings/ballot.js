// The approval ballot's counter: how many are chosen out of the most allowed; the rest is refused by
// the server too (a ballot with more than N approvals is never recorded).
(function () {
  var form = document.querySelector("form[data-max-choices]");
  if (!form) return;
  var max = parseInt(form.getAttribute("data-max-choices"), 10);
  var out = document.getElementById("vote-count");
  var warn = document.getElementById("vote-over");
  var submit = form.querySelector("button[type=submit]");
  function update() {
    var n = form.querySelectorAll("input[name=choice]:checked").length;
    out.textContent = n;
    var over = n > max;
    warn.hidden = !over;
    submit.disabled = over;
  }
  form.addEventListener("change", update);
  update();
})();
