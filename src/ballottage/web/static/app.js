// The round-2 playground: a thin client of /api (every number comes from the server).
"use strict";

const DRAWS = 20000;
const SEED = 0;
const STATUS_TEXT = { stand: "may stand", merge: "may merge", out: "out" };
// "blank/spoiled" is the one word for blank and spoiled ballots (blancs et nuls) on the page.
const OTHER_NAMES = { abstention: "abstention", "blank-null": "blank/spoiled" };
const SOURCE_NAMES = { abstention: "round-1 abstainers", "blank-null": "round-1 blank/spoiled" };
const capital = (text) => text.charAt(0).toUpperCase() + text.slice(1);
const OTHER_COLOURS = { abstention: "#8a92a3", "blank-null": "#c5ccd8" };

// "DE SAINTIGNON Pierre" -> "DE SAINTIGNON": the upper-case words of a head of list.
function surname(head) {
  const words = head.split(" ");
  const upper = words.filter((w, i) => i === 0 || w === w.toUpperCase());
  return upper.length < words.length ? upper.join(" ") : head;
}

function colourOf(name) {
  if (name in OTHER_COLOURS) return OTHER_COLOURS[name];
  const item = state.info.round1.lists.find((l) => l.list === name);
  return item ? item.colour : "#9e9e9e";
}

const state = {
  elections: [],
  election: null,
  region: null,
  info: null, // GET /api/regions/{code}
  modes: {}, // head -> "stand" | "absent" | "merge:HOST"
  turnout: null, // round-2 turnout asked for, or null (round 1's)
  rows: null, // {source: {destination: share}} of the last projection
  owned: false, // true once the user moved a transfer slider: the whole matrix is sent
  edited: new Set(),
  expectedTurnout: null, // of the last projection
  request: 0,
  regionRequest: 0,
};

const $ = (id) => document.getElementById(id);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") node.textContent = value;
    else if (key === "style") node.setAttribute("style", value);
    else node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children) node.append(child);
  return node;
}

const count = (n) => (n === null || n === undefined ? "—" : n.toLocaleString("en-GB").replace(/,/g, "\u202f"));
const pct = (x, places = 1) => (x === null || x === undefined ? "—" : `${(100 * x).toFixed(places)}\u00a0%`);
const swatch = (colour) => el("span", { class: "swatch", style: `background:${colour}`, "aria-hidden": "true" });
// Names of lists and regions are French: a screen reader says them in French.
const fr = (text) => el("span", { lang: "fr", text });

// Re-render a box without losing the control the reader is using: the element with the same
// data-key gets the focus back (otherwise it would fall to <body> after every update).
function keepFocus(box, render) {
  const active = document.activeElement;
  const key = active && box.contains(active) ? active.dataset.key : undefined;
  render();
  if (key === undefined) return;
  const again = box.querySelector(`[data-key="${CSS.escape(key)}"]`);
  if (again) again.focus();
}

function electionTitle(id) {
  const e = state.elections.find((x) => x.id === id);
  return e ? e.title : id;
}

async function api(path, body) {
  const options = body === undefined ? {} : {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify(body),
  };
  const response = await fetch(path, options);
  let data = null;
  try {
    data = await response.json();
  } catch (err) {
    data = { error: { message: `${response.status} ${response.statusText}` } };
  }
  if (!response.ok) {
    const problem = (data && data.error) || {};
    const error = new Error(problem.message || `HTTP ${response.status}`);
    error.rule = problem.rule || null;
    error.status = response.status;
    throw error;
  }
  return data;
}

// ---- election and region ---------------------------------------------------------------

async function loadElections() {
  state.elections = (await api("/api/elections")).elections;
  const select = $("election-select");
  select.replaceChildren();
  for (const e of state.elections) {
    const playable = e.regions.some((r) => r.playable);
    select.append(el("option", { value: e.id, disabled: !playable, text: playable ? e.title : `${e.title} (no region to play)` }));
  }
  const first = state.elections.find((e) => e.regions.some((r) => r.playable));
  if (!first) {
    showError({ message: "No stored election has a region whose round 2 can be played." });
    return;
  }
  select.value = first.id;
  fillRegions(first.id, null);
}

