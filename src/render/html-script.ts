/**
 * The page's only script: a tooltip for the session bars and a click-to-filter of the event
 * list. It reads text with `dataset` and writes it with `textContent`, never as HTML.
 */
export const HTML_SCRIPT = `
(() => {
  const tip = document.getElementById("tip");
  const bars = Array.from(document.querySelectorAll(".bar"));
  const events = Array.from(document.querySelectorAll("#events li"));
  const filter = document.getElementById("filter");
  const filterName = document.getElementById("filter-name");
  let selected = null;
  const place = (x, y) => { tip.style.left = x + 14 + "px"; tip.style.top = y + 14 + "px"; };
  const show = (bar, x, y) => { tip.textContent = bar.dataset.tip; tip.hidden = false; place(x, y); };
  const select = (bar) => {
    selected = bar && bar.dataset.session !== selected ? bar.dataset.session : null;
    for (const li of events) li.hidden = selected !== null && !(li.dataset.sessions || "").split(" ").includes(selected);
    for (const b of bars) { b.classList.toggle("selected", b.dataset.session === selected); b.setAttribute("aria-pressed", String(b.dataset.session === selected)); }
    filter.hidden = selected === null;
    filterName.textContent = bar && selected !== null ? bar.dataset.name : "";
  };
  for (const bar of bars) {
    bar.addEventListener("mouseenter", (e) => show(bar, e.pageX, e.pageY));
    bar.addEventListener("mousemove", (e) => place(e.pageX, e.pageY));
    bar.addEventListener("mouseleave", () => { tip.hidden = true; });
    bar.addEventListener("focus", () => { const r = bar.getBoundingClientRect(); show(bar, r.left + scrollX, r.bottom + scrollY); });
    bar.addEventListener("blur", () => { tip.hidden = true; });
    bar.addEventListener("click", () => select(bar));
    bar.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); select(bar); } });
  }
  document.getElementById("filter-clear").addEventListener("click", () => select(null));
})();
`;
