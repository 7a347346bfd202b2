/* The offline screen (offline.html): with no signal, the boards this person opened in the
   last 14 days, as they were then (snapshots kept by outbox-ui.js), and the forms to record
   what happens on a visit: a visit, a check-in, a win, a step done, an idea. What is written
   goes into the outbox like anywhere else, and is sent when there is signal. Words are only
   ever set as text (textContent), never read as markup; they are in the reader's language
   (/words.js, loaded before this: the catalogs of components/words.js). */
(function () {
  "use strict";
  const O = window.saOutbox;
  const place = document.getElementById("board");
  const tablet = () => window.matchMedia("(min-width: 700px)").matches;

  // Without /words.js (an old worker's cache): the English.
  function fill(text, values) {
    return text.replace(/\{(\w+)\}/g, (whole, name) => (values && name in values ? String(values[name]) : whole));
  }
  function tr(id, values) {
    const words = window.strengthsappWords;
    return words ? words.tr(id, values) : fill(id, values);
  }
  function locale() {
    // The browser's own variant of the page's language (en-GB's dates for en-GB), else the language.
    const language = window.strengthsappWords ? window.strengthsappWords.locale : "en";
    return (navigator.languages || [navigator.language]).find((code) => code && code.toLowerCase().split(/[-_]/)[0] === language) || language;
  }

  const places = () => [["home", tr("At home")], ["community", tr("In the community")], ["office", tr("At the office")],
                        ["phone_video", tr("By phone or video")]];
  const feelings = () => [["proud", tr("Proud")], ["hopeful", tr("Hopeful")], ["calm", tr("Calm")], ["tired", tr("Tired")],
                          ["unsure", tr("Unsure")]];

  // The page's own words, written in English in offline.html.
  document.title = tr("No signal") + " | strengthsapp";
  document.getElementById("title").textContent = tr("No signal right now");
  document.getElementById("status").textContent =
    tr("What you write here is not lost: it stays on this device and is sent by itself when there is signal.");

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
  function when(snap) {
    return new Date(snap.saved_at).toLocaleString(locale(), {weekday: "short", day: "numeric", month: "short",
                                                             hour: "2-digit", minute: "2-digit"});
  }

  function boardView(snap) {
    const board = el("section", {data: {board: String(snap.board), boardName: snap.own ? "" : snap.name},
                                 "aria-labelledby": "board-name"});
    board.appendChild(el("h2", {id: "board-name", text: snap.own ? tr("My board") : tr("{name}'s board", {name: snap.name})}));
    board.appendChild(el("p", {class: "muted", text: tr("As of {moment}. It will update when there is signal.", {moment: when(snap)})}));

    if (snap.next_steps.length) {
      board.appendChild(el("h2", {text: snap.own ? tr("My next steps") : tr("Next steps")}));
      for (const step of snap.next_steps) {
        const card = el("div", {class: "card", data: {stepCard: String(step.id)}});
        const words = el("div", {}, el("div", {class: step.done ? "done" : "", text: step.text}),
                         el("div", {class: "muted", text: [step.goal, step.when, step.who].filter(Boolean).join(" · ")}));
        const row = el("div", {class: "row"}, words);
        if (snap.records_progress && !step.done) {
          const label = tr("Done: {step}", {step: step.text});
          row.appendChild(el("button", {type: "button", class: "do done-button", "aria-label": label,
            text: tr("Done"), data: {op: "step.done", fStep: String(step.id), pending: "step-" + step.id,
                                     label, hides: "[data-step-card='" + step.id + "'] .done-button"}}));
        }
        if (step.done) row.appendChild(el("span", {text: "✓ " + tr("Done")}));
        card.append(row, pending("step-" + step.id));
        board.appendChild(card);
      }
    }

    if (snap.goals.length) {
      board.appendChild(el("h2", {text: snap.own ? tr("My goals") : tr("Goals")}));
      for (const goal of snap.goals) {
        const card = el("div", {class: "card"}, el("h3", {text: goal.text}));
        if (goal.total) {
          card.appendChild(el("div", {class: "muted", text: tr("{done} of {total} steps done", {done: goal.done, total: goal.total})}));
        }
        if (snap.records_progress) {
          const how = el("input", {name: "how", id: "how-" + goal.id, required: true});
          const feeling = select("feeling", "feeling-" + goal.id, [["", tr("Feeling (if you like)")], ...feelings()]);
          card.appendChild(el("form", {data: {op: "check_in.add", pending: "goal-" + goal.id, words: "how"}},
            hidden("goal", goal.id), field(tr("How is it going?"), how), field(tr("Feeling"), feeling),
            el("button", {type: "submit", class: "do", text: tr("Save"), "aria-label": tr("Save check-in for {goal}", {goal: goal.text})})));
        }
        card.appendChild(pending("goal-" + goal.id));
        board.appendChild(card);
      }
    }

    if (snap.records_contacts) {
      board.appendChild(el("h2", {text: tr("Record a visit")}));
      const on = el("input", {type: "date", name: "on", id: "visit-on", required: true, value: today()});
      const summary = el("textarea", {name: "summary", id: "visit-summary", required: true, rows: "3"});
      board.appendChild(el("form", {class: "card", data: {op: "visit.add", pending: "visits", words: "summary"}},
        field(tr("When"), on), field(tr("Where"), select("place", "visit-place", places(), "community")),
        field(tr("What we worked on"), summary), el("button", {type: "submit", class: "do", text: tr("Save the visit")})));
      board.appendChild(pending("visits"));
      for (const visit of snap.visits) {
        board.appendChild(el("div", {class: "card"}, el("div", {class: "muted", text: visit.when + " · " + visit.where}),
                             el("div", {text: visit.summary})));
      }
    }

    if (snap.records_progress) {
      board.appendChild(el("h2", {text: snap.own ? tr("My wins") : tr("Wins")}));
      const win = el("input", {name: "win", id: "field-win", required: true});
      board.appendChild(el("form", {class: "card", data: {op: "win.add", pending: "wins", words: "win"}},
        field(snap.own ? tr("A win, big or small") : tr("A win {name} wants to keep", {name: snap.name}), win),
        el("button", {type: "submit", class: "do", text: tr("Add")})));
      board.appendChild(pending("wins"));
      for (const w of snap.wins) board.appendChild(el("div", {class: "card"}, el("div", {text: "★ " + w.text}),
                                                      el("div", {class: "muted", text: w.when})));
    }

    if (snap.suggests) {
      board.appendChild(el("h2", {text: tr("Suggest an idea to {name}", {name: snap.name})}));
      const idea = el("input", {name: "text", id: "field-idea", required: true});
      const target = select("goal", "suggest-target", [["", tr("A new goal")],
        ...snap.goals.map((g) => [String(g.id), tr("A step for: {goal}", {goal: g.text})])], "");
      board.appendChild(el("form", {class: "card", data: {op: "idea.add", pending: "ideas", words: "text",
                                                          saved: tr("Your idea is waiting for {name} to decide.", {name: snap.name})}},
        field(tr("The idea"), idea), field(tr("It is"), target), el("button", {type: "submit", class: "do", text: tr("Suggest")})));
      board.appendChild(pending("ideas"));
    }
    return board;
  }

  function boardList(snaps) {
    const list = el("section", {"aria-labelledby": "boards-heading"},
                    el("h2", {id: "boards-heading", text: tablet() ? tr("Boards on this tablet") : tr("Boards on this phone")}));
    if (!snaps.length) {
      list.appendChild(el("p", {text: tablet()
        ? tr("No boards are kept on this tablet yet. Boards you open while there is signal are kept here for 14 days.")
        : tr("No boards are kept on this phone yet. Boards you open while there is signal are kept here for 14 days.")}));
    }
    for (const snap of snaps) {
      const href = snap.own ? "/" : "/board?client=" + snap.board;
      list.appendChild(el("div", {class: "card"}, el("a", {href, text: snap.own ? tr("My board") : snap.name}),
                          el("div", {class: "muted", text: tr("As of {moment}", {moment: when(snap)})})));
    }
    return list;
  }

  async function show() {
    const me = await O.me();
    if (!me) {
      place.replaceChildren(el("p", {text: tablet()
        ? tr("Sign in when there is signal, and the boards you open are kept on this tablet for times like this.")
        : tr("Sign in when there is signal, and the boards you open are kept on this phone for times like this.")}));
      return;
    }
    const snaps = await O.snapshots(me.user_id);
    const wanted = Number(new URLSearchParams(location.search).get("client")) || (me.role === "client" ? me.user_id : 0);
    const snap = snaps.find((s) => s.board === wanted);
    document.getElementById("title").textContent = tr("No signal right now, {name}", {name: me.name.split(" ")[0]});
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
    status.replaceChildren(el("span", {text: tr("You're back online. What you kept here is being sent.") + " "}),
                           el("a", {href: location.href, class: "do", text: tr("Open the live board")}));
  }
  window.addEventListener("online", backOnline);
  show();
})();