function fillRegions(electionId, preferred) {
  state.election = electionId;
  const election = state.elections.find((e) => e.id === electionId);
  const select = $("region-select");
  select.replaceChildren();
  for (const r of election.regions) {
    select.append(el("option", { value: r.code, disabled: !r.playable, title: r.reason, text: r.playable ? r.name : `${r.name} (not playable)` }));
  }
  const wanted = election.regions.find((r) => r.code === preferred && r.playable) || election.regions.find((r) => r.playable);
  select.value = wanted.code;
  loadRegion(wanted.code);
}

async function loadRegion(code) {
  const ticket = ++state.regionRequest;
  state.region = code;
  $("region-meta").textContent = "Loading…";
  let info;
  try {
    info = await api(`/api/regions/${encodeURIComponent(code)}?election=${encodeURIComponent(state.election)}`);
  } catch (err) {
    if (ticket === state.regionRequest) showError(err);
    return;
  }
  if (ticket !== state.regionRequest) return; // another region was chosen meanwhile
  state.info = info;
  state.modes = {};
  for (const item of info.round1.lists) state.modes[item.list] = "absent";
  for (const head of info.default.stand) state.modes[head] = "stand";
  for (const [host, partners] of Object.entries(info.default.merge)) {
    for (const p of partners) state.modes[p] = `merge:${host}`;
  }
  state.turnout = null;
  state.whatHappened = null;
  resetTransfers();
  const r = info.rules;
  $("region-meta").textContent =
    `${info.region.name}, ${electionTitle(info.election)}: ${info.seats_total} seats, bonus ${r.bonus_rule}; ` +
    `${pct(r.stand_threshold, 0)} of exprimés to stand, ${pct(r.merge_threshold, 0)} to merge (${r.articles.stand || "the law"}). ` +
    `Round-1 turnout ${pct(info.round1.turnout.rate)}.`;
  $("lineup-origin").textContent = `Starting line-up: ${info.default.origin}.`;
  renderActual();
  renderLineup();
  renderTurnout();
  refresh();
}

function renderActual() {
  const actual = state.info.actual;
  if (!actual) {
    $("actual").textContent = "The round 2 that happened is not in the data.";
    return;
  }
  const parts = actual.lists.map((l) => `${l.list} ${pct(l.share)}${l.seats === null ? "" : `, ${l.seats} seats`}`);
  $("actual").textContent = `What happened: ${parts.join("; ")}${actual.turnout.rate ? ` (turnout ${pct(actual.turnout.rate)})` : ""}.`;
}

// ---- line-up ----------------------------------------------------------------------------

function standing() {
  return state.info.round1.lists.map((l) => l.list).filter((h) => state.modes[h] === "stand");
}

function renderLineup() {
  const body = $("lineup-table").querySelector("tbody");
  keepFocus(body, () => buildLineup(body));
}

function buildLineup(body) {
  body.replaceChildren();
  const hosts = standing();
  for (const item of state.info.round1.lists) {
    const select = el("select", { "data-head": item.list, "data-key": item.list, "aria-label": `Round 2 for ${item.list}` });
    select.append(el("option", { value: "stand", text: "stands" }));
    select.append(el("option", { value: "absent", text: item.status === "stand" ? "withdraws" : "absent" }));
    for (const host of hosts) {
      if (host !== item.list) select.append(el("option", { value: `merge:${host}`, text: `merges into ${surname(host)}` }));
    }
    if (state.modes[item.list].startsWith("merge:") && !hosts.includes(state.modes[item.list].slice(6))) {
      state.modes[item.list] = "absent";
    }
    select.value = state.modes[item.list];
    select.addEventListener("change", () => {
      state.modes[item.list] = select.value;
      resetTransfers();
      renderLineup();
      refresh();
    });
    const row = el("tr", { class: item.status === "out" ? "dim" : null },
      el("th", { scope: "row" }, swatch(item.colour), fr(item.list)),
      el("td", { class: "num", "data-label": "Round 1", text: pct(item.share, 2) }),
      el("td", { "data-label": "Law" }, el("span", { class: `badge ${item.status}`, text: STATUS_TEXT[item.status] || item.status })),
      el("td", { "data-label": "Round 2" }, select));
    body.append(row);
  }
}

