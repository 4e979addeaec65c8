// PyCon Guide's service worker (docs/offline.md). offline/views.py serves it at /sw.js, so its scope is
// the whole site, and fills in the version, the static files and the store's address.
//
// - Static files: from the cache first; a deploy changes the version, so new files come with a new cache.
// - Pages: from the network when it answers within a few seconds, saving what it answers; else from the
//   copy, marked for offline.js to show "Offline — schedule as of …"; else our own offline page.
// - A conference's first visit saves its lists and grids (whole and per day), every talk page, /me/
//   (all from `/<slug>/offline.json` and the addresses it names). Pages ask again whenever they open
//   online; a copy older than REFRESH_MS, of another version or of another user is saved again.
// - Marks posted while the network is down are kept (offline-store.js) and sent by Background Sync
//   where the browser has it, and by pages when they see the connection come back.
// - Signing out, or another user's page, drops the saved pages and the pending marks.
"use strict";

var VERSION = "__VERSION__";
var STATIC_FILES = "__STATIC__";
var OFFLINE_PAGE = "__OFFLINE_PAGE__";
importScripts("__STORE__");

var PREFIX = "pyconguide-";
var STATIC_CACHE = PREFIX + "static-" + VERSION;
var PAGES_CACHE = PREFIX + "pages-" + VERSION;
var SAVED_AT = "X-Offline-Saved-At";
var NETWORK_WAIT_MS = 4000;
var REFRESH_MS = 10 * 60 * 1000;
var FETCHES_AT_ONCE = 4;
var SYNC_TAG = "pyconguide-marks";
var NEVER_SAVED = /^\/(admin|auth|login|logout|calendar)\//;
var INTEREST = /^\/talks\/(\d+)\/interest\/$/;
var TALK_PAGE = /^\/talks\/\d+\/$/;
var STATIC = new Set(STATIC_FILES);
var saving = new Map(); // slug -> promise of the save under way

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(STATIC_CACHE)
      .then(function (cache) {
        return cache.addAll(STATIC_FILES);
      })
      .then(function () {
        // A new deploy takes over at once rather than waiting for every tab to close.
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        var old = names.filter(function (name) {
          return name.indexOf(PREFIX) === 0 && name !== STATIC_CACHE && name !== PAGES_CACHE;
        });
        return Promise.all(old.map(function (name) {
          return caches.delete(name);
        }));
      })
      .then(function () {
        return self.clients.claim();
      })
      .then(function () {
        return notifyAll({ type: "version", version: VERSION });
      })
  );
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST") {
    if (INTEREST.test(url.pathname) && !request.headers.get("X-Offline-Flush")) event.respondWith(markInterest(event));
    else if (url.pathname === "/logout/") event.respondWith(signOut(request));
    return;
  }
  if (request.method !== "GET") return;
  if (STATIC.has(url.pathname)) event.respondWith(staticFile(request));
  else if (request.mode === "navigate" && !NEVER_SAVED.test(url.pathname)) event.respondWith(page(event));
  // A list card's description is fetched from its talk page (static/js/descriptions.js): offline too.
  else if (TALK_PAGE.test(url.pathname)) event.respondWith(page(event));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var source = event.source;
  var reply = function (message) {
    if (source) source.postMessage(message);
  };
  if (data.type === "visit") event.waitUntil(visit(String(data.user || ""), data.slug || "", reply));
  else if (data.type === "changed") event.waitUntil(refreshTalk(Number(data.presentation), data.slug || ""));
  else if (data.type === "signed-out") event.waitUntil(forgetUser());
  else if (data.type === "version") reply({ type: "version", version: VERSION });
});

self.addEventListener("sync", function (event) {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    sendMarks().then(function (result) {
      // Left over: the network failed again. Throwing asks the browser to try later.
      if (result && result.left) throw new Error("marks still pending");
    })
  );
});

// --- answering requests ------------------------------------------------------------------------

function staticFile(request) {
  return caches.match(request, { cacheName: STATIC_CACHE }).then(function (hit) {
    return hit || fetch(request);
  });
}

function page(event) {
  var request = event.request;
  var fromNetwork = fetch(request).then(function (response) {
    if (worthSaving(response)) {
      var copy = response.clone();
      event.waitUntil(caches.open(PAGES_CACHE).then(function (cache) {
        return save(cache, request.url, copy, new Date().toISOString());
      }));
    }
    return response;
  });
  return within(fromNetwork, NETWORK_WAIT_MS).catch(function () {
    return savedPage(request.url).then(function (saved) {
      if (saved) return saved;
      // Nothing saved: a slow network is still better than the offline page.
      return fromNetwork.catch(offlinePage);
    });
  });
}

function within(promise, ms) {
  return new Promise(function (resolve, reject) {
    var timer = setTimeout(function () {
      reject(new Error("network too slow"));
    }, ms);
    promise.then(
      function (value) {
        clearTimeout(timer);
        resolve(value);
      },
      function (error) {
        clearTimeout(timer);
        reject(error);
      }
    );
  });
}

