// Table cells a reader cannot see: no size, hidden, or cut off sideways by the window or by a
// box that clips its overflow. A stacked table's header row is hidden on purpose (its names are
// repeated in each cell), so it is not counted.
() => {
  const out = [];
  const width = document.documentElement.clientWidth;
  const name = (table) => table.id || (table.caption ? table.caption.textContent.trim() : "table");
  for (const table of document.querySelectorAll("table")) {
    for (const cell of table.querySelectorAll("thead th, tbody th, tbody td")) {
      if (cell.closest("[hidden], details:not([open])")) continue;
      const head = cell.closest("thead");
      if (head && getComputedStyle(head).position === "absolute") continue;
      const box = cell.getBoundingClientRect();
      const style = getComputedStyle(cell);
      const text = cell.textContent.trim().slice(0, 40);
      if (style.display === "none" || style.visibility === "hidden" || box.width < 1 || box.height < 1) {
        out.push(`${name(table)}: "${text}" has no size`);
        continue;
      }
      let visible = box.left >= -1 && box.right <= width + 1;
      for (let up = cell.parentElement; up && up !== document.body; up = up.parentElement) {
        if (getComputedStyle(up).overflowX === "visible") continue;
        const clip = up.getBoundingClientRect();
        if (box.left < clip.left - 1 || box.right > clip.right + 1) visible = false;
      }
      if (!visible) out.push(`${name(table)}: "${text}" is cut off`);
    }
  }
  return out;
}
