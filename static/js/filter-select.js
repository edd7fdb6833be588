// A search box with data-filter-for="<id>" hides, as one types, the options of that <select> (or the
// checkboxes of that list) whose text does not contain what is typed (the picker of co-signers among
// hundreds of deputies, the target bodies among hundreds of units). Chosen options stay shown.
// Without script the box's own button asks the server for the narrowed list instead, where there is one.
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("[data-filter-for]")) return;
  var target = document.getElementById(box.getAttribute("data-filter-for"));
  if (!target) return;
  var needle = box.value.trim();
  if (target.options) {
    Array.prototype.forEach.call(target.options, function (option) {
      option.hidden = needle !== "" && !option.selected && option.text.indexOf(needle) === -1;
    });
    return;
  }
  Array.prototype.forEach.call(target.querySelectorAll(".form-check"), function (row) {
    var input = row.querySelector("input");
    row.hidden = needle !== "" && !(input && input.checked) && row.textContent.indexOf(needle) === -1;
  });
});
document.addEventListener("keydown", function (event) {
  // Enter in the box filters (already done as one types) rather than submitting the whole form.
  if (event.key === "Enter" && event.target.matches && event.target.matches("[data-filter-for]")) {
    event.preventDefault();
  }
});
