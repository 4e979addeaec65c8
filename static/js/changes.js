// Schedule changes on open pages (issue 6; docs/live.md, "Schedule changes").
//
// live.js turns each `presentation` message from the socket into a `pyconguide:presentation` event. For
// each, this asks the server for the talk as it is now (`/talks/<id>/card.json`), because the server
// formats times in the conference's zone and knows the page's filters and the grid's layout:
// - the list moves the card to its new day and time (making the time heading when missing), or drops it
//   when it no longer matches the page's filters;
// - the grid is redrawn for the day it shows (a move can add a room or a row);
// - a person who has the talk in their calendar, or who is looking at its page, gets a notice naming the
//   change (a polite live region; each notice can be dismissed). Everyone else sees the card move quietly,
//   with a brief highlight.
(function () {
  "use strict";

  var slug = document.body.dataset.conference || "";
  if (!slug || !window.fetch) return;
  var view = document.body.dataset.view || "";
  // Many pages get the same message at once: spread their requests over about a second.
  var SETTLE_MS = 150;
  var SPREAD_MS = 850;
  var pending = new Map(); // presentation id -> Set of changed fields
  var timer = null;

  var notices = document.createElement("div");
  notices.className = "live-notices";
  notices.setAttribute("role", "status");
  notices.setAttribute("aria-live", "polite");
  notices.setAttribute("aria-label", "Schedule changes");
  document.body.appendChild(notices);

  document.addEventListener("pyconguide:presentation", function (event) {
    var message = event.detail || {};
    var id = message.presentation;
    if (typeof id !== "number" || !(id > 0)) return;
    var fields = pending.get(id) || new Set();
    Object.keys(message.changes || {}).forEach(function (name) {
      fields.add(name);
    });
    pending.set(id, fields);
    if (timer === null) timer = setTimeout(flush, SETTLE_MS + Math.random() * SPREAD_MS);
  });

  // "Only my talks": a talk marked or removed in another tab or device joins or leaves the list, quietly.
  // Not the card where the person is acting: it stays under their focus until they move on.
  var quiet = new Set();
  document.addEventListener("pyconguide:interest", function (event) {
    var id = (event.detail || {}).presentation;
    if (view !== "list" || new URLSearchParams(location.search).get("mine") !== "1") return;
    var card = document.getElementById("p-" + id);
    if (card && card.contains(document.activeElement)) return;
    if (!pending.has(id)) quiet.add(id);
    pending.set(id, pending.get(id) || new Set());
    if (timer === null) timer = setTimeout(flush, SETTLE_MS);
  });

  function flush() {
    timer = null;
    var batch = Array.from(pending.entries());
    pending.clear();
    batch.forEach(function (item, index) {
      // The grid comes whole with any answer: ask for it once, with the last one.
      var wants = view === "grid" && index < batch.length - 1 ? "" : view;
      var silent = quiet.delete(item[0]) && item[1].size === 0;
      fetchCard(item[0], Array.from(item[1]), wants)
        .then(function (data) {
          apply(data, silent);
        })
        .catch(function (error) {
          console.warn("changes: could not refresh presentation", item[0], error);
        });
    });
  }

  function fetchCard(id, changed, wants) {
    var params = new URLSearchParams(wants === "list" ? location.search : "");
    params.set("changed", changed.join(","));
    params.set("page", location.pathname + location.search);
    if (wants) params.set("view", wants);
    var grid = document.querySelector(".grid[data-day]");
    if (wants === "grid" && grid) params.set("day", grid.dataset.day);
    return fetch("/talks/" + id + "/card.json?" + params.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    }).then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      return response.json();
    });
  }

  function apply(data, silent) {
    if (data.list) placeCard(data.presentation, data.list);
    if (data.grid) redrawGrid(data.grid, data.presentation);
    var onItsPage = document.querySelector('article.talk[data-presentation="' + data.presentation + '"]');
    if (!silent && (data.marked || onItsPage)) notify(data.notice, onItsPage);
  }

  // --- the list --------------------------------------------------------------------------------

  function fromHTML(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content.firstElementChild;
  }

  function placeCard(id, list) {
    var old = document.getElementById("p-" + id);
    if (old) {
      var oldSlot = old.closest("section.slot");
      var oldHour = old.closest("details.hour");
      old.remove();
      if (oldSlot && !oldSlot.querySelector(".card")) oldSlot.remove();
      if (oldHour) countHour(oldHour);
    }
    if (list.shown) {
      var card = fromHTML(list.html);
      var cards = list.slot ? slotCards(list.day, list.slot) : document.querySelector("#posters .cards");
      if (card && cards) {
        cards.insertBefore(card, cardAfter(cards, card));
        var hour = card.closest("details.hour");
        if (hour) countHour(hour);
        highlight(card);
      }
    }
    countShown();
  }

  // A folded hour's summary says how many presentations it holds (presentations/agenda.py, fold_hours).
  function countHour(hour) {
    var count = hour.querySelector(".hour-count");
    var n = hour.querySelectorAll(".cards > [id^='p-']").length;
    if (count) count.textContent = "· " + n + (n === 1 ? " presentation" : " presentations");
  }

  function countShown() {
    // "N of M presentations" above the list: N is the cards the list now holds.
    var shown = document.querySelector(".match-count strong");
    if (shown) shown.textContent = String(document.querySelectorAll(".cards > [id^='p-']").length);
  }

  function slotCards(day, slot) {
    var section = document.getElementById(slot.anchor);
    if (!section) {
      var daySection = document.getElementById(day.anchor) || makeDay(day);
      if (!daySection) return null;
      section = document.createElement("section");
      section.className = "slot";
      section.id = slot.anchor;
      var heading = document.createElement("h3");
      heading.className = "slot-time";
      var time = document.createElement("time");
      time.setAttribute("datetime", slot.start);
      time.textContent = slot.label;
      heading.appendChild(time);
      var cards = document.createElement("div");
      cards.className = "cards";
      section.append(heading, cards);
      placeSlot(daySection, section);
    }
    return section.querySelector(".cards");
  }

  function placeSlot(daySection, section) {
    // Anchors read `at-YYYY-MM-DD-HHMM`, so their text order is time order. A folded list keeps each slot
    // in its hour (`data-hour` reads YYYY-MM-DD-HH), or between the hours when it has none for the time.
    var hour = daySection.querySelector('details.hour[data-hour="' + section.id.slice(3, 16) + '"]');
    var within = hour || daySection;
    var next = Array.from(within.querySelectorAll("section.slot")).find(function (other) {
      return other.id > section.id;
    });
    var before = next && !hour ? next.closest("details.hour") || next : next;
    if (before) before.parentNode.insertBefore(section, before);
    else within.appendChild(section);
  }

  function makeDay(day) {
    // Only an unfiltered list shows every day; a list filtered to another day leaves the card out.
    if (new URLSearchParams(location.search).get("day")) return null;
    var days = Array.from(document.querySelectorAll('section.day[id^="day-"]'));
    if (!days.length) return null;
    var section = document.createElement("section");
    section.className = "day";
    section.id = day.anchor;
    var heading = document.createElement("h2");
    heading.id = day.anchor + "-h";
    heading.textContent = day.heading;
    section.setAttribute("aria-labelledby", heading.id);
    section.appendChild(heading);
    var next = days.find(function (other) {
      return other.id > day.anchor;
    });
    var parent = days[0].parentNode;
    parent.insertBefore(section, next || days[days.length - 1].nextSibling);
    return section;
  }

  function sortKey(card) {
    // The server's order within a start time: room, then title.
    var room = card.querySelector(".fact-room");
    var title = card.querySelector(".card-title a, .compact-title");
    return [room ? room.textContent.trim() : "", title ? title.textContent.trim() : ""];
  }

  function cardAfter(cards, card) {
    var key = sortKey(card);
    return (
      Array.from(cards.children).find(function (other) {
        var otherKey = sortKey(other);
        return otherKey[0] > key[0] || (otherKey[0] === key[0] && otherKey[1] > key[1]);
      }) || null
    );
  }

  // --- the grid --------------------------------------------------------------------------------

  function redrawGrid(answer, id) {
    var grid = document.querySelector(".grid[data-day]");
    if (!grid || !answer.html || grid.dataset.day !== answer.day) return;
    var fresh = fromHTML(answer.html);
    grid.replaceWith(fresh);
    fresh.querySelectorAll('.grid-item[data-presentation="' + id + '"]').forEach(highlight);
  }

  // --- notices ---------------------------------------------------------------------------------

  function highlight(element) {
    element.classList.remove("just-changed");
    void element.offsetWidth; // restart the animation
    element.classList.add("just-changed");
  }

  function notify(text, offerReload) {
    var item = document.createElement("div");
    item.className = "live-notice";
    var words = document.createElement("span");
    words.className = "live-notice-text";
    words.textContent = text;
    if (offerReload) {
      words.appendChild(document.createTextNode(" "));
      var reload = document.createElement("a");
      reload.href = location.pathname + location.search;
      reload.textContent = "Reload to see it";
      words.appendChild(reload);
    }
    var dismiss = document.createElement("button");
    dismiss.type = "button";
    dismiss.textContent = "Dismiss";
    dismiss.setAttribute("aria-label", "Dismiss: " + text);
    dismiss.addEventListener("click", function () {
      item.remove();
    });
    item.append(words, dismiss);
    notices.appendChild(item);
  }
})();
