// The page's side of offline use (docs/offline.md); the service worker is offline/sw.js.
//
// - Registers the worker and asks it, whenever a conference's page opens online, to save (or refresh)
//   that conference for offline use.
// - Offline (a page the worker served from its copy, or the connection dropping), a notice at the top
//   says "Offline — schedule as of <time>"; it goes when the connection returns.
// - "Add to Calendar" / "Remove" while offline is kept on the device (offline-store.js), shown as pending
//   on the card, and sent when the connection returns (here, or by the worker's Background Sync).
// - A changed talk (the `presentation` message) is refreshed in the copy; signing out drops the copy.
(function () {
  "use strict";

  if (!("serviceWorker" in navigator) || !window.OfflineStore || !window.indexedDB) return;

  var ACTION = /\/talks\/(\d+)\/interest\/?$/;
  var slug = document.body.dataset.conference || "";
  var userMeta = document.querySelector('meta[name="offline-user"]');
  var user = userMeta ? userMeta.content : "";
  // Set by the worker on a page it served from its copy: when that copy was taken.
  var savedAt = document.body.dataset.offlineAsOf || "";
  var notice = null;

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function (error) {
    console.warn("offline: no service worker", error);
  });

  function tell(message) {
    return navigator.serviceWorker.ready.then(function (registration) {
      if (registration.active) registration.active.postMessage(message);
    });
  }

  function visit() {
    tell({ type: "visit", user: user, slug: navigator.onLine && !savedAt ? slug : "" });
  }

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type === "saved" && data.slug === slug) {
      // What the tests and the benchmark wait for: this conference can now open offline.
      document.body.dataset.offlineSaved = data.as_of;
      document.body.dataset.offlineBytes = String(data.bytes);
      document.body.dataset.offlineMs = String(data.ms);
    } else if (data.type === "save-failed") {
      console.warn("offline: could not save", data.slug, data.detail);
    } else if (data.type === "pending") {
      showPending(data.presentation, data.interested);
    } else if (data.type === "sent") {
      showSent(data.result);
    }
  });

  // A new version of the worker took over (a deploy): save this conference again with it.
  navigator.serviceWorker.addEventListener("controllerchange", function () {
    if (navigator.onLine) whenSettled(visit);
  });

  // --- the notice ------------------------------------------------------------------------------

  function when(iso) {
    var date = iso ? new Date(iso) : new Date();
    if (isNaN(date.getTime())) date = new Date();
    return date.toLocaleString(undefined, { weekday: "short", hour: "numeric", minute: "2-digit" });
  }

  function showNotice(iso) {
    if (notice) return;
    notice = document.createElement("p");
    notice.className = "offline-notice";
    notice.setAttribute("role", "status");
    var time = document.createElement("time");
    time.dateTime = iso || new Date().toISOString();
    time.textContent = when(iso);
    notice.append("Offline — schedule as of ", time);
    var main = document.getElementById("main");
    document.body.insertBefore(notice, main || document.body.firstChild);
  }

  function hideNotice() {
    if (notice) notice.remove();
    notice = null;
  }

  // --- marks -------------------------------------------------------------------------------------

  function formsOf(id) {
    return Array.prototype.filter.call(document.querySelectorAll("form.interest-form"), function (form) {
      return presentationOf(form) === id;
    });
  }

  function presentationOf(form) {
    var match = ACTION.exec(form.getAttribute("action") || "");
    return match ? Number(match[1]) : null;
  }

  // The same markup live.js keeps: the form offers the opposite of the current state.
  function showState(id, interested) {
    formsOf(id).forEach(function (form) {
      var input = form.querySelector('input[name="interested"]');
      var button = form.querySelector(".interest-button");
      if (input) input.value = interested ? "0" : "1";
      if (button) {
        button.setAttribute("aria-pressed", interested ? "true" : "false");
        button.textContent = interested ? "Remove from Calendar" : "Add to Calendar";
      }
      var card = form.closest("[data-presentation]");
      if (card) card.classList.toggle("is-marked", interested);
    });
  }

  function showPending(id, interested) {
    showState(id, interested);
    formsOf(id).forEach(function (form) {
      form.dataset.pending = "true";
      var note = form.querySelector(".interest-pending");
      if (!note) {
        note = document.createElement("span");
        note.className = "interest-pending";
        note.setAttribute("role", "status");
        form.appendChild(note);
      }
      note.textContent = interested ? "Pending: added here, sent when back online" : "Pending: removed here, sent when back online";
    });
  }

  function clearPending(id) {
    formsOf(id).forEach(function (form) {
      delete form.dataset.pending;
      var note = form.querySelector(".interest-pending");
      if (note) note.remove();
    });
  }

  function showSent(result) {
    result.sent.forEach(function (item) {
      clearPending(item.mark.presentation);
      showState(item.answer.presentation, item.answer.interested);
      document.querySelectorAll('.interest-count[data-presentation="' + item.answer.presentation + '"]').forEach(function (count) {
        if (typeof item.answer.count === "number") count.textContent = String(item.answer.count);
      });
    });
    result.refused.forEach(function (item) {
      var id = item.mark.presentation;
      clearPending(id);
      formsOf(id).forEach(function (form) {
        var note = document.createElement("span");
        note.className = "interest-pending interest-refused";
        note.setAttribute("role", "alert");
        note.textContent = "Not saved: " + ((item.answer && item.answer.detail) || "the site refused this change.");
        form.appendChild(note);
      });
    });
  }

  function csrfToken() {
    var cookie = document.cookie.split("; ").find(function (part) {
      return part.indexOf("csrftoken=") === 0;
    });
    if (cookie) return cookie.slice("csrftoken=".length);
    var input = document.querySelector('input[name="csrfmiddlewaretoken"]');
    return input ? input.value : "";
  }

  function sendPending() {
    if (!user || !navigator.onLine) return Promise.resolve();
    return OfflineStore.flush(user, csrfToken())
      .then(showSent)
      .catch(function (error) {
        console.warn("offline: could not send marks", error);
      });
  }

  // Offline, a mark is kept here instead of posted (capture phase: before live.js posts it).
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || navigator.onLine) return;
      if (form.classList.contains("interest-form") && presentationOf(form) !== null) {
        event.preventDefault();
        event.stopImmediatePropagation();
        var input = form.querySelector('input[name="interested"]');
        var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
        var mark = {
          user: user,
          presentation: presentationOf(form),
          interested: input ? input.value === "1" : true,
          token: token ? token.value : "",
        };
        OfflineStore.keep(mark).then(function () {
          showPending(mark.presentation, mark.interested);
          return navigator.serviceWorker.ready.then(function (registration) {
            if (registration.sync) return registration.sync.register("pyconguide-marks");
          });
        }).catch(function (error) {
          console.warn("offline: could not keep the mark", error);
        });
      }
    },
    true
  );

  // Signing out drops this user's copy and pending marks before the form goes (the worker does the same
  // when it sees the request; this covers a page the worker does not control yet).
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || form.getAttribute("action") !== "/logout/" || form.dataset.cleared) return;
      event.preventDefault();
      var done = Promise.all([
        OfflineStore.forgetMarks(),
        caches.keys().then(function (names) {
          return Promise.all(
            names
              .filter(function (name) {
                return name.indexOf("pyconguide-pages-") === 0;
              })
              .map(function (name) {
                return caches.delete(name);
              })
          );
        }),
        OfflineStore.remove("saved"),
        OfflineStore.set("user", ""),
      ]);
      done.catch(function () {}).then(function () {
        form.dataset.cleared = "true";
        form.submit();
      });
    },
    true
  );

  // --- the page as it opens, and the connection coming and going ---------------------------------

  function applySaved() {
    var known = savedAt && user ? OfflineStore.get("known:" + user) : Promise.resolve(null);
    return known.then(function (marks) {
      // A page from the copy may predate marks made since: the device knows better.
      if (marks) {
        document.querySelectorAll("form.interest-form").forEach(function (form) {
          var id = presentationOf(form);
          if (id !== null && id in marks) showState(id, marks[id]);
        });
      }
      return user ? OfflineStore.pending(user) : [];
    }).then(function (marks) {
      marks.forEach(function (mark) {
        showPending(mark.presentation, mark.interested);
      });
    });
  }

  function listSaved() {
    var list = document.querySelector(".offline-saved-list");
    if (!list) return;
    OfflineStore.get("saved").then(function (saved) {
      var records = Object.values(saved || {});
      if (!records.length) return;
      list.textContent = "";
      records.forEach(function (record) {
        var item = document.createElement("li");
        var links = [[record.name + ": schedule", "/" + record.slug + "/"], ["grid", "/" + record.slug + "/grid/"]];
        if (record.pages.indexOf("/me/") !== -1) links.push(["my talks", "/me/"]);
        links.forEach(function (pair, index) {
          if (index) item.append(" · ");
          var link = document.createElement("a");
          link.href = pair[1];
          link.textContent = pair[0];
          item.append(link);
        });
        item.append(" ", Object.assign(document.createElement("span"), {
          className: "muted",
          textContent: "(as of " + when(record.as_of) + ")",
        }));
        list.appendChild(item);
      });
    });
  }

  document.addEventListener("pyconguide:presentation", function (event) {
    var message = event.detail || {};
    if (typeof message.presentation === "number") tell({ type: "changed", presentation: message.presentation, slug: slug });
  });

  window.addEventListener("offline", function () {
    showNotice(savedAt || new Date().toISOString());
  });

  function backOnline() {
    hideNotice();
    savedAt = "";
    delete document.body.dataset.offlineAsOf;
    sendPending().then(visit);
  }

  window.addEventListener("online", backOnline);
  // A page from the copy while the network was up but the site was not: its socket connecting again
  // (live.js sets data-live) is the sign that the site is back.
  new MutationObserver(function () {
    if (document.body.dataset.live === "connected" && savedAt) backOnline();
  }).observe(document.body, { attributes: true, attributeFilter: ["data-live"] });

  if (savedAt || !navigator.onLine) showNotice(savedAt);
  applySaved().then(function () {
    if (!savedAt) return sendPending();
  });
  listSaved();
  whenSettled(visit);

  // Saving a conference is heavy (every talk page): let the page load and its socket connect first, and
  // give the server a few seconds for the pages opened just after this one.
  var SETTLE_MS = 3000;

  function whenSettled(then) {
    var done = false;
    function once() {
      if (done) return;
      done = true;
      setTimeout(then, SETTLE_MS);
    }
    if (!document.querySelector('meta[name="live-socket"]') || !slug) return void setTimeout(once, 500);
    if (document.body.dataset.live === "connected") return void once();
    new MutationObserver(function (changes, observer) {
      if (document.body.dataset.live !== "connected") return;
      observer.disconnect();
      once();
    }).observe(document.body, { attributes: true, attributeFilter: ["data-live"] });
    setTimeout(once, 10000);
  }
})();