function worthSaving(response) {
  var type = response.headers.get("Content-Type") || "";
  return response.ok && response.type === "basic" && !response.redirected && type.indexOf("text/html") === 0;
}

function save(cache, url, response, savedAt) {
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set(SAVED_AT, savedAt);
    return cache.put(url, new Response(body, { status: response.status, headers: headers })).then(function () {
      return body.size;
    });
  });
}

function savedPage(url) {
  return caches.match(url, { cacheName: PAGES_CACHE, ignoreVary: true }).then(function (hit) {
    return hit ? fromCopy(hit) : null;
  });
}

// The page as saved, its <body> marked with when it was saved, for offline.js's notice.
function fromCopy(response) {
  var savedAt = (response.headers.get(SAVED_AT) || "").replace(/[^0-9TZ:.+-]/g, "");
  return response.text().then(function (html) {
    var headers = new Headers(response.headers);
    headers.delete("Content-Length");
    html = html.replace("<body", '<body data-offline-as-of="' + savedAt + '"');
    return new Response(html, { status: 200, headers: headers });
  });
}

function offlinePage() {
  return savedPage(OFFLINE_PAGE).then(function (saved) {
    if (saved) return saved;
    // Nothing saved yet (just signed out, say): the same words, without the user's header.
    var css = STATIC_FILES.find(function (url) {
      return /\/css\/site\.css$/.test(url);
    });
    var html =
      '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Offline · PyCon Guide</title>' +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="' + css + '">' +
      '</head><body><main id="main"><h1>You are offline</h1><p>This page was not saved on this device, so it ' +
      'cannot open without a connection.</p><p><a href="/">Try again</a> once you are back online.</p></main></body></html>';
    return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

function markInterest(event) {
  var request = event.request;
  var form = request.clone().formData();
  var id = Number(INTEREST.exec(new URL(request.url).pathname)[1]);
  return fetch(request).then(
    function (response) {
      if (response.ok && (response.headers.get("Content-Type") || "").indexOf("application/json") === 0) {
        event.waitUntil(learnFrom(response.clone()));
      }
      return response;
    },
    function () {
      return form.then(function (fields) {
        return OfflineStore.get("user").then(function (user) {
          var mark = {
            user: user || "",
            presentation: id,
            interested: fields.get("interested") === "1",
            token: fields.get("csrfmiddlewaretoken") || "",
          };
          return OfflineStore.keep(mark).then(function () {
            askForSync();
            notifyAll({ type: "pending", presentation: id, interested: mark.interested });
            if (request.mode === "navigate") return Response.redirect(localPath(fields.get("next"), id), 303);
            var answer = { error: "unavailable", detail: "Offline: kept on this device, sent when back online.", pending: true };
            return new Response(JSON.stringify(answer), { status: 503, headers: { "Content-Type": "application/json" } });
          });
        });
      });
    }
  );
}

function learnFrom(response) {
  return Promise.all([response.json(), OfflineStore.get("user")]).then(function (both) {
    var answer = both[0];
    if (typeof answer.presentation === "number") return OfflineStore.learn(both[1] || "", answer.presentation, answer.interested);
  });
}

function localPath(next, id) {
  return typeof next === "string" && next.charAt(0) === "/" && next.charAt(1) !== "/" && next.charAt(1) !== "\\"
    ? next
    : "/talks/" + id + "/";
}

function signOut(request) {
  return forgetUser().then(function () {
    return fetch(request).catch(function () {
      return Response.redirect(OFFLINE_PAGE, 303);
    });
  });
}

// --- saving a conference -------------------------------------------------------------------------

function visit(user, slug, reply) {
  return switchUser(user).then(function () {
    if (!slug) return;
    return OfflineStore.get("saved").then(function (saved) {
      var record = (saved || {})[slug];
      var fresh = record && record.version === VERSION && Date.now() - Date.parse(record.as_of) < REFRESH_MS;
      var work = fresh ? Promise.resolve(record) : saveConference(slug);
      return work.then(
        function (done) {
          reply(Object.assign({ type: "saved" }, done));
        },
        function (error) {
          reply({ type: "save-failed", slug: slug, detail: String(error) });
        }
      );
    });
  });
}

// Another user's page (or a signed-out one after a signed-in one): nothing saved for the last one stays.
function switchUser(user) {
  return OfflineStore.get("user").then(function (last) {
    if (last === user) return;
    var forget = last === undefined ? Promise.resolve() : forgetPages();
    return forget
      .then(function () {
        return OfflineStore.forgetMarks(user);
      })
      .then(function () {
        return OfflineStore.set("user", user);
      });
  });
}

function forgetPages() {
  return caches.keys().then(function (names) {
    var pages = names.filter(function (name) {
      return name.indexOf(PREFIX + "pages-") === 0;
    });
    return Promise.all(pages.map(function (name) {
      return caches.delete(name);
    })).then(function () {
      return OfflineStore.remove("saved");
    });
  });
}

function forgetUser() {
  return OfflineStore.get("user").then(function (user) {
    return Promise.all([forgetPages(), OfflineStore.forgetMarks(), OfflineStore.remove("known:" + (user || ""))]).then(
      function () {
        return OfflineStore.set("user", "");
      }
    );
  });
}

function saveConference(slug) {
  if (saving.has(slug)) return saving.get(slug);
  var work = copyConference(slug).finally(function () {
    saving.delete(slug);
  });
  saving.set(slug, work);
  return work;
}

function copyConference(slug) {
  var started = Date.now();
  var base = "/" + encodeURIComponent(slug) + "/";
  var policy = "";
  return fetch(base + "offline.json", { credentials: "same-origin", cache: "no-store" })
    .then(function (response) {
      if (!response.ok) throw new Error("HTTP " + response.status);
      policy = response.headers.get("Content-Security-Policy") || "";
      return response.json();
    })
    .then(function (copy) {
      return caches.open(PAGES_CACHE).then(function (cache) {
        var talks = Object.keys(copy.talks);
        var puts = talks.map(function (url) {
          var headers = { "Content-Type": "text/html; charset=utf-8" };
          if (policy) headers["Content-Security-Policy"] = policy;
          headers[SAVED_AT] = copy.as_of;
          var body = new Blob([copy.talks[url]]);
          return cache.put(url, new Response(body, { headers: headers })).then(function () {
            return body.size;
          });
        });
        var pages = inTurn(copy.pages, function (url) {
          return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (response) {
            return worthSaving(response) ? save(cache, url, response, copy.as_of) : 0;
          });
        });
        return Promise.all([Promise.all(puts), pages]).then(function (sizes) {
          var bytes = sizes[0].concat(sizes[1]).reduce(function (sum, size) {
            return sum + size;
          }, 0);
          var record = {
            slug: slug,
            name: copy.conference.name,
            days: copy.conference.days,
            pages: copy.pages,
            talks: talks.length,
            user: String(copy.user || ""),
            as_of: copy.as_of,
            version: VERSION,
            bytes: bytes,
            ms: Date.now() - started,
          };
          return remember(record, copy).then(function () {
            return record;
          });
        });
      });
    });
}

function remember(record, copy) {
  return OfflineStore.get("saved")
    .then(function (saved) {
      saved = saved || {};
      saved[record.slug] = record;
      return OfflineStore.set("saved", saved);
    })
    .then(function () {
      var name = "known:" + record.user;
      return OfflineStore.get(name).then(function (known) {
        known = known || {};
        var marked = new Set(copy.marked);
        Object.keys(copy.talks).forEach(function (url) {
          var id = Number(url.split("/")[2]);
          known[id] = marked.has(id);
        });
        return OfflineStore.set(name, known);
      });
    });
}

// Fetches the addresses a few at a time: the conference Wi-Fi and the server serve everyone else too.
function inTurn(urls, fetchOne) {
  var queue = urls.slice();
  var sizes = [];
  function next() {
    var url = queue.shift();
    if (url === undefined) return Promise.resolve();
    return fetchOne(url).then(function (size) {
      sizes.push(size);
      return next();
    });
  }
  var runners = [];
  for (var i = 0; i < FETCHES_AT_ONCE; i += 1) runners.push(next());
  return Promise.all(runners).then(function () {
    return sizes;
  });
}

// A `presentation` message: that talk's page and the conference's list and grid pages are out of date.
var refreshing = null;
var toRefresh = new Set();

function refreshTalk(id, slug) {
  if (id > 0) toRefresh.add("/talks/" + id + "/");
  if (!refreshing) {
    // Changes come in bursts (one scrape moves many talks): refresh once for the burst.
    refreshing = new Promise(function (resolve) {
      setTimeout(resolve, 2000);
    })
      .then(function () {
        return OfflineStore.get("saved");
      })
      .then(function (saved) {
        var record = (saved || {})[slug];
        var urls = Array.from(toRefresh).concat(record ? record.pages : []);
        toRefresh.clear();
        return caches.open(PAGES_CACHE).then(function (cache) {
          return inTurn(urls, function (url) {
            return fetch(url, { credentials: "same-origin", cache: "no-store" }).then(
              function (response) {
                return worthSaving(response) ? save(cache, url, response, new Date().toISOString()) : 0;
              },
              function () {
                return 0;
              }
            );
          });
        });
      })
      .finally(function () {
        refreshing = null;
      });
  }
  return refreshing;
}

// --- marks -----------------------------------------------------------------------------------------

function askForSync() {
  if (self.registration.sync) self.registration.sync.register(SYNC_TAG).catch(function () {});
}

function sendMarks() {
  return OfflineStore.get("user").then(function (user) {
    if (!user) return null;
    return OfflineStore.flush(user).then(function (result) {
      if (result.sent.length || result.refused.length) notifyAll({ type: "sent", result: result });
      return result;
    });
  });
}

function notifyAll(message) {
  return self.clients.matchAll({ type: "window" }).then(function (clients) {
    clients.forEach(function (client) {
      client.postMessage(message);
    });
  });
}
