// "/" anywhere but in a field puts the cursor in the header's search box.
document.addEventListener("keydown", function (e) {
  var t = e.target;
  if (e.key !== "/" || e.ctrlKey || e.metaKey || e.altKey) return;
  if (t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName))) return;
  var box = document.getElementById("search-q");
  if (box) { e.preventDefault(); box.focus(); box.select(); }
});
