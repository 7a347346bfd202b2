// strengthsapp's service worker. Served by the app with this build's version in place of
// __VERSION__: a new deploy is a new worker, which drops the old caches.
const VERSION = "__VERSION__";
const SHELL = "shell-" + VERSION;      // the offline screen, icons, manifest
const ASSETS = "assets-" + VERSION;    // the built app's hashed files
const SHELL_FILES = ["/offline.html", "/manifest.webmanifest", "/icons/icon-192.png", "/icon.svg",
                     "/outbox.js", "/outbox-ui.js", "/outbox.css", "/offline.js", "/words.js"];
// The outbox (changes kept on this device): sent from here too, by Background Sync.
importScripts("/outbox.js");

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(SHELL_FILES)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    const keep = new Set([SHELL, ASSETS]);
    for (const name of await caches.keys()) {
      if (!keep.has(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// Where the browser has Background Sync (Chrome, Android), the outbox is sent when signal
// returns even with no page open. Never the only way: pages send it too (outbox-ui.js).
self.addEventListener("sync", (event) => {
  if (event.tag === "outbox") event.waitUntil(self.saOutbox.send());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (url.pathname.startsWith("/api/")) return; // always the network: live answers only
  if (request.mode === "navigate") {
    // Pages come from the network (they are live); with no signal, the offline screen,
    // which shows the boards kept on this device and takes what is written on them.
    event.respondWith(fetch(request).catch(() => caches.match("/offline.html", {cacheName: SHELL})));
    return;
  }
  if (SHELL_FILES.includes(url.pathname)) {
    // The outbox's files: fresh from the network when there is signal, kept for when not.
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) {
        const copy = response.clone();
        caches.open(SHELL).then((cache) => cache.put(request, copy));
      }
      return response;
    }).catch(() => caches.match(request, {cacheName: SHELL})));
    return;
  }
  if (url.pathname.startsWith("/assets/") || url.pathname.startsWith("/icons/") || url.pathname === "/icon.svg") {
    // Built files have hashed names: once fetched, they never change within a version.
    event.respondWith(
      caches.open(ASSETS).then((cache) => cache.match(request).then((hit) => hit || fetch(request).then((response) => {
        if (response.ok) cache.put(request, response.clone());
        return response;
      })))
    );
  }
});

// --- nudges and notices ---------------------------------------------------------------
// A nudge carries only what the notification shows: the client's words, and where it leads.
// A notice ("someone made a sign-in link for you") has a tag of its own and no actions.
//
// A nudge may reach this phone more than once: when the push service's answer was lost (a
// timeout, a worker that stopped), the nudge is sent again with the same delivery id. It is
// shown once: its tag is its delivery id (a copy replaces the one on screen), and an id shown
// before is not shown again (kept here for a week), also after she dismissed it or acted.
const SHOWN_DB = "strengthsapp-shown";
const SHOWN_FOR = 7 * 24 * 3600 * 1000;

function openShown() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(SHOWN_DB, 1);
    request.onupgradeneeded = () => {
      const store = request.result.createObjectStore("shown", {keyPath: "id"});
      store.createIndex("at", "at");
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

// True the first time this id is asked about (an add that fails means: shown before). One
// transaction, so three copies arriving together still show once.
async function firstShowing(id) {
  let db;
  try {
    db = await openShown();
  } catch (error) {
    return true; // no IndexedDB here: show it (its tag still replaces a copy on screen)
  }
  return new Promise((resolve) => {
    const tx = db.transaction("shown", "readwrite");
    const store = tx.objectStore("shown");
    let first = true;
    const added = store.add({id: id, at: Date.now()});
    added.onerror = (event) => { event.preventDefault(); first = false; };
    const old = store.index("at").openCursor(IDBKeyRange.upperBound(Date.now() - SHOWN_FOR));
    old.onsuccess = () => { const cursor = old.result; if (cursor) { cursor.delete(); cursor.continue(); } };
    tx.oncomplete = () => { db.close(); resolve(first); };
    tx.onerror = (event) => { event.preventDefault(); };
    tx.onabort = () => { db.close(); resolve(first); };
  });
}

self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {body: event.data ? event.data.text() : ""};
  }
  event.waitUntil((async () => {
    if (data.delivery && !(await firstShowing("nudge-" + String(data.delivery)))) return;
    await self.registration.showNotification(String(data.title || "strengthsapp"), {
      body: String(data.body || ""),
      tag: String(data.tag || ("nudge-" + String(data.delivery || ""))),
      icon: "/icons/icon-192.png",
      badge: "/icons/icon-192.png",
      data: {delivery: data.delivery, url: data.url || "/"},
      actions: data.delivery ? nudgeActions(data.actions) : [],
    });
  })());
});

// A nudge's buttons, titled in the client's language by the server; English if it sent none.
function nudgeActions(sent) {
  const titles = {done: "Done", not_today: "Not today"};
  for (const item of Array.isArray(sent) ? sent : []) {
    if (item && item.action in titles && typeof item.title === "string" && item.title) {
      titles[item.action] = item.title.slice(0, 40);
    }
  }
  return Object.entries(titles).map(([action, title]) => ({action, title}));
}

// "Done" and "Not today" post back with the session cookie; the app counts each delivery once.
async function actOn(delivery, action) {
  const response = await fetch("/api/nudge/action", {
    method: "POST",
    credentials: "same-origin",
    headers: {"Content-Type": "application/json"},
    body: JSON.stringify({delivery: delivery, action: action}),
  });
  return response.ok;
}

self.addEventListener("notificationclick", (event) => {
  const notification = event.notification;
  notification.close();
  const data = notification.data || {};
  if (event.action === "done" || event.action === "not_today") {
    event.waitUntil(actOn(data.delivery, event.action));
    return;
  }
  event.waitUntil(self.clients.matchAll({type: "window", includeUncontrolled: true}).then((windows) => {
    for (const client of windows) {
      if ("focus" in client) return client.navigate(data.url || "/").then((c) => (c || client).focus());
    }
    return self.clients.openWindow(data.url || "/");
  }));
});

// The same action from a page of ours (tests, and browsers without notification actions).
self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "nudge-action" && event.source) {
    event.waitUntil(actOn(data.delivery, data.action).then((ok) => event.source.postMessage({type: "nudge-acted", ok})));
  }
});
