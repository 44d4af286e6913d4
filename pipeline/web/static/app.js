// The review workspace: saves through fetch with the page's CSRF token, keyboard first.
"use strict";
(function () {
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const toast = document.getElementById("toast");
  const list = document.getElementById("segments");

  function say(text, bad) {
    toast.textContent = text;
    toast.className = bad ? "bad" : "good";
  }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRF-Token": csrf},
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {message: await response.text()}; }
    return {status: response.status, data: data};
  }

  // ---- the reviewer's name, asked once and kept in a cookie ----
  const dialog = document.getElementById("name-dialog");
  document.getElementById("set-name").addEventListener("click", () => dialog.showModal());
  document.getElementById("name-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = document.getElementById("name-input").value;
    const result = await post("/api/name", {name: name});
    if (result.data.ok) { dialog.close(); location.reload(); } else { say(result.data.message, true); }
  });
  if (!document.getElementById("reviewer") && list) { dialog.showModal(); }

  // ---- key facts: strike, correct, add, restore ----
  const facts = document.getElementById("facts");
  if (facts) {
    const url = "/api/r/" + encodeURIComponent(facts.dataset.release) + "/facts";
    async function send(body) {
      const result = await post(url, body);
      if (!result.data.ok) { say(result.data.message, true); return; }
      say(body.fr || body.fact, false);
      location.reload();
    }
    facts.addEventListener("click", (event) => {
      const button = event.target.closest("button[data-action]");
      if (!button) { return; }
      const row = button.closest("tr.fact");
      send({kind: row.dataset.kind, fact: row.dataset.fact, action: button.dataset.action});
    });
    facts.addEventListener("submit", (event) => {
      event.preventDefault();
      const form = event.target;
      const row = form.closest("tr.fact");
      const fr = form.elements.fr.value.trim();
      send({kind: row ? row.dataset.kind : form.dataset.kind, fact: row ? row.dataset.fact : fr,
            action: form.dataset.action, fr: fr, de: form.elements.de.value.trim()});
    });
    if (!document.getElementById("reviewer")) { dialog.showModal(); }
  }

  // ---- glossary proposals: accept or reject ----
  const proposalTable = document.getElementById("proposals");
  if (proposalTable) {
    proposalTable.addEventListener("click", async (event) => {
      const button = event.target.closest("button[data-decision]");
      if (!button) { return; }
      const number = button.closest("tr.proposal").dataset.number;
      const result = await post("/api/terms/" + number + "/" + button.dataset.decision, {});
      say(result.data.message, !result.data.ok);
      if (result.data.ok) { location.reload(); }
    });
    if (!document.getElementById("reviewer")) { dialog.showModal(); }
  }

  if (!list) { return; }
  const release = list.dataset.release;
  const base = "/api/r/" + encodeURIComponent(release) + "/segment/";
  const POLL_MS = 4000;  // how often the page asks for others' changes

  // ---- the grid: the active row opens its panel; a German text area grows with its text ----
  function grow(area) { area.style.height = "auto"; area.style.height = area.scrollHeight + "px"; }
  function activate(section) {
    if (!section || section.classList.contains("active")) { return; }
    list.querySelectorAll(".segment.active").forEach((other) => other.classList.remove("active"));
    section.classList.add("active");
    grow(section.querySelector("textarea"));
  }
  list.querySelectorAll("textarea.target").forEach(grow);
  list.addEventListener("input", (event) => {
    if (event.target.matches("textarea.target")) { grow(event.target); showTags(event.target.closest(".segment")); }
  });

  // ---- inline tags (<b1>…</b1>): the German shown formatted under its text area, tags as chips ----
  const TAG = /<(\/?)([biuasf])(\d{1,3})>/g;
  function showTags(section) {
    const box = section && section.querySelector(".tag-preview");
    if (!box) { return; }
    const text = section.querySelector("textarea").value;
    const stack = [box];
    let last = 0;
    box.replaceChildren();
    for (const match of text.matchAll(TAG)) {
      stack[stack.length - 1].append(document.createTextNode(text.slice(last, match.index)));
      const chip = document.createElement("span");
      chip.className = "tag";
      chip.textContent = match[0];
      if (match[1] && stack.length > 1) { stack.pop(); }
      stack[stack.length - 1].append(chip);
      if (!match[1]) {
        const inner = document.createElement("span");
        inner.className = "fmt-" + match[2];
        stack[stack.length - 1].append(inner);
        stack.push(inner);
      }
      last = match.index + match[0].length;
    }
    stack[stack.length - 1].append(document.createTextNode(text.slice(last)));
  }
  function tagProblem(section) {
    const expected = (section.dataset.tags || "").split(" ").filter(Boolean);
    const text = section.querySelector("textarea").value;
    if (!expected.length || !text.match(TAG)) { return ""; }  // no tag at all: placed from the French
    for (const name of expected) {
      const opened = text.split("<" + name + ">").length - 1;
      const closed = text.split("</" + name + ">").length - 1;
      if (opened === 0 && closed === 0) { return "tag <" + name + "> is missing"; }
      if (opened !== 1 || closed !== 1) { return "tag <" + name + "> is not opened and closed once"; }
    }
    return "";
  }
  list.querySelectorAll(".segment").forEach(showTags);
  list.addEventListener("focusin", (event) => activate(event.target.closest(".segment")));

  // ---- propose a term: the words selected in the French and in the German fill the form ----
  let selected = {fr: "", de: ""};
  document.addEventListener("selectionchange", () => {
    const selection = window.getSelection();
    const text = String(selection || "").trim();
    const anchor = selection && selection.anchorNode;
    const element = anchor && (anchor.nodeType === 1 ? anchor : anchor.parentElement);
    if (text && element && element.closest(".fr")) { selected.fr = text; return; }
    const active = document.activeElement;
    if (active && active.matches && active.matches("textarea.target")) {
      const chosen = active.value.substring(active.selectionStart, active.selectionEnd).trim();
      if (chosen) { selected.de = chosen; }
    }
  });
  list.addEventListener("toggle", (event) => {
    const box = event.target;
    if (!box.matches || !box.matches("details.propose") || !box.open) { return; }
    const form = box.querySelector("form");
    if (selected.fr && !form.elements.fr.value) { form.elements.fr.value = selected.fr; }
    if (selected.de && !form.elements.de.value) { form.elements.de.value = selected.de; }
  }, true);
  list.addEventListener("submit", async (event) => {
    const form = event.target.closest("form.term-form");
    if (!form) { return; }
    event.preventDefault();
    const section = form.closest(".segment");
    const body = {fr: form.elements.fr.value, de: form.elements.de.value, kind: form.elements.kind.value,
                  note: form.elements.note.value};
    const result = await post(base + encodeURIComponent(section.dataset.id) + "/term", body);
    say(result.data.message, !result.data.ok);
    if (result.data.ok) { form.reset(); form.closest("details").open = false; }
  });

  // ---- live state: counts and progress after every save; others' changes every few seconds ----
  function showCounts(counts) {
    if (!counts) { return; }
    let total = 0;
    for (const [status, n] of Object.entries(counts)) {
      const cell = document.querySelector('#counts [data-status="' + status + '"]');
      if (cell) { cell.textContent = n; }
      total += n;
    }
    const bar = document.getElementById("progress");
    if (bar) { bar.max = total; bar.value = counts.approved || 0; bar.textContent = (counts.approved || 0) + " approved"; }
  }
  async function poll() {
    const response = await fetch("/api/r/" + encodeURIComponent(release) + "/state", {credentials: "same-origin"});
    if (!response.ok) { return; }
    const state = await response.json();
    showCounts(state.counts);
    for (const section of segments()) {
      const now = state.segments[section.dataset.id];
      if (!now || Number(now[0]) === Number(section.dataset.revision)) { continue; }
      const area = section.querySelector("textarea");
      if (section.classList.contains("active") && area.value !== area.defaultValue) { continue; }  // yours: the save will tell
      const fresh = await refresh(section);
      fresh.classList.add("changed-elsewhere");
      say(fresh.dataset.id + " changed by " + (now[1] || "someone"), false);
    }
  }
  setInterval(() => { poll().catch(() => {}); }, POLL_MS);

  function segments() { return Array.from(list.querySelectorAll(".segment")); }
  function current() { return document.activeElement ? document.activeElement.closest(".segment") : null; }
  function focus(section) {
    if (!section) { return; }
    const area = section.querySelector("textarea");
    area.focus();
    section.scrollIntoView({block: "center"});
  }
  function step(section, direction, test) {
    const all = segments();
    let index = all.indexOf(section);
    for (let i = 0; i < all.length; i++) {
      index = (index + direction + all.length) % all.length;
      if (!test || test(all[index])) { return all[index]; }
    }
    return null;
  }
  const open = (s) => s.dataset.status !== "approved";
  const flagged = (s) => Number(s.dataset.findings) > 0;

  async function refresh(section) {
    const url = "/r/" + encodeURIComponent(release) + "/segment/" + encodeURIComponent(section.dataset.id);
    const response = await fetch(url, {credentials: "same-origin"});
    if (!response.ok) { return section; }
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const fresh = holder.querySelector(".segment");
    fresh.querySelector("details.more").open = section.querySelector("details.more").open;
    if (section.classList.contains("active")) { fresh.classList.add("active"); }
    section.replaceWith(fresh);
    grow(fresh.querySelector("textarea"));
    showTags(fresh);
    return fresh;
  }

  async function save(section, status, comment) {
    const body = {revision: Number(section.dataset.revision), target: section.querySelector("textarea").value};
    const problem = tagProblem(section);
    if (problem && section.dataset.warned !== body.target) {  // said once; saving again keeps it so
      section.dataset.warned = body.target;
      say(section.dataset.id + ": " + problem + ": put it back around its German words, or save again to keep it so", true);
      return null;
    }
    if (section.dataset.inserted) { body.inserted = section.dataset.inserted; }
    if (status) { body.status = status; }
    if (comment) { body.comment = comment; }
    const result = await post(base + encodeURIComponent(section.dataset.id), body);
    if (result.status === 409) { showConflict(section, result.data.conflict); say(result.data.message, true); return null; }
    if (!result.data.ok) { say(result.data.message, true); return null; }
    say(section.dataset.id + ": " + result.data.message, false);
    showCounts(result.data.counts);
    return refresh(section);
  }

  function showConflict(section, conflict) {
    const box = section.querySelector(".conflict");
    box.hidden = false;
    box.replaceChildren();
    const title = document.createElement("p");
    title.textContent = "Changed by " + conflict.by + " at " + conflict.at + " (" + conflict.status + "). Choose or merge, then save:";
    const theirs = document.createElement("blockquote");
    theirs.lang = "de"; theirs.textContent = conflict.target;
    const mine = document.createElement("blockquote");
    mine.lang = "de"; mine.textContent = conflict.mine;
    const take = (text) => () => {
      section.querySelector("textarea").value = text;
      section.dataset.revision = conflict.revision;
      box.hidden = true;
      focus(section);
    };
    const keepTheirs = document.createElement("button");
    keepTheirs.type = "button"; keepTheirs.textContent = "Take theirs"; keepTheirs.className = "take-theirs";
    keepTheirs.addEventListener("click", take(conflict.target));
    const keepMine = document.createElement("button");
    keepMine.type = "button"; keepMine.textContent = "Keep mine"; keepMine.className = "keep-mine";
    keepMine.addEventListener("click", take(conflict.mine));
    box.append(title, document.createTextNode("Theirs:"), theirs, document.createTextNode("Yours:"), mine, keepTheirs, keepMine);
  }

  list.addEventListener("click", async (event) => {
    const button = event.target.closest("button");
    const section = event.target.closest(".segment");
    if (!button || !section) { return; }
    if (button.classList.contains("insert")) {
      section.querySelector("textarea").value = button.dataset.text;
      section.dataset.inserted = button.dataset.text;  // saved unchanged, it keeps the suggestion's origin
      focus(section);
      return;
    }
    const action = button.dataset.action;
    if (action === "comment") {
      const input = section.querySelector("input.comment");
      if (input.value.trim()) { await save(section, null, input.value); }
    } else if (action) {
      await save(section, action === "save" ? null : action);
    }
  });

  document.addEventListener("keydown", async (event) => {
    const section = current();
    if (!section) { return; }
    const key = event.key;
    let next = null;
    if (event.ctrlKey && key === "Enter") {
      event.preventDefault();
      const saved = await save(section, event.shiftKey ? "approved" : null);
      if (saved) { next = step(saved, 1, open); }
    } else if (event.altKey && (key === "ArrowDown" || key === "ArrowUp")) {
      event.preventDefault();
      next = step(section, key === "ArrowDown" ? 1 : -1);
    } else if (event.altKey && (key === "q" || key === "Q")) {
      event.preventDefault();
      next = step(section, 1, flagged);
    } else if (event.altKey && (key === "r" || key === "R")) {
      event.preventDefault();
      const saved = await save(section, "reviewed");
      if (saved) { next = saved; }
    } else if (event.altKey && (key === "x" || key === "X")) {
      event.preventDefault();
      const saved = await save(section, "rejected");
      if (saved) { next = saved; }
    } else if (event.altKey && (key === "c" || key === "C")) {
      event.preventDefault();
      section.querySelector("details.more").open = true;
      section.querySelector("input.comment").focus();
      return;
    } else if (event.altKey && ["1", "2", "3"].includes(key)) {
      const button = section.querySelectorAll("button.insert")[Number(key) - 1];
      if (button) {
        event.preventDefault();
        section.querySelector("textarea").value = button.dataset.text;
        section.dataset.inserted = button.dataset.text;
      }
      return;
    } else if (key === "Enter" && event.target.classList.contains("comment")) {
      event.preventDefault();
      if (event.target.value.trim()) { next = await save(section, null, event.target.value); }
    }
    if (next) { focus(next); }
  });
})();