function renderTurnout() {
  const slider = $("turnout-slider");
  const byRows = state.turnout === null && state.edited.has("abstention");
  let value = state.turnout;
  let how = "";
  if (byRows) {
    value = state.expectedTurnout ?? state.info.round1.turnout.rate;
    how = " (from the abstainers' row)";
  } else if (value === null && state.whatHappened) {
    value = state.expectedTurnout ?? state.info.round1.turnout.rate;
    how = " (what happened)";
  } else if (value === null) {
    value = state.info.round1.turnout.rate;
    how = " (as in round 1)";
  }
  slider.value = (100 * value).toFixed(1);
  const min = Number(slider.min), max = Number(slider.max);
  slider.style.setProperty("--v", `${(100 * (100 * value - min)) / (max - min)}%`);
  slider.setAttribute("aria-valuetext", `${pct(value)}${how}`);
  $("turnout-value").textContent = `${pct(value)}${how}`;
}

// ---- transfers --------------------------------------------------------------------------

function resetTransfers() {
  state.rows = null;
  state.owned = false;
  state.edited = new Set();
}

function sourceName(source) {
  return SOURCE_NAMES[source] || source;
}

function destinationName(dest) {
  return OTHER_NAMES[dest] || dest;
}

function showShare(input, share) {
  input.value = (100 * share).toFixed(1);
  input.style.setProperty("--v", `${100 * share}%`);
  input.setAttribute("aria-valuetext", pct(share));
  input.nextSibling.textContent = pct(share);
}

// The sliders are built once per line-up; an update only moves them, so the one in use keeps
// the focus and every arrow press counts.
function renderTransfers(scenario) {
  const box = $("transfers");
  const shape = JSON.stringify([scenario.destinations, scenario.transfers.map((r) => r.source)]);
  if (box.dataset.shape !== shape) {
    keepFocus(box, () => buildTransfers(box, scenario));
    box.dataset.shape = shape;
  }
  for (const row of scenario.transfers) {
    const card = box.querySelector(`[data-source="${CSS.escape(row.source)}"]`);
    card.classList.toggle("edited", state.edited.has(row.source));
    card.querySelector(".voters").textContent = `${count(row.voters)} voters`;
    card.querySelector("h3").title = `origin: ${row.origin}`;
    for (const input of card.querySelectorAll("input")) showShare(input, state.rows[row.source][input.dataset.dest]);
  }
}

function buildTransfers(box, scenario) {
  box.replaceChildren();
  const names = scenario.destinations;
  scenario.transfers.forEach((row, r) => {
    const card = el("div", { class: "row", "data-source": row.source, role: "group", "aria-labelledby": `t-head-${r}` });
    const title = SOURCE_NAMES[row.source] ? el("span", { text: capital(SOURCE_NAMES[row.source]) }) : fr(row.source);
    card.append(el("h3", { id: `t-head-${r}` },
      el("span", {}, swatch(colourOf(row.source)), title),
      el("span", { class: "note voters" })));
    names.forEach((dest, d) => {
      const id = `t-${d}-${r}`;
      const output = el("output", { for: id });
      const input = el("input", {
        type: "range", id, class: "slider", min: "0", max: "100", step: "0.1",
        "data-dest": dest, "data-key": `${row.source} → ${dest}`,
        "aria-label": `from ${sourceName(row.source)} to ${destinationName(dest)}`,
      });
      input.style.setProperty("--c", colourOf(dest));
      input.addEventListener("input", () => {
        moveShare(row.source, dest, Number(input.value) / 100);
        for (const other of card.querySelectorAll("input")) showShare(other, state.rows[row.source][other.dataset.dest]);
        card.classList.add("edited");
        refreshSoon();
      });
      const label = OTHER_NAMES[dest]
        ? el("label", { for: id, text: OTHER_NAMES[dest] })
        : el("label", { for: id, title: dest, lang: "fr", text: surname(dest) });
      card.append(el("div", { class: "share" }, label, input, output));
    });
    box.append(card);
  });
}

