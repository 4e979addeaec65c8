// A card's description, brought in when its disclosure opens (templates/presentations/_cards.html).
//
// Lists leave descriptions out: on a big day they are half the page's bytes, and most are never opened.
// The card's disclosure holds a link to the talk page; opening it fetches that page (which the service
// worker also answers from the offline copy) and puts its description in place of the link. Should the
// fetch fail, the link stays. Cards that changes.js inserts later work the same: the listener is on the
// document ("toggle" does not bubble, so it listens while capturing).
(function () {
  "use strict";

  if (!window.fetch || !window.DOMParser) return;

  function load(details) {
    var link = details.querySelector(".description-link a[href]");
    if (!link || details.dataset.loaded || details.getAttribute("aria-busy") === "true") return;
    details.setAttribute("aria-busy", "true");
    fetch(link.getAttribute("href").split("#")[0], { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, "text/html");
        var section = page.getElementById("description");
        if (!section) throw new Error("no description on " + link.href);
        var heading = section.querySelector("h2");
        if (heading) heading.remove();
        var body = document.createElement("div");
        body.className = "description-text";
        body.append.apply(body, Array.from(section.childNodes));
        link.closest(".description-link").replaceWith(body);
        details.dataset.loaded = "true";
      })
      .catch(function (error) {
        console.warn("descriptions: kept the link", error);
      })
      .finally(function () {
        details.removeAttribute("aria-busy");
      });
  }

  document.addEventListener(
    "toggle",
    function (event) {
      var details = event.target;
      if (details instanceof HTMLDetailsElement && details.open && details.classList.contains("description")) load(details);
    },
    true
  );
})();
