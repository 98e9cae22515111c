/** A few DOM helpers: the pages are plain TypeScript, no framework. */

type Attrs = Record<string, string | boolean | number | ((e: Event) => void) | undefined>;
type Child = Node | string | number | null | undefined | false;

/** Creates an element: `h("td", { "data-testid": "x" }, "text")`; `on*` attributes are listeners. */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: (Child | Child[])[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === false) continue;
    if (typeof v === "function") el.addEventListener(k.slice(2).toLowerCase(), v);
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's children. */
export function fill(el: Element, ...children: (Child | Child[])[]): void {
  el.replaceChildren();
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** The element with this id (the pages' skeletons are static HTML). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`the page has no #${id}`);
  return el as T;
}

/**
 * The contract's own words from a failed transaction or query. A refusal reaches CosmJS wrapped
 * by the SDK (`... failed to execute message; message index: 0: <ContractError>: execute wasm
 * contract failed ...`, or `Query failed with (N): ... <error>: query wasm contract failed`); this
 * keeps the ContractError text.
 */
export function contractError(e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  const m =
    raw.match(/message index: \d+: (.*?): (?:execute|instantiate|migrate) wasm contract failed/s) ??
    raw.match(/Generic error: (.*?): query wasm contract failed/s) ??
    raw.match(/(?:rpc error: code = \w+ desc = )(.*?): (?:query|execute) wasm contract failed/s);
  return (m?.[1] ?? raw).trim();
}

/** Nanoseconds since the epoch (the contracts' `Timestamp`) as a date. */
export function dateOf(ns: string | null | undefined): Date | null {
  if (!ns) return null;
  return new Date(Number(BigInt(ns) / 1_000_000n));
}

/** `2026-12-01 13:22 UTC`. */
export function when(ns: string | null | undefined): string {
  const d = dateOf(ns);
  return d ? d.toISOString().slice(0, 16).replace("T", " ") + " UTC" : "—";
}

/** `2026-12-01`. */
export function day(ns: string | null | undefined): string {
  const d = dateOf(ns);
  return d ? d.toISOString().slice(0, 10) : "—";
}

/** `wasm1abcd…wxyz`, full address in the title. */
export function addr(a: string): HTMLElement {
  const short = a.length > 20 ? `${a.slice(0, 10)}…${a.slice(-6)}` : a;
  return h("span", { class: "addr", title: a }, short);
}

/** A table with a header row and one row per item (or a single "none" row). */
export function table<T>(
  testid: string,
  headers: string[],
  items: T[],
  row: (item: T) => Child[],
  empty: string,
): HTMLTableElement {
  return h(
    "table",
    { "data-testid": testid },
    h("thead", {}, h("tr", {}, headers.map((t) => h("th", {}, t)))),
    h(
      "tbody",
      {},
      items.length === 0
        ? h("tr", {}, h("td", { colspan: headers.length, class: "empty" }, empty))
        : items.map((it) => h("tr", {}, row(it).map((c) => h("td", {}, c)))),
    ),
  );
}

/** Shows a message in the page's notice area (role=status or role=alert). */
export function notice(kind: "ok" | "error" | "info", text: string): void {
  const el = byId("notice");
  el.className = `notice ${kind}`;
  el.setAttribute("role", kind === "error" ? "alert" : "status");
  el.textContent = text;
  el.hidden = false;
}

/**
 * Runs a page's setup: the page is served busy (`<body class="busy">`) and stays so until its
 * configuration is read and its forms are wired, so nothing is clicked or read half set up
 * (tests wait for `body:not(.busy)` after loading).
 */
export function start(setup: () => Promise<void>): void {
  setup()
    .catch((e: unknown) => notice("error", contractError(e)))
    .finally(() => document.body.classList.remove("busy"));
}