function moveShare(source, dest, value) {
  const row = state.rows[source];
  const others = Object.keys(row).filter((d) => d !== dest);
  const rest = others.reduce((sum, d) => sum + row[d], 0);
  row[dest] = value;
  for (const d of others) row[d] = rest > 0 ? (row[d] * (1 - value)) / rest : (1 - value) / others.length;
  normalise(row);
  state.owned = true;
  state.edited.add(source);
  if (source === "abstention") state.turnout = null; // the row now sets the turnout
}

function normalise(row) {
  const total = Object.values(row).reduce((a, b) => a + b, 0);
  for (const d of Object.keys(row)) row[d] = total > 0 ? row[d] / total : 0;
}

// ---- requests ---------------------------------------------------------------------------

function scenarioBody() {
  const merge = {};
  for (const [head, mode] of Object.entries(state.modes)) {
    if (mode.startsWith("merge:")) (merge[mode.slice(6)] ||= []).push(head);
  }
  const body = { election: state.election, region: state.region, stand: standing(), merge };
  if (state.turnout !== null) body.turnout = Number(state.turnout.toFixed(4));
  if (state.owned && state.rows) {
    body.transfers = {};
    for (const [source, row] of Object.entries(state.rows)) {
      // The abstainers' row is sent only if edited: otherwise the turnout (asked for, or
      // round 1's) decides how many of them vote.
      if (source === "abstention" && !state.edited.has("abstention")) continue;
      const copy = { ...row };
      normalise(copy);
      body.transfers[source] = copy;
    }
  }
  return body;
}

let timer = null;
function refreshSoon() {
  clearTimeout(timer);
  timer = setTimeout(refresh, 200);
}

async function refresh() {
  const ticket = ++state.request;
  const body = scenarioBody();
  $("result").classList.add("stale");
  $("result").setAttribute("aria-busy", "true");
  let projection;
  try {
    projection = await api("/api/project", body);
  } catch (err) {
    if (ticket === state.request) showError(err);
    return;
  }
  if (ticket !== state.request) return;
  hideError();
  state.rows = {};
  for (const row of projection.scenario.transfers) state.rows[row.source] = { ...row.shares };
  renderProjection(projection);
  renderTransfers(projection.scenario);
  try {
    const chances = await api("/api/simulate", { ...body, draws: DRAWS, seed: SEED });
    if (ticket === state.request) renderChances(chances, projection);
  } catch (err) {
    if (ticket === state.request) showError(err);
    return;
  }
  if (ticket === state.request) {
    $("result").classList.remove("stale");
    $("result").removeAttribute("aria-busy");
  }
}

function renderProjection(data) {
  const allocation = data.allocation;
  $("hemicycle").innerHTML = data.hemicycle; // SVG built and escaped by the server
  const body = $("seats-table").querySelector("tbody");
  body.replaceChildren();
  const ranked = [...allocation.lists].sort((a, b) => b.votes - a.votes);
  for (const item of ranked) {
    const info = data.colours[item.list];
    body.append(el("tr", { "data-head": item.list, class: item.eligible ? null : "dim" },
      el("th", { scope: "row" }, swatch(info.colour), fr(item.list)),
      el("td", { class: "num", "data-label": "Votes", text: count(item.votes) }),
      el("td", { class: "num", "data-label": "Share", text: pct(item.share, 2) }),
      el("td", { class: "num seats", "data-label": "Seats" }, el("strong", { text: String(item.seats) })),
      el("td", { class: "num", "data-label": "Bonus", text: item.bonus ? String(item.bonus) : "—" })));
  }
  const e = data.expected;
  state.whatHappened = data.scenario.what_happened; // a past round 2 reproduced, or null
  $("expected").textContent =
    (state.whatHappened ? `What happened: ${state.whatHappened} ` : "") +
    `Expected turnout ${pct(e.rate)} (round 1: ${pct(data.scenario.round1.rate)}), ` +
    `${count(e.exprimes)} votes cast, ${count(e.blank_spoiled)} blank/spoiled. ` +
    `${allocation.bonus.list} leads and takes the bonus of ${allocation.bonus.seats} seats.`;
  state.expectedTurnout = e.rate;
  renderTurnout();
}

