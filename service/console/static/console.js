// Countdowns to deadlines, and the order page's live update (server-sent events).
"use strict";

function tick() {
  for (const el of document.querySelectorAll("time.countdown")) {
    const left = Date.parse(el.getAttribute("datetime")) - Date.now();
    if (left <= 0) { el.textContent = el.dataset.expired; continue; }
    const h = Math.floor(left / 3600000), m = Math.floor(left / 60000) % 60, s = Math.floor(left / 1000) % 60;
    el.textContent = `${h}:${String(m).padStart(2, "0")}:${String(s).padStart(2, "0")} ${el.dataset.left}`;
  }
}

function live() {
  const order = document.getElementById("order");
  if (!order || !window.EventSource) return;
  const source = new EventSource(order.dataset.changes);
  source.addEventListener("changed", () => {
    // Keep a form someone is typing into: refresh only when no field holds text.
    const typing = [...order.querySelectorAll("textarea, input:not([type=hidden]):not([type=checkbox])")]
      .some((f) => f.value);
    if (typing) return;
    htmx.ajax("GET", order.dataset.panel, { target: "#order", swap: "innerHTML" });
  });
}

document.addEventListener("DOMContentLoaded", () => { tick(); setInterval(tick, 1000); live(); });
