// The schedule list works without this file. With it: choosing a filter applies it at once, and the
// address keeps only the filters in use (?category=Web, not ?day=&kind=&category=Web…), so links stay short.
(function () {
  "use strict";
  var form = document.querySelector("form.filters");
  if (!form) return;

  form.addEventListener("submit", function () {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.value === "" && field.type !== "submit") field.disabled = true;
    });
  });
  // Re-enable the fields when the page is shown again from the back/forward cache.
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
  });

  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field.tagName === "SELECT" || field.type === "checkbox") form.requestSubmit();
  });
})();
