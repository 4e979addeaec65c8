// What PyCon Guide keeps on the device for offline use, in IndexedDB (docs/offline.md). Pages and the
// service worker both load this file, so there is one way to keep, read and send offline marks.
//
// - `marks`: the marks made while offline, one per user and talk: a later choice replaces an earlier one
//   (the last choice wins), and sending means setting (`interested=1|0`), so sending twice is harmless.
// - `state`: the signed-in user the copy belongs to ("user"), the conferences saved ("saved"), and the
//   marks the server last confirmed ("known:<user>"), so a page opened from the copy shows today's marks.
(function (scope) {
  "use strict";

  var NAME = "pyconguide-offline";
  var LOCK = "pyconguide-marks";
  var opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var request = indexedDB.open(NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore("marks", { keyPath: "key" });
          request.result.createObjectStore("state", { keyPath: "name" });
        };
        request.onsuccess = function () {
          var db = request.result;
          db.onversionchange = function () {
            db.close();
            opening = null;
          };
          resolve(db);
        };
        request.onerror = function () {
          opening = null;
          reject(request.error);
        };
      });
    }
    return opening;
  }

  // One transaction; `work(store)` may return a request whose result the promise then gives.
  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(storeName, mode);
        var request = work(transaction.objectStore(storeName));
        transaction.oncomplete = function () {
          resolve(request ? request.result : undefined);
        };
        transaction.onerror = transaction.onabort = function () {
          reject(transaction.error);
        };
      });
    });
  }

  function get(name) {
    return run("state", "readonly", function (store) {
      return store.get(name);
    }).then(function (row) {
      return row ? row.value : undefined;
    });
  }

  function set(name, value) {
    return run("state", "readwrite", function (store) {
      store.put({ name: name, value: value });
    });
  }

  function remove(name) {
    return run("state", "readwrite", function (store) {
      store.delete(name);
    });
  }

  function keep(mark) {
    var row = {
      key: String(mark.user) + ":" + mark.presentation,
      user: String(mark.user),
      presentation: Number(mark.presentation),
      interested: Boolean(mark.interested),
      token: mark.token || "",
      at: Date.now(),
    };
    return run("marks", "readwrite", function (store) {
      store.put(row);
    }).then(function () {
      return row;
    });
  }

  function pending(user) {
    return run("marks", "readonly", function (store) {
      return store.getAll();
    }).then(function (rows) {
      return rows
        .filter(function (row) {
          return user === undefined || row.user === String(user);
        })
        .sort(function (a, b) {
          return a.at - b.at;
        });
    });
  }

  // Drops a sent mark, unless a newer choice replaced it meanwhile: that one is still to send.
  function settle(mark) {
    return run("marks", "readwrite", function (store) {
      var current = store.get(mark.key);
      current.onsuccess = function () {
        if (current.result && current.result.at === mark.at) store.delete(mark.key);
      };
    });
  }

  function forgetMarks(exceptUser) {
    return run("marks", "readwrite", function (store) {
      if (exceptUser === undefined) return void store.clear();
      var all = store.getAll();
      all.onsuccess = function () {
        all.result.forEach(function (row) {
          if (row.user !== String(exceptUser)) store.delete(row.key);
        });
      };
    });
  }

  // The server's word on one of the user's marks, for pages later opened from the copy.
  function learn(user, presentation, interested) {
    var name = "known:" + user;
    return get(name).then(function (known) {
      known = known || {};
      known[presentation] = Boolean(interested);
      return set(name, known);
    });
  }

  function locked(work) {
    // Two tabs (or a tab and the worker) sending at once could reorder one user's choices.
    if (scope.navigator && scope.navigator.locks) return scope.navigator.locks.request(LOCK, work);
    return work();
  }

  // Sends the user's pending marks, oldest first. A mark the server refuses for good (signed out, a talk
  // that takes no marks) is dropped and reported; a network failure or a server error stops the round and
  // keeps the rest for the next one.
  function flush(user, token) {
    return locked(function () {
      return pending(user).then(function (marks) {
        var result = { sent: [], refused: [], left: 0 };
        var chain = Promise.resolve(true);
        marks.forEach(function (mark) {
          chain = chain.then(function (going) {
            if (!going) {
              result.left += 1;
              return false;
            }
            return send(mark, token || mark.token).then(
              function (outcome) {
                if (outcome.retry) {
                  result.left += 1;
                  return false;
                }
                (outcome.ok ? result.sent : result.refused).push({ mark: mark, answer: outcome.answer });
                var done = settle(mark);
                if (outcome.ok) done = done.then(function () {
                  return learn(user, mark.presentation, outcome.answer.interested);
                });
                return done.then(function () {
                  return true;
                });
              },
              function () {
                result.left += 1;
                return false;
              }
            );
          });
        });
        return chain.then(function () {
          return result;
        });
      });
    });
  }

  function send(mark, token) {
    var body = new URLSearchParams({ interested: mark.interested ? "1" : "0" });
    return fetch("/talks/" + mark.presentation + "/interest/", {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": token || "", "X-Offline-Flush": "1" },
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (answer) {
          if (response.ok) return { ok: true, answer: answer };
          // 403 (CSRF or not signed in), 400, 404: sending again cannot help. Anything else may pass later.
          var final = response.status === 400 || response.status === 403 || response.status === 404;
          return final ? { ok: false, answer: answer } : { retry: true };
        });
    });
  }

  scope.OfflineStore = {
    get: get,
    set: set,
    remove: remove,
    keep: keep,
    pending: pending,
    settle: settle,
    forgetMarks: forgetMarks,
    learn: learn,
    flush: flush,
  };
})(self);
