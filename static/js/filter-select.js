// A search box with data-filter-for="<select id>" hides the options whose text does not contain what is
// typed, as one types (the picker of co-signers among hundreds of deputies). Chosen options stay shown.
// Without script the box's own button asks the server for the narrowed list instead.
document.addEventListener("input", function (event) {
  var box = event.target;
  if (!box.matches || !box.matches("[data-filter-for]")) return;
  var select = document.getElementById(box.getAttribute("data-filter-for"));
  if (!select) return;
  var needle = box.value.trim();
  Array.prototype.forEach.call(select.options, function (option) {
    option.hidden = needle !== "" && !option.selected && option.text.indexOf(needle) === -1;
  });
});
document.addEventListener("keydown", function (event) {
  // Enter in the box filters (already done as one types) rather than submitting the whole form.
  if (event.key === "Enter" && event.target.matches && event.target.matches("[data-filter-for]")) {
    event.preventDefault();
  }
});
