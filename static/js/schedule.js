// The schedule list works without this file. Filters apply when asked (the Filter button, or Enter in any
// field), never on a mere change, so arrow keys move through a select without reloading the page. With this
// file, Enter on a select applies too, and the address keeps only the filters in use (?category=Web, not
// ?day=&kind=&category=Web…), so links stay short.
//
// A big list folds its hours (presentations/agenda.py): a link to a card or a time inside a closed hour
// opens it. Chromium does so itself; this covers browsers that do not.
(function () {
  "use strict";

  function openTarget() {
    var target = location.hash.length > 1 ? document.getElementById(decodeURIComponent(location.hash.slice(1))) : null;
    var hour = target ? target.closest("details.hour") : null;
    if (hour && !hour.open) {
      hour.open = true;
      target.scrollIntoView();
    }
  }
  window.addEventListener("hashchange", openTarget);
  openTarget();

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

  form.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && event.target.tagName === "SELECT") {
      event.preventDefault();
      form.requestSubmit();
    }
  });
})();
