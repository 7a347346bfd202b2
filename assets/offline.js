/* The offline screen (offline.html): with no signal, the boards this person opened in the
   last 14 days, as they were then (snapshots kept by outbox-ui.js), and the forms to record
   what happens on a visit: a visit, a check-in, a win, a step done, an idea. What is written
   goes into the outbox like anywhere else, and is sent when there is signal. Words are only
   ever set as text (textContent), never read as markup. */
(function () {
  "use strict";
  const O = window.saOutbox;
  const place = document.getElementById("board");
  const device = () => (window.matchMedia("(min-width: 700px)").matches ? "tablet" : "phone");
  const PLACES = [["home", "At home"], ["community", "In the community"], ["office", "At the office"],
                  ["phone_video", "By phone or video"]];
  const FEELINGS = ["proud", "hopeful", "calm", "tired", "unsure"];

  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(props || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key === "data") for (const [k, v] of Object.entries(value)) node.dataset[k] = v;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.appendChild(child);
    return node;
  }
  const field = (label, control) => el("div", {}, el("label", {for: control.id, text: label}), control);
  const hidden = (name, value) => el("input", {type: "hidden", name, value: String(value)});
  const pending = (key) => el("div", {data: {pendingList: key}});
  function select(name, id, options, chosen) {
    const box = el("select", {name, id});
    for (const [value, label] of options) {
      const option = el("option", {value, text: label});
      if (value === chosen) option.defaultSelected = true;
      box.appendChild(option);
    }
    return box;
  }
  function today() {
    const d = new Date();
    return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, "0"), String(d.getDate()).padStart(2, "0")].join("-");
  }
  function asOf(snap) {
    return "As of " + new Date(snap.saved_at).toLocaleString([], {weekday: "short", day: "numeric", month: "short",
                                                                  hour: "2-digit", minute: "2-digit"});
  }

  function boardView(snap) {
    const board = el("section", {data: {board: String(snap.board), boardName: snap.own ? "" : snap.name},
                                 "aria-labelledby": "board-name"});
    board.appendChild(el("h2", {id: "board-name", text: snap.own ? "My board" : snap.name + "'s board"}));
    board.appendChild(el("p", {class: "muted", text: asOf(snap) + ". It will update when there is signal."}));

    if (snap.next_steps.length) {
      board.appendChild(el("h2", {text: snap.own ? "My next steps" : "Next steps"}));
      for (const step of snap.next_steps) {
        const card = el("div", {class: "card", data: {stepCard: String(step.id)}});
        const words = el("div", {}, el("div", {class: step.done ? "done" : "", text: step.text}),
                         el("div", {class: "muted", text: [step.goal, step.when, step.who].filter(Boolean).join(" · ")}));
        const row = el("div", {class: "row"}, words);
        if (snap.records_progress && !step.done) {
          row.appendChild(el("button", {type: "button", class: "do done-button", "aria-label": "Done: " + step.text,
            text: "Done", data: {op: "step.done", fStep: String(step.id), pending: "step-" + step.id,
                                 label: "Done: " + step.text, hides: "[data-step-card='" + step.id + "'] .done-button"}}));
        }
        if (step.done) row.appendChild(el("span", {text: "✓ Done"}));
        card.append(row, pending("step-" + step.id));
        board.appendChild(card);
      }
    }

    if (snap.goals.length) {
      board.appendChild(el("h2", {text: snap.own ? "My goals" : "Goals"}));
      for (const goal of snap.goals) {
        const card = el("div", {class: "card"}, el("h3", {text: goal.text}));
        if (goal.total) card.appendChild(el("div", {class: "muted", text: goal.done + " of " + goal.total + " steps done"}));
        if (snap.records_progress) {
          const how = el("input", {name: "how", id: "how-" + goal.id, required: true});
          const feeling = select("feeling", "feeling-" + goal.id, [["", "Feeling (if you like)"], ...FEELINGS.map((f) => [f, f[0].toUpperCase() + f.slice(1)])]);
          card.appendChild(el("form", {data: {op: "check_in.add", pending: "goal-" + goal.id, words: "how"}},
            hidden("goal", goal.id), field("How is it going?", how), field("Feeling", feeling),
            el("button", {type: "submit", class: "do", text: "Save", "aria-label": "Save check-in for " + goal.text})));
        }
        card.appendChild(pending("goal-" + goal.id));
        board.appendChild(card);
      }
    }

    if (snap.records_contacts) {
      board.appendChild(el("h2", {text: "Record a visit"}));
      const on = el("input", {type: "date", name: "on", id: "visit-on", required: true, value: today()});
      const summary = el("textarea", {name: "summary", id: "visit-summary", required: true, rows: "3"});
      board.appendChild(el("form", {class: "card", data: {op: "visit.add", pending: "visits", words: "summary"}},
        field("When", on), field("Where", select("place", "visit-place", PLACES, "community")),
        field("What we worked on", summary), el("button", {type: "submit", class: "do", text: "Save the visit"})));
      board.appendChild(pending("visits"));
      for (const visit of snap.visits) {
        board.appendChild(el("div", {class: "card"}, el("div", {class: "muted", text: visit.when + " · " + visit.where}),
                             el("div", {text: visit.summary})));
      }
    }

    if (snap.records_progress) {
      board.appendChild(el("h2", {text: snap.own ? "My wins" : "Wins"}));
      const win = el("input", {name: "win", id: "field-win", required: true});
      board.appendChild(el("form", {class: "card", data: {op: "win.add", pending: "wins", words: "win"}},
        field(snap.own ? "A win, big or small" : "A win " + snap.name + " wants to keep", win),
        el("button", {type: "submit", class: "do", text: "Add"})));
      board.appendChild(pending("wins"));
      for (const w of snap.wins) board.appendChild(el("div", {class: "card"}, el("div", {text: "★ " + w.text}),
                                                      el("div", {class: "muted", text: w.when})));
    }

    if (snap.suggests) {
      board.appendChild(el("h2", {text: "Suggest an idea to " + snap.name}));
      const idea = el("input", {name: "text", id: "field-idea", required: true});
      const target = select("goal", "suggest-target", [["", "A new goal"], ...snap.goals.map((g) => [String(g.id), "A step for: " + g.text])], "");
      board.appendChild(el("form", {class: "card", data: {op: "idea.add", pending: "ideas", words: "text",
                                                          saved: "Your idea is waiting for " + snap.name + " to decide."}},
        field("The idea", idea), field("It is", target), el("button", {type: "submit", class: "do", text: "Suggest"})));
      board.appendChild(pending("ideas"));
    }
    return board;
  }

  function boardList(snaps) {
    const list = el("section", {"aria-labelledby": "boards-heading"},
                    el("h2", {id: "boards-heading", text: "Boards on this " + device()}));
    if (!snaps.length) {
      list.appendChild(el("p", {text: "No boards are kept on this " + device() + " yet. Boards you open while there is signal are kept here for 14 days."}));
    }
    for (const snap of snaps) {
      const href = snap.own ? "/" : "/board?client=" + snap.board;
      list.appendChild(el("div", {class: "card"}, el("a", {href, text: snap.own ? "My board" : snap.name}),
                          el("div", {class: "muted", text: asOf(snap)})));
    }
    return list;
  }

  async function show() {
    const me = await O.me();
    if (!me) {
      place.replaceChildren(el("p", {text: "Sign in when there is signal, and the boards you open are kept on this " + device() + " for times like this."}));
      return;
    }
    const snaps = await O.snapshots(me.user_id);
    const wanted = Number(new URLSearchParams(location.search).get("client")) || (me.role === "client" ? me.user_id : 0);
    const snap = snaps.find((s) => s.board === wanted);
    document.getElementById("title").textContent = "No signal right now, " + me.name.split(" ")[0];
    if (snap) {
      const children = [boardView(snap)];
      if (snaps.length > 1 || !snap.own) children.push(boardList(snaps));
      place.replaceChildren(...children);
    } else {
      place.replaceChildren(boardList(snaps));
    }
    if (window.saOutboxUI) window.saOutboxUI.render();
  }

  function backOnline() {
    const status = document.getElementById("status");
    status.replaceChildren(el("span", {text: "You're back online. What you kept here is being sent. "}),
                           el("a", {href: location.href, class: "do", text: "Open the live board"}));
  }
  window.addEventListener("online", backOnline);
  show();
})();
