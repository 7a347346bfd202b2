/* The outbox on a page: forms and buttons marked data-op become operations kept on this
   device (outbox.js) before anything else happens; each shows where it belongs with a plain
   status until the server has it; a banner says how many are waiting.

   Markup (pages and offline.js):
     <form data-op="win.add" data-pending="wins" data-words="win">   fields by name
     <button data-op="step.done" data-f-step="12" data-pending="step-12" data-label="Done: Buy a tyre"
             data-hides="[data-step-card='12'] .done-button">
     <div data-pending-list="wins" data-board="7"></div>              where kept changes show
     an ancestor with data-board="7" data-board-name="Alex"           whose board
   Only text is ever set from a change's words (textContent): never read as markup. */
(function () {
  "use strict";
  const O = window.saOutbox;
  if (!O || !window.indexedDB) return;
  let me = null;
  let signedOut = false;
  let retry = null;
  const recent = new Map(); // a tap's key -> when: a second tap a moment later does nothing
  const HIDE_AFTER_SAVED_MS = 2000;
  const tablet = () => window.matchMedia("(min-width: 700px)").matches;

  // The words in the reader's language: components/words.js (or /words.js on the offline
  // screen), looked up when needed, as this script may run first. Without them: the English.
  function fillIn(text, values) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => (values && name in values ? String(values[name]) : whole));
  }
  function tr(id, values) {
    const words = window.strengthsappWords;
    return words ? words.tr(id, values) : fillIn(id, values);
  }
  function trn(singular, plural, count, values) {
    const words = window.strengthsappWords;
    return words ? words.trn(singular, plural, count, values)
      : fillIn(count === 1 ? singular : plural, {count, ...(values || {})});
  }

  // --- who is signed in -------------------------------------------------------------------
  async function whoAmI() {
    try {
      const response = await fetch("/api/me", {credentials: "same-origin", cache: "no-store"});
      if (response.ok) {
        me = await response.json();
        signedOut = false;
        await O.setMe(me);
        return;
      }
      if (response.status === 401) signedOut = true;
    } catch (error) {
      // no signal: the person last signed in on this device is still the one here
    }
    me = await O.me();
  }

  // --- making a change ------------------------------------------------------------------------
  function boardOf(element) {
    // A question in a dialog is drawn outside the board (a portal): then the page's board.
    const holder = element.closest("[data-board]") || document.querySelector("[data-board]");
    return {board: Number(element.dataset.board || (holder && holder.dataset.board) || 0),
            name: (holder && holder.dataset.boardName) || ""};
  }

  function fieldsOfForm(form) {
    const fields = {};
    for (const [name, value] of new FormData(form)) if (typeof value === "string") fields[name] = value;
    return fields;
  }

  function fieldsOfButton(button) {
    const fields = {};
    for (const [key, value] of Object.entries(button.dataset)) {
      if (key.length > 1 && key[0] === "f" && key[1] === key[1].toUpperCase()) {
        fields[key[1].toLowerCase() + key.slice(2)] = value;
      }
    }
    return fields;
  }

  async function keep(spec, fields, element) {
    if (!me) await whoAmI();
    const {board, name} = boardOf(element);
    if (!me || !board) return false;
    const version = fields.version !== undefined && fields.version !== "" ? Number(fields.version)
      : spec.version !== undefined ? Number(spec.version) : null;
    const key = spec.op + " " + board + " " + JSON.stringify(fields);
    const now = Date.now();
    if (element.tagName === "BUTTON") {
      if (now - (recent.get(key) || 0) < 10000) return false; // a double tap: the first counts
      if (spec.op === "step.undone" && now - (recent.get("done " + fields.step) || 0) < 1500) return false;
      recent.set(key, now);
      if (spec.op === "step.done") recent.set("done " + fields.step, now);
    }
    await O.add({
      id: crypto.randomUUID(), author: me.user_id, board, board_name: name, kind: spec.op, fields,
      base_version: version, made_at: now, list: spec.pending || spec.op, hides: spec.hides || "",
      words: spec.words ? (fields[spec.words] || "") : (spec.label || ""), form: spec.form || "",
      saved: spec.saved || "",
    });
    return true;
  }

  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches || !form.matches("form[data-op]")) return;
    event.preventDefault();
    event.stopPropagation();
    const fields = fieldsOfForm(form);
    if (await keep(form.dataset, fields, form)) {
      // A refusal of this form's earlier words is answered by these.
      const {board} = boardOf(form);
      for (const op of await O.list(me.user_id)) {
        if (op.status === "refused" && op.reason === "input" && op.kind === form.dataset.op && op.board === board &&
            (op.form || "") === (form.dataset.form || "")) await O.discard(op.id);
      }
      form.reset(); // only now: the words are on this device
      const after = form.querySelector("[data-after-keep]");
      if (after) after.click(); // e.g. closes an edit form
      render();
      O.send();
    }
  }, true);

  document.addEventListener("click", async (event) => {
    const button = event.target.closest && event.target.closest("button[data-op]");
    if (!button || button.type === "submit") return;
    // Not stopped: an alert dialog's "Remove it" must still close the dialog.
    event.preventDefault();
    if (await keep(button.dataset, fieldsOfButton(button), button)) {
      render();
      O.send();
    }
  }, true);

  // Signing out takes this person's kept changes and snapshots off the device, after saying
  // what has not been sent yet.
  document.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.matches || !form.matches("form[action='/api/signout']") || form.dataset.outboxChecked) return;
    event.preventDefault();
    if (!me) await whoAmI();
    if (me) {
      const unsent = (await O.list(me.user_id)).filter((o) => o.status !== "saved").length;
      if (unsent && !window.confirm(trn("{count} thing hasn't been sent yet. If you sign out now, it is lost. Sign out anyway?",
                                        "{count} things haven't been sent yet. If you sign out now, they are lost. Sign out anyway?",
                                        unsent))) return;
      await O.forget(me.user_id);
    }
    form.dataset.outboxChecked = "1";
    form.requestSubmit(event.submitter || undefined);
  }, true);

  // --- showing what is kept ---------------------------------------------------------------------
  function statusOf(op) {
    // op.saved and op.message are already in the reader's language (the page's, the server's).
    if (op.status === "saved") return {text: op.saved ? tr("Saved ✓") + " " + op.saved : tr("Saved ✓"), tone: "saved"};
    if (op.status === "conflict") return {text: tr("This changed while you were writing."), tone: "problem"};
    if (op.status === "refused") {
      if (op.reason === "access") {
        return {text: op.board_name ? tr("You can no longer add to {name}'s board, so this wasn't sent.", {name: op.board_name})
          : tr("You can no longer change this board, so this wasn't sent."), tone: "problem"};
      }
      const reason = op.message || tr("something went wrong.");
      return {text: tr("Couldn't save: {reason}", {reason}) +
        (op.restored ? " " + tr("Your words are back in the box, to change and save again.") : ""), tone: "problem"};
    }
    if (signedOut || O.state === "signin") {
      return {text: tablet() ? tr("On this tablet. Sign in to send it.") : tr("On this phone. Sign in to send it."), tone: "waiting"};
    }
    if (O.state === "sending" && navigator.onLine) return {text: tr("Sending…"), tone: "waiting"};
    return {text: tablet() ? tr("On this tablet — it will be sent when there is signal.")
      : tr("On this phone — it will be sent when there is signal."), tone: "waiting"};
  }

  function button(label, act, tone) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "outbox-button" + (tone ? " outbox-" + tone : "");
    b.textContent = label;
    b.addEventListener("click", (event) => { event.preventDefault(); event.stopPropagation(); act(); });
    return b;
  }

  function card(op) {
    const box = document.createElement("div");
    box.className = "outbox-card";
    box.dataset.outboxId = op.id;
    fill(box, op);
    return box;
  }

  function fill(box, op) {
    const status = statusOf(op);
    const signature = op.status + "|" + status.text + "|" + Boolean(op.restored);
    if (box.dataset.signature === signature) return;
    box.dataset.signature = signature;
    box.dataset.tone = status.tone;
    box.replaceChildren();
    if (op.words) {
      const words = document.createElement("div");
      words.className = "outbox-words";
      words.textContent = op.words;
      box.appendChild(words);
    }
    const line = document.createElement("div");
    line.className = "outbox-status";
    line.setAttribute("role", "status");
    line.textContent = status.text;
    box.appendChild(line);
    if (op.status === "conflict") {
      const theirs = document.createElement("blockquote");
      theirs.className = "outbox-theirs";
      const now = op.theirs || {};
      theirs.textContent = tr("Now it says: {words}", {words: now.text || now.name || Object.values(now).filter(Boolean).join(" · ")});
      box.appendChild(theirs);
    }
    const actions = document.createElement("div");
    actions.className = "outbox-actions";
    if (op.status === "conflict") {
      actions.append(
        button(tr("Save mine instead"), () => again(op, op.version), "primary"),
        button(tr("Keep the new words"), () => O.discard(op.id)),
      );
    } else if (op.status === "refused") {
      if (op.words) actions.append(button(tr("Copy my words"), () => navigator.clipboard && navigator.clipboard.writeText(op.words)));
      if (op.reason === "input" && !op.restored && backInTheBox(op, true)) actions.append(button(tr("Put my words back in the box"), () => backInTheBox(op)));
      if (op.reason === "access") actions.append(button(tr("Try again"), () => again(op, op.base_version)));
      actions.append(button(tr("Discard"), () => { if (window.confirm(tr("Discard this? It is not saved anywhere else."))) O.discard(op.id); }));
    } else if (op.status === "waiting") {
      actions.append(button(tr("Discard"), () => { if (window.confirm(tr("Discard this? It hasn't been sent."))) O.discard(op.id); }));
    }
    if (actions.childElementCount) box.appendChild(actions);
  }

  async function again(op, version) {
    await O.discard(op.id);
    await O.add({...op, id: crypto.randomUUID(), base_version: version, made_at: Date.now(), status: "waiting",
                 message: "", reason: "", theirs: null});
    O.send();
  }

  // The words go back into the form they came from, to change and save again: by
  // themselves when the form is still empty (nothing new typed there), or on a tap.
  function formOf(op) {
    return [...document.querySelectorAll("form[data-op='" + op.kind + "']")]
      .find((f) => boardOf(f).board === op.board && (f.dataset.form || "") === (op.form || ""));
  }

  function backInTheBox(op, onlyLook) {
    const form = formOf(op);
    if (!form) return false;
    if (onlyLook) return true;
    for (const [name, value] of Object.entries(op.fields)) {
      const field = form.elements.namedItem(name);
      if (field && "value" in field && field.type !== "hidden") field.value = value;
    }
    op.restored = true;
    O.put(op);
    const first = form.querySelector("textarea, input:not([type=hidden])");
    if (first) first.focus({preventScroll: true});
    return true;
  }

  function restoreRefused(ops) {
    for (const op of ops) {
      if (op.status !== "refused" || op.reason !== "input" || op.restored) continue;
      const form = formOf(op);
      const typed = form && [...form.elements].some((f) => (f.tagName === "TEXTAREA" ||
        (f.tagName === "INPUT" && !["hidden", "submit", "checkbox", "radio"].includes(f.type))) &&
        f.value !== f.defaultValue);
      if (form && !typed) backInTheBox(op);
    }
  }

  let hides = null;
  let banner = null;
  const refreshed = new Set();
  let rendering = false;
  async function render() {
    if (rendering) { rendering = "again"; return; }
    rendering = true;
    try {
      const ops = me ? await O.list(me.user_id) : [];
      const placed = new Set();
      for (const list of document.querySelectorAll("[data-pending-list]")) {
        const board = Number(list.dataset.board || boardOf(list).board);
        const here = ops.filter((o) => o.list === list.dataset.pendingList && o.board === board);
        for (const box of [...list.children]) {
          if (!here.some((o) => o.id === box.dataset.outboxId)) box.remove();
        }
        for (const op of here) {
          placed.add(op.id);
          const box = list.querySelector("[data-outbox-id='" + op.id + "']");
          if (box) fill(box, op); else list.appendChild(card(op));
        }
      }
      // Hidden at once what a kept change has dealt with (a "Done" button, a removed win).
      if (!hides) { hides = document.createElement("style"); document.head.appendChild(hides); }
      // Until the live board has shown the change (a moment after it is saved): then the
      // page is what the server says again (a step undone shows its "Done" button).
      const now = Date.now();
      const hiding = ops.filter((o) => o.hides && (o.status === "waiting" ||
                                                   (o.status === "saved" && now - o.answered_at < HIDE_AFTER_SAVED_MS)));
      const rules = hiding.map((o) => o.hides + "{display:none !important}").join("\n");
      if (hides.textContent !== rules) hides.textContent = rules;
      if (hiding.some((o) => o.status === "saved")) setTimeout(soon, HIDE_AFTER_SAVED_MS);
      showBanner(ops, placed);
      restoreRefused(ops);
      // A page whose lists don't follow the board's room (nudges) asks for them again.
      const fresh = ops.filter((o) => o.status === "saved" && !refreshed.has(o.id));
      if (fresh.length) {
        fresh.forEach((o) => refreshed.add(o.id));
        document.querySelectorAll("[data-refresh-on-save]").forEach((b) => b.click());
      }
    } finally {
      const more = rendering === "again";
      rendering = false;
      if (more) render();
    }
  }

  function showBanner(ops, placed) {
    const waiting = ops.filter((o) => o.status === "waiting");
    const problems = ops.filter((o) => o.status === "refused" || o.status === "conflict");
    const elsewhere = ops.filter((o) => !placed.has(o.id) && o.status !== "saved");
    if (!banner) {
      banner = document.createElement("aside");
      banner.className = "outbox-banner";
      document.body.appendChild(banner);
    }
    banner.setAttribute("aria-label", tr("Kept on this device")); // the words may have come since
    banner.hidden = !waiting.length && !problems.length;
    if (banner.hidden) return;
    const words = [];
    const n = waiting.length;
    if (n && (signedOut || O.state === "signin")) {
      words.push(tablet()
        ? trn("{count} thing on this tablet: sign in to send it.", "{count} things on this tablet: sign in to send them.", n)
        : trn("{count} thing on this phone: sign in to send it.", "{count} things on this phone: sign in to send them.", n));
    } else if (n) {
      words.push(tablet()
        ? trn("{count} thing on this tablet — it will be sent when there is signal.",
              "{count} things on this tablet — they will be sent when there is signal.", n)
        : trn("{count} thing on this phone — it will be sent when there is signal.",
              "{count} things on this phone — they will be sent when there is signal.", n));
    }
    const refused = problems.filter((o) => o.status === "refused").length;
    const choices = problems.length - refused;
    if (choices) {
      words.push(trn("{count} change waits for your choice: the words changed meanwhile.",
                     "{count} changes wait for your choice: the words changed meanwhile.", choices));
    }
    if (refused) words.push(trn("{count} thing couldn't be saved.", "{count} things couldn't be saved.", refused));
    const signature = words.join(" ") + "|" + elsewhere.map((o) => o.id + o.status).join(",");
    if (banner.dataset.signature === signature) return;
    banner.dataset.signature = signature;
    banner.replaceChildren();
    const text = document.createElement("p");
    text.setAttribute("role", "status");
    text.textContent = words.join(" ");
    banner.appendChild(text);
    if (waiting.length && (signedOut || O.state === "signin")) {
      const link = document.createElement("a");
      link.href = "/signin";
      link.className = "outbox-button outbox-primary";
      link.textContent = tr("Sign in");
      banner.appendChild(link);
    } else if (waiting.length) {
      banner.appendChild(button(tr("Send now"), () => O.send(), "primary"));
    }
    if (elsewhere.length) {
      const list = document.createElement("div");
      list.className = "outbox-elsewhere";
      for (const op of elsewhere) list.appendChild(card(op));
      banner.appendChild(list);
    }
  }

  // --- sending by itself ---------------------------------------------------------------------
  function sendSoon(delay) {
    clearTimeout(retry);
    retry = setTimeout(async () => {
      const outcome = await O.send();
      if (outcome === "signin") { signedOut = true; render(); return; }
      if (me && (await O.list(me.user_id)).some((o) => o.status === "waiting")) sendSoon(Math.min((delay || 2000) * 2, 60000));
    }, delay || 0);
  }

  // A board seen with signal is kept on this device, for when there is none (offline.html).
  async function keepBoards() {
    if (!me || !navigator.onLine) return;
    for (const holder of document.querySelectorAll("[data-board][data-snapshot]")) {
      const board = Number(holder.dataset.board);
      if (!board || holder.dataset.kept === String(board)) continue;
      holder.dataset.kept = String(board);
      try {
        const response = await fetch("/api/offline/snapshot?client=" + board, {credentials: "same-origin", cache: "no-store"});
        if (response.ok) await O.keepSnapshot(await response.json());
        else if (response.status === 403) await O.dropSnapshot(me.user_id, board);
      } catch (error) {
        holder.dataset.kept = "";
      }
    }
  }

  // The page redraws its lists (React): the kept changes are put back where they belong,
  // at most once a frame.
  let scheduled = false;
  function soon() {
    if (scheduled) return;
    scheduled = true;
    setTimeout(() => { scheduled = false; render(); keepBoards(); }, 30);
  }

  O.onChange(soon);
  window.addEventListener("online", () => sendSoon(0));
  document.addEventListener("visibilitychange", () => { if (document.visibilityState === "visible") sendSoon(0); });
  new MutationObserver(soon).observe(document.documentElement, {childList: true, subtree: true});

  window.saOutboxUI = {render, whoAmI, send: () => sendSoon(0)};
  whoAmI().then(async () => { await render(); sendSoon(0); keepBoards(); });
})();
