// Live updates for PyCon Guide (issue 4; wire format in ../shared/SPEC.md, notes in docs/live.md).
//
// - Interest forms (`form.interest-form`) submit with fetch and update in place; without this script,
//   or when fetch fails, they are plain forms that post and come back.
// - Pages that show one conference (`<body data-conference="slug">`) hold one socket to /ws/ and apply
//   what it says: my interests from other tabs, counts, schedule changes.
// - The first frame on every socket is a `snapshot` (counts, my interests, where the streams stand): the
//   page takes the live state from it after opening and after every reconnect, with no HTTP re-read.
// - Merged `counts` frames carry the newest counts; my own `interest` messages are numbered one by one
//   (`seq`), so a skipped number means one was lost: the page sends `sync` and gets a fresh snapshot.
// - Sockets drop (deploys, networks). Reconnect with jittered exponential backoff.
(function () {
  "use strict";

  var CLOSE_UNKNOWN_CONFERENCE = 4404;
  // Too many open pages for this account or address (docs/live.md, "Limits"): wait long before retrying.
  var CLOSE_TOO_MANY = 4429;
  var ACTION = /\/talks\/(\d+)\/interest\/?$/;
  var slug = document.body.dataset.conference || "";

  function formsOf(presentationId) {
    return Array.prototype.filter.call(document.querySelectorAll("form.interest-form"), function (form) {
      var match = ACTION.exec(form.getAttribute("action") || "");
      return match && Number(match[1]) === presentationId;
    });
  }

  function presentationOf(form) {
    var match = ACTION.exec(form.getAttribute("action") || "");
    return match ? Number(match[1]) : null;
  }

  function showInterest(presentationId, interested) {
    formsOf(presentationId).forEach(function (form) {
      showForm(form, interested);
    });
  }

  function showForm(form, interested) {
    var input = form.querySelector('input[name="interested"]');
    var button = form.querySelector(".interest-button");
    // The form always offers the opposite of the current state: it sets, it does not toggle.
    if (input) input.value = interested ? "0" : "1";
    if (button) {
      button.setAttribute("aria-pressed", interested ? "true" : "false");
      // A grid star keeps its label ("In my calendar") and shows its state through aria-pressed.
      if (!button.classList.contains("star")) {
        setText(button, interested ? "Remove from Calendar" : "Add to Calendar");
      }
    }
    var holder = form.closest(".card, .grid-item, .talk, .my-talk");
    if (holder) holder.classList.toggle("is-marked", interested);
  }

  function showCount(presentationId, count) {
    var selector = '.interest-count[data-presentation="' + presentationId + '"]';
    document.querySelectorAll(selector).forEach(function (element) {
      setText(element, String(count));
    });
  }

  function showPresentationChange(message) {
    // static/js/changes.js moves the card, redraws the grid and tells the people who marked the talk.
    document.dispatchEvent(new CustomEvent("pyconguide:presentation", { detail: message }));
  }

  // My stream's seq as the last snapshot or interest frame left it (null: signed out, or no snapshot yet).
  var userSeq = null;

  // A snapshot mostly confirms what the page shows. Writing only what differs keeps a list of hundreds of
  // cards from being styled and laid out again from top to bottom as it opens.
  function setText(element, text) {
    if (element.textContent !== text) element.textContent = text;
  }

  function showSnapshot(message) {
    var counts = message.counts || {};
    document.querySelectorAll(".interest-count[data-presentation]").forEach(function (element) {
      setText(element, String(counts[element.dataset.presentation] || 0));
    });
    var mine = new Set(message.interests || []);
    document.querySelectorAll("form.interest-form").forEach(function (form) {
      // The snapshot speaks for this socket's conference only (/me/ lists the talks of several).
      var scope = form.closest("[data-conference]");
      if (scope && scope.dataset.conference !== slug) return;
      var id = presentationOf(form);
      if (id === null) return;
      var button = form.querySelector(".interest-button");
      var shown = button ? button.getAttribute("aria-pressed") === "true" : null;
      if (shown !== mine.has(id)) showForm(form, mine.has(id));
    });
    userSeq = message.seq && typeof message.seq.user === "number" ? message.seq.user : null;
    document.dispatchEvent(new CustomEvent("pyconguide:snapshot", { detail: message }));
  }

  function handleInterest(message) {
    if (typeof message.seq === "number" && userSeq !== null) {
      if (message.seq < userSeq) return; // older than what the page shows
      if (message.seq > userSeq + 1) sync(); // one was lost on the way
      userSeq = Math.max(userSeq, message.seq);
    }
    showInterest(message.presentation, message.interested);
    // changes.js ("Only my talks" lists) and me.js (/me/) add or drop what this changed.
    document.dispatchEvent(new CustomEvent("pyconguide:interest", { detail: message }));
  }

  function handle(message) {
    if (!message || typeof message !== "object") return;
    if (message.type === "snapshot") showSnapshot(message);
    else if (message.type === "interest") handleInterest(message);
    else if (message.type === "counts") {
      Object.keys(message.counts || {}).forEach(function (id) {
        showCount(Number(id), message.counts[id]);
      });
    } else if (message.type === "count") showCount(message.presentation, message.count);
    else if (message.type === "presentation") showPresentationChange(message);
    else if (message.type === "error") console.warn("live:", message.error, message.detail);
  }

  // --- forms ---------------------------------------------------------------------------------

  function submitInterest(form) {
    var token = form.querySelector('input[name="csrfmiddlewaretoken"]');
    // Busy, not disabled: a disabled button drops keyboard focus to <body>.
    if (form.getAttribute("aria-busy") === "true") return Promise.resolve();
    form.setAttribute("aria-busy", "true");
    return fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token ? token.value : "" },
    })
      .then(function (response) {
        if (!response.ok) throw new Error("HTTP " + response.status);
        return response.json();
      })
      .then(function (answer) {
        showInterest(answer.presentation, answer.interested);
        showCount(answer.presentation, answer.count);
      })
      .catch(function () {
        // The plain form still works: let the server answer with a page (sign-in, error, or redirect).
        form.submit();
      })
      .finally(function () {
        form.removeAttribute("aria-busy");
      });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.classList.contains("interest-form")) return;
    if (!window.fetch || presentationOf(form) === null) return;
    event.preventDefault();
    submitInterest(form);
  });

  // --- the socket ------------------------------------------------------------------------------

  // The server names the socket's path only when it serves sockets (under ASGI; see context_processors.py).
  var socketMeta = document.querySelector('meta[name="live-socket"]');
  var socketPath = socketMeta ? socketMeta.content : "";
  if (!slug || !socketPath || !window.WebSocket) return;

  function sync() {
    if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify({ type: "sync" }));
  }

  var attempts = 0;
  var socket = null;
  var retry = null;
  // The server's first frame is the snapshot; should it not come (an old server, a lost frame), ask.
  var SNAPSHOT_WAIT_MS = 5000;

  function retryDelay() {
    // Exponential up to 30 s, with jitter so a deploy's dropped sockets don't all return at once.
    var ceiling = Math.min(30000, 500 * Math.pow(2, attempts));
    attempts += 1;
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  function connect() {
    var scheme = location.protocol === "https:" ? "wss:" : "ws:";
    retry = null;
    socket = new WebSocket(scheme + "//" + location.host + socketPath + "?conference=" + encodeURIComponent(slug));
    var snapshotted = false;
    var opened = socket;
    socket.addEventListener("open", function () {
      attempts = 0;
      userSeq = null;
      document.body.dataset.live = "connected";
      setTimeout(function () {
        if (!snapshotted && socket === opened) sync();
      }, SNAPSHOT_WAIT_MS);
    });
    socket.addEventListener("message", function (event) {
      var message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        console.warn("live: unreadable message", error);
        return;
      }
      if (message && message.type === "snapshot") snapshotted = true;
      handle(message);
    });
    socket.addEventListener("close", function (event) {
      document.body.dataset.live = "disconnected";
      if (event.code === CLOSE_UNKNOWN_CONFERENCE) return;
      if (event.code === CLOSE_TOO_MANY) attempts = Math.max(attempts, 6);
      retry = setTimeout(connect, retryDelay());
    });
  }

  // Back online (offline.js keeps marks meanwhile): reconnect now rather than after the backoff.
  window.addEventListener("online", function () {
    if (retry === null || (socket && socket.readyState !== WebSocket.CLOSED)) return;
    clearTimeout(retry);
    attempts = 0;
    connect();
  });

  connect();
})();
