// Tables and pagers of the Users and Audit tabs.

import { h } from "./console-dom.js";

/**
 * A table: `columns` are text keys for the header; `rows` are arrays of
 * cells (nodes or strings: strings become text). An empty list shows
 * `emptyKey` instead.
 */
export function table(columns, rows, emptyKey) {
  if (rows.length === 0) return h("p", { class: "empty", i18n: emptyKey });
  return h(
    "table",
    {},
    h("thead", {}, h("tr", {}, ...columns.map((key) => h("th", { scope: "col", i18n: key })))),
    h(
      "tbody",
      {},
      ...rows.map((cells) => h("tr", {}, ...cells.map((cell) => h("td", {}, cell ?? "—")))),
    ),
  );
}

/**
 * Previous / "from–to of total" / next. `onPage(offset)` is called with
 * the new offset. Shows nothing when everything fits on one page.
 */
export function offsetPager({ total, limit, offset }, onPage) {
  if (total <= limit && offset === 0) return h("div", { class: "pager" });
  const to = Math.min(offset + limit, total);
  return h(
    "div",
    { class: "pager" },
    h("button", {
      type: "button",
      class: "previous",
      i18n: "page.previous",
      disabled: offset === 0,
      onClick: () => onPage(Math.max(0, offset - limit)),
    }),
    h("span", { i18n: "page.range", vars: { from: total ? offset + 1 : 0, to, total } }),
    h("button", {
      type: "button",
      class: "next",
      i18n: "page.next",
      disabled: to >= total,
      onClick: () => onPage(offset + limit),
    }),
  );
}
