// Filter, sort and tooltips for the findings report. The page reads fine without it.
(() => {
  "use strict";
  const table = document.getElementById("findings-table");

  function findingsTable() {
    const body = table.tBodies[0];
    const rows = Array.from(body.querySelectorAll("tr.finding"));
    const noMatch = document.getElementById("no-match");
    const search = document.getElementById("filter-text");
    const tableSelect = document.getElementById("filter-table");
    const toggles = Array.from(document.querySelectorAll("[data-show-severity]"));
    const shown = document.getElementById("shown-count");
    const texts = new Map(rows.map((row) => [row, row.textContent.toLowerCase()]));
    // A term like "lkj2" selects rule codes by prefix, as --select does; it must not also
    // match a message that merely mentions another rule's code.
    const codeLetters = new Set(
      rows.map((row) => row.dataset.code.replace(/\d.*$/, "").toLowerCase()),
    );
    let severity = "";

    function matches(row, term) {
      const code = /^([a-z]+)\d+$/.exec(term);
      if (code && codeLetters.has(code[1])) {
        return row.dataset.code.toLowerCase().startsWith(term);
      }
      return texts.get(row).includes(term);
    }

    function apply() {
      const terms = search.value.toLowerCase().split(/\s+/).filter(Boolean);
      let count = 0;
      for (const row of rows) {
        const visible =
          (!severity || row.dataset.severity === severity) &&
          (!tableSelect.value || row.dataset.table === tableSelect.value) &&
          terms.every((term) => matches(row, term));
        row.hidden = !visible;
        count += visible ? 1 : 0;
      }
      shown.textContent = String(count);
      noMatch.hidden = count > 0;
    }

    function showSeverity(value) {
      severity = value;
      for (const button of toggles) {
        button.setAttribute("aria-pressed", String(button.dataset.showSeverity === value));
      }
      apply();
    }

    function reset() {
      search.value = "";
      tableSelect.value = "";
      showSeverity("");
    }

    search.addEventListener("input", apply);
    tableSelect.addEventListener("change", apply);
    for (const button of toggles) {
      button.addEventListener("click", () => showSeverity(button.dataset.showSeverity));
    }

    const collator = new Intl.Collator(document.documentElement.lang, {
      numeric: true,
      sensitivity: "base",
    });
    const headers = Array.from(table.tHead.rows[0].cells);
    for (const header of headers) {
      header.querySelector("button").addEventListener("click", () => {
        const direction = header.getAttribute("aria-sort") === "ascending" ? -1 : 1;
        const index = header.cellIndex;
        const numeric = header.dataset.type === "number";
        const key = (row) => {
          const cell = row.cells[index];
          const value = cell.dataset.sort ?? cell.textContent.trim();
          if (!numeric) return value;
          return value === "" ? Infinity : Number(value);
        };
        const compare = numeric ? (a, b) => (a === b ? 0 : a < b ? -1 : 1) : collator.compare;
        const number = (row) => Number(row.cells[0].dataset.sort);
        rows.sort((a, b) => direction * compare(key(a), key(b)) || number(a) - number(b));
        body.append(...rows, noMatch);
        for (const other of headers) other.removeAttribute("aria-sort");
        header.setAttribute("aria-sort", direction === 1 ? "ascending" : "descending");
      });
    }

    // Following a link to a finding hidden by the filter clears the filter first.
    function reveal() {
      const id = decodeURIComponent(location.hash.slice(1));
      const target = id && document.getElementById(id);
      if (!target || !target.classList.contains("finding")) return;
      if (target.hidden) reset();
      target.querySelector("details").open = true;
      target.scrollIntoView();
    }
    window.addEventListener("hashchange", reveal);
    reveal();

    // Paper gets every finding's criteria, impact and recommendation.
    let closed = [];
    window.addEventListener("beforeprint", () => {
      closed = Array.from(table.querySelectorAll("details:not([open])"));
      for (const details of closed) details.open = true;
    });
    window.addEventListener("afterprint", () => {
      for (const details of closed) details.open = false;
      closed = [];
    });
    document.getElementById("toolbar").hidden = false;
  }

  // Tooltips are placed in the viewport, so a scrolling table never clips them.
  let open = null;
  function place(cell) {
    const tip = cell.querySelector(".tip");
    tip.style.position = "fixed";
    const box = cell.getBoundingClientRect();
    const size = tip.getBoundingClientRect();
    let top = box.bottom + 4;
    if (top + size.height > window.innerHeight - 8 && box.top - size.height - 4 > 8) {
      top = box.top - size.height - 4;
    }
    const left = Math.max(8, Math.min(box.left, window.innerWidth - size.width - 8));
    tip.style.top = `${top}px`;
    tip.style.left = `${left}px`;
  }
  function show(cell) {
    if (cell === open) return;
    hide();
    open = cell;
    if (!cell) return;
    cell.classList.add("open");
    place(cell);
  }
  function hide() {
    if (!open) return;
    open.classList.remove("open");
    open.querySelector(".tip").removeAttribute("style");
    open = null;
  }
  document.addEventListener("mouseover", (event) => show(event.target.closest(".mark")));
  document.addEventListener("focusin", (event) => show(event.target.closest(".mark")));
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  document.addEventListener("scroll", () => open && place(open), { capture: true, passive: true });

  document.documentElement.classList.add("js");
  if (table) findingsTable();
})();
