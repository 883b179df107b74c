// The election-night page: each server-sent event carries the whole state; the bars of a
// region already on the page move to their new width, anything new is inserted as the server
// rendered it. Every figure and text comes from the server.
"use strict";

const $ = (id) => document.getElementById(id);
const announced = new Set();

function sameLists(card, region) {
  const rows = [...card.querySelectorAll("tbody tr")].map((tr) => tr.dataset.list);
  return rows.length === region.lists.length && region.lists.every((item, i) => item.list === rows[i]);
}

function setText(node, text) {
  if (node && node.textContent !== text) node.textContent = text;
}

function fromHtml(html) {
  const holder = document.createElement("template");
  holder.innerHTML = html;
  return holder.content.firstElementChild;
}

// The card in place: bars, figures and the hemicycle change; its status and leader line are
// small enough to take from the server's rendering.
function updateCard(card, region) {
  const fresh = fromHtml(region.html);
  card.dataset.status = region.status;
  card.querySelector(".counted").replaceWith(fresh.querySelector(".counted"));
  for (const item of region.lists) {
    const row = [...card.querySelectorAll("tbody tr")].find((tr) => tr.dataset.list === item.list);
    row.querySelector(".fill").style.width = `${(100 * item.win).toFixed(2)}%`;
    setText(row.querySelector(".win"), item.win_text);
    setText(row.querySelector(".share-cell"), item.share_text);
    setText(row.querySelector(".seats-cell"), item.seats_text);
    setText(row.querySelector(".stand-cell"), item.stand_text);
  }
  const box = card.querySelector(".hemicycle-box");
  const svg = fresh.querySelector(".hemicycle-box").innerHTML;
  if (box.innerHTML !== svg) box.innerHTML = svg;
}

function paintMap(region) {
  const path = document.querySelector(`.map-box path[data-region="${region.code}"]`);
  if (!path) return;
  path.setAttribute("fill", region.fill);
  setText(path.querySelector("title"), region.title);
}

function apply(state) {
  setText($("counted"), state.counted_text);
  setText($("updated"), state.updated_text);
  if (state.updated) $("updated").setAttribute("datetime", state.updated);
  $("error").hidden = !state.error;
  setText($("error"), state.error || "");
  $("warning").hidden = !state.warning;
  setText($("warning"), state.warning || "");
  $("waiting").hidden = state.regions.length > 0;
  const box = $("regions");
  const news = [];
  for (const region of state.regions) {
    const card = document.getElementById(`region-${region.code}`);
    if (card && sameLists(card, region)) updateCard(card, region);
    else if (card) card.replaceWith(fromHtml(region.html));
    else box.append(fromHtml(region.html));
    paintMap(region);
    if (region.final && !announced.has(region.code)) {
      announced.add(region.code);
      news.push(`${region.name}: final, ${region.leader_word} ${region.leader}.`);
    }
  }
  setText($("announce"), `${state.counted_text} of inscrits counted. ${news.join(" ")}`.trim());
  document.body.dataset.batch = state.batch || "";
  document.body.dataset.final = state.final ? "true" : "false";
}

function listen() {
  const source = new EventSource("/live/events");
  source.addEventListener("update", (event) => apply(JSON.parse(event.data)));
  source.addEventListener("end", () => source.close());
}

listen();