function renderChances(data, projection) {
  const box = $("chances");
  box.replaceChildren();
  $("draws-note").textContent = `(${count(data.draws)} draws, seed ${data.seed})`;
  const ranked = [...data.lists].sort((a, b) => b.p_first - a.p_first);
  for (const item of ranked) {
    const info = projection.colours[item.list];
    box.append(el("div", { class: "chance", "data-head": item.list },
      el("span", {}, swatch(info.colour), fr(item.list)),
      el("span", { class: "bar", role: "img", "aria-label": `${item.list}: ${pct(item.p_first)} chance of coming first` },
        el("span", { style: `width:${(100 * item.p_first).toFixed(2)}%;background:${info.colour}` })),
      el("span", { class: "value p-first", text: pct(item.p_first) }),
      el("span", { class: "range", text: `majority of seats ${pct(item.p_majority)}; seats ${item.q05}–${item.q95} (90 %), median ${item.q50}` })));
  }
  renderDistribution(data.distribution);
  announce(projection, ranked);
}

function renderDistribution(dist) {
  const body = $("outcomes-table").querySelector("tbody");
  body.replaceChildren();
  for (const o of dist.outcomes) {
    body.append(el("tr", { "data-head": o.list },
      el("th", { scope: "row" }, swatch(o.colour), fr(o.list)),
      el("td", { class: "num", "data-label": "Comes first (bonus)", text: pct(o.first) }),
      el("td", { class: "num", "data-label": "… with a majority", text: pct(o.majority) }),
      el("td", { class: "num", "data-label": "… without one", text: pct(o.no_majority) })));
  }
  const charts = $("seat-charts");
  charts.replaceChildren();
  for (const c of dist.charts) {
    const item = el("li", { "data-head": c.list }, el("span", { class: "chart-name" }, swatch(c.colour), fr(c.list)));
    item.insertAdjacentHTML("beforeend", c.svg); // SVG built and escaped by the server
    charts.append(item);
  }
  $("charts-note").textContent =
    `Each chart counts the ${count(dist.draws)} draws by the list's seats (0 to ${dist.seats_total}); ` +
    `the dashed line is the absolute majority, ${dist.majority} seats. Two peaks mean two different outcomes: with the bonus and without it.`;
}

// One sentence for screen readers after each update (the status region is polite).
function announce(projection, ranked) {
  const seats = [...projection.allocation.lists].sort((a, b) => b.seats - a.seats)
    .map((l) => `${l.list} ${l.seats} seats`).join(", ");
  const top = ranked[0];
  $("announce").textContent =
    `Projection for ${state.info.region.name}: ${seats}. ${top.list} comes first in ${pct(top.p_first)} of the draws.`;
}

function showError(err) {
  const box = $("error");
  box.replaceChildren();
  box.append(el("strong", { text: err.status === 422 ? "Not allowed: " : "Error: " }), err.message);
  if (err.rule && !err.message.includes(err.rule)) box.append(" ", el("span", { class: "rule", text: `(${err.rule})` }));
  box.hidden = false;
  $("result").classList.add("stale");
  $("result").removeAttribute("aria-busy");
}

function hideError() {
  $("error").hidden = true;
}

// ---- wiring -----------------------------------------------------------------------------

document.addEventListener("DOMContentLoaded", () => {
  $("election-select").addEventListener("change", (ev) => fillRegions(ev.target.value, state.region));
  $("region-select").addEventListener("change", (ev) => loadRegion(ev.target.value));
  $("turnout-slider").addEventListener("input", (ev) => {
    state.turnout = Number(ev.target.value) / 100;
    state.edited.delete("abstention");
    renderTurnout();
    refreshSoon();
  });
  $("turnout-reset").addEventListener("click", () => {
    state.turnout = null;
    state.edited.delete("abstention");
    renderTurnout();
    refresh();
  });
  $("transfers-reset").addEventListener("click", () => {
    resetTransfers();
    refresh();
  });
  loadElections().catch(showError);
});
