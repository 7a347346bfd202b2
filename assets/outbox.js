/* strengthsapp's outbox: every change made on a screen is kept on this device (IndexedDB)
   until the server has answered for it, and sent in the order it was made, each with an id
   of its own, so that sending twice changes nothing (services/operations.py).

   The same file runs in the pages (outbox-ui.js, offline.js) and in the service worker
   (Background Sync, where the browser has it). Each person's changes are kept apart: only
   the signed-in person's are shown or sent. */
(function (scope) {
  "use strict";
  const DB_NAME = "strengthsapp";
  const DB_VERSION = 1;
  const CHANNEL = "strengthsapp-outbox";
  const BATCH = 20; // operations in one request
  const BATCH_BYTES = 200000; // under the server's 256 KB
  const KEEP_SAVED_MS = 8000; // a saved change says "Saved" this long
  const SNAPSHOT_DAYS = 14;

  // Its own few words, in the page's language (components/words.js, or /words.js offline),
  // looked up when needed; in the service worker, and before them, the English.
  function tr(id) {
    const words = scope.strengthsappWords;
    return words ? words.tr(id) : id;
  }

  let opened = null;
  function open() {
    if (!opened) {
      opened = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, DB_VERSION);
        request.onupgradeneeded = () => {
          const db = request.result;
          if (!db.objectStoreNames.contains("ops")) db.createObjectStore("ops", {keyPath: "id"});
          if (!db.objectStoreNames.contains("snapshots")) db.createObjectStore("snapshots", {keyPath: "key"});
          if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta", {keyPath: "key"});
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return opened;
  }
  function done(request) {
    return new Promise((resolve, reject) => {
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }
  async function objects(name, mode) {
    return (await open()).transaction(name, mode).objectStore(name);
  }
  const put = async (name, value) => done((await objects(name, "readwrite")).put(value));
  const get = async (name, key) => done((await objects(name, "readonly")).get(key));
  const all = async (name) => done((await objects(name, "readonly")).getAll());
  const remove = async (name, key) => done((await objects(name, "readwrite")).delete(key));
  // An answer is written onto a change only if the change is still kept: signing out may
  // have taken it off the device while it was on its way (one transaction, so nothing
  // can come between the look and the write).
  async function keepAnswer(op) {
    const store = await objects("ops", "readwrite");
    return new Promise((resolve, reject) => {
      const found = store.get(op.id);
      found.onsuccess = () => {
        if (!found.result) return resolve(false);
        const written = store.put(op);
        written.onsuccess = () => resolve(true);
        written.onerror = () => reject(written.error);
      };
      found.onerror = () => reject(found.error);
    });
  }

  // Pages and the worker hear of every change to the outbox (another tab sent it, say).
  const listeners = new Set();
  const channel = "BroadcastChannel" in scope ? new BroadcastChannel(CHANNEL) : null;
  if (channel) channel.onmessage = () => listeners.forEach((listen) => listen());
  function changed() {
    listeners.forEach((listen) => listen());
    if (channel) channel.postMessage("changed");
  }

  let state = "idle"; // idle | sending | offline | signin | trouble
  let sending = null;
  const byTime = (a, b) => a.made_at - b.made_at || (a.seq || 0) - (b.seq || 0);

  function wire(op) {
    return {id: op.id, author: op.author, board: op.board, kind: op.kind, fields: op.fields,
            base_version: op.base_version === undefined ? null : op.base_version};
  }

  function answered(op, result) {
    op.answered_at = Date.now();
    for (const key of ["message", "reason", "about", "theirs", "version"]) op[key] = result[key];
    op.status = result.status === "applied" ? "saved" : result.status; // refused | conflict
  }

  async function waitingOf(me) {
    return (await all("ops")).filter((o) => o.author === me.user_id && o.status === "waiting").sort(byTime);
  }

  // The page's own socket, while it is up (components/ops_bridge.jsx): a batch goes as an
  // event and is answered there (saOutbox.answered). With no answer in a few seconds, or no
  // socket (the service worker, a page still loading), it is posted to /api/ops instead; a
  // batch both sent and posted is still applied once (the ids).
  let socket = null;
  const asked = new Map(); // ask -> its resolve
  const SOCKET_WAIT_MS = 6000;
  const SOCKET_BYTES = 40000; // a socket's message stays far under the server's 64 KB

  function viaSocket(ops) {
    if (!socket || !socket.ready() || JSON.stringify(ops).length > SOCKET_BYTES) return Promise.resolve(null);
    const ask = scope.crypto && crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random();
    return new Promise((resolve) => {
      const timer = setTimeout(() => { asked.delete(ask); resolve(null); }, SOCKET_WAIT_MS);
      asked.set(ask, (answer) => { clearTimeout(timer); resolve(answer); });
      try {
        socket.send(ops, ask);
      } catch (error) {
        clearTimeout(timer);
        asked.delete(ask);
        resolve(null);
      }
    });
  }

  /** {status, body}: status 0 when nothing could be reached. */
  async function post(ops) {
    const answer = await viaSocket(ops);
    // Anything but an answer (no session on this socket, the database away) is asked again by post:
    // the socket keeps the cookie it opened with, a request carries the one the browser has now.
    if (answer && answer.status === 200) return {status: 200, body: answer};
    let response;
    try {
      response = await fetch("/api/ops", {
        method: "POST", credentials: "same-origin", cache: "no-store",
        headers: {"Content-Type": "application/json"},
        body: JSON.stringify({ops}),
      });
    } catch (error) {
      return {status: 0, body: null};
    }
    return {status: response.status, body: response.ok ? await response.json() : null};
  }

  async function sendAll() {
    const me = await get("meta", "me");
    if (!me) return "idle";
    let waiting = await waitingOf(me);
    let one = false; // after a 413: one at a time
    for (let pass = 0; pass < 100 && waiting.length; pass++) {
      const batch = [];
      let bytes = 0;
      for (const op of waiting) {
        const size = JSON.stringify(wire(op)).length;
        if (batch.length && (batch.length >= (one ? 1 : BATCH) || bytes + size > BATCH_BYTES)) break;
        batch.push(op);
        bytes += size;
      }
      const answer = await post(batch.map(wire));
      if (answer.status === 0) return "offline";
      if (answer.status === 401) return "signin";
      if (answer.status === 413) {
        if (batch.length > 1) { one = true; continue; }
        answered(batch[0], {status: "refused", reason: "input",
          message: tr("This is too long to send. Shorten it, then try again.")});
        await keepAnswer(batch[0]);
        waiting = await waitingOf(me);
        changed();
        continue;
      }
      if (answer.status !== 200) return "trouble";
      const body = answer.body;
      const results = new Map((body.results || []).map((r) => [r.id, r]));
      let later = false;
      for (const op of batch) {
        const result = results.get(op.id) || {status: "refused", reason: "input",
          message: tr("This didn't come through right.")};
        if (result.status === "later") { later = true; continue; }
        answered(op, result);
        await keepAnswer(op);
      }
      changed();
      if (later) return "trouble";
      // What was kept meanwhile (a tap while this was on its way) goes next, in order.
      waiting = await waitingOf(me);
    }
    return "idle";
  }

  const Outbox = {
    get state() { return state; },
    onChange(listen) { listeners.add(listen); },

    /** Keep a change; it is on this device from now on, whatever happens next. */
    async add(op) {
      op.status = "waiting";
      op.seq = (await all("ops")).length;
      await put("ops", op);
      changed();
      if (scope.navigator && navigator.serviceWorker && navigator.serviceWorker.ready) {
        navigator.serviceWorker.ready.then((r) => r.sync && r.sync.register("outbox")).catch(() => {});
      }
      return op;
    },
    async list(author) {
      return (await all("ops")).filter((o) => o.author === author).sort(byTime);
    },
    async get(id) { return get("ops", id); },
    async put(op) { await put("ops", op); changed(); },
    async discard(id) { await remove("ops", id); changed(); },

    /** Send what waits, now (one sender at a time in this browser). */
    send() {
      if (sending) return sending;
      const locks = scope.navigator && navigator.locks;
      const work = async () => {
        state = "sending";
        changed();
        try {
          state = await sendAll();
        } catch (error) {
          state = "trouble";
        }
        await Outbox.tidy();
        changed();
        return state;
      };
      sending = (locks ? locks.request("strengthsapp-outbox", work) : work()).finally(() => { sending = null; });
      return sending;
    },

    /** Saved changes leave the outbox once they have said "Saved" a while. */
    async tidy() {
      const now = Date.now();
      for (const op of await all("ops")) {
        if (op.status === "saved" && now - op.answered_at > KEEP_SAVED_MS) await remove("ops", op.id);
      }
      for (const snap of await all("snapshots")) {
        if (now - snap.saved_at > SNAPSHOT_DAYS * 864e5) await remove("snapshots", snap.key);
      }
    },

    /** The page's socket (components/ops_bridge.jsx), or null when it goes. */
    useSocket(link) { socket = link; },
    /** The server's answer for one sending over the socket (states.board.send_ops). */
    answered(ask, answer) {
      const resolve = asked.get(ask);
      if (resolve) {
        asked.delete(ask);
        resolve(answer);
      }
    },

    async me() { return get("meta", "me"); },
    async setMe(me) {
      await put("meta", {key: "me", user_id: me.user_id, name: me.name, role: me.role});
      changed();
    },

    /** Signing out: this person's changes, snapshots and name leave the device. */
    async forget(author) {
      for (const op of await all("ops")) if (op.author === author) await remove("ops", op.id);
      for (const snap of await all("snapshots")) if (snap.author === author) await remove("snapshots", snap.key);
      const me = await get("meta", "me");
      if (me && me.user_id === author) await remove("meta", "me");
      changed();
    },

    async keepSnapshot(snap) {
      await put("snapshots", {...snap, key: snap.author + ":" + snap.board, saved_at: Date.now()});
    },
    async dropSnapshot(author, board) { await remove("snapshots", author + ":" + board); },
    async snapshots(author) {
      return (await all("snapshots")).filter((s) => s.author === author).sort((a, b) => b.saved_at - a.saved_at);
    },
  };
  scope.saOutbox = Outbox;
})(self);
