// fahras-serve's search page. The URL holds the whole state (q, sort,
// collapse, source, from, to, page, vs, article): every change is a new
// history entry, and the page is drawn from the URL alone. An article's
// text is never parsed as markup: it goes into the page as text nodes, and
// only the <mark> tags the service puts around matches become elements.
"use strict";

const PAGE_SIZE = 10;
const MAX_COMPARED = 2;  // queries drawn beside the main one
const SVG = "http://www.w3.org/2000/svg";
const $ = (id) => document.getElementById(id);
const number = new Intl.NumberFormat("ar");

// ---- state in the URL ----

function readState() {
  const p = new URLSearchParams(location.search);
  return {
    q: p.get("q") || "",
    sort: p.get("sort") === "date" ? "date" : "relevance",
    collapse: p.get("collapse") === "1",
    source: p.get("source") || "",
    from: p.get("from") || "",
    to: p.get("to") || "",
    page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
    vs: p.getAll("vs").slice(0, MAX_COMPARED),
    article: p.get("article") || "",
  };
}

function urlOf(state) {
  const p = new URLSearchParams();
  if (state.q) p.set("q", state.q);
  if (state.sort !== "relevance") p.set("sort", state.sort);
  if (state.collapse) p.set("collapse", "1");
  if (state.source) p.set("source", state.source);
  if (state.from) p.set("from", state.from);
  if (state.to) p.set("to", state.to);
  if (state.page > 1) p.set("page", String(state.page));
  for (const v of state.vs) p.append("vs", v);
  if (state.article) p.set("article", state.article);
  const query = p.toString();
  return query ? "/?" + query : "/";
}

// Goes to `changes` applied to the current state (a new history entry).
function go(changes) {
  const state = Object.assign(readState(), changes);
  history.pushState(null, "", urlOf(state));
  render();
}

// ---- the service ----

async function api(path, params) {
  const response = await fetch(path + "?" + new URLSearchParams(params).toString());
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || "HTTP " + response.status);
  return body;
}

// The query sent for `words` with the state's filters (source, dates).
function fullQuery(words, state) {
  let query = words;
  if (state.source) query += " source:" + state.source;
  if (state.from || state.to) query += " date:" + state.from + ".." + state.to;
  return query;
}

// ---- safe text with matches ----

function decodeEntities(text) {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (m, name) =>
    ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name]);
}

// Appends `marked` (text with matches in <mark>…</mark>, as the service writes
// snippets) to `parent`: text nodes, and <mark> elements for the matches.
function appendMarked(parent, marked) {
  const parts = marked.split(/<mark>|<\/mark>/);
  parts.forEach((part, i) => {
    if (!part) return;
    const text = document.createTextNode(decodeEntities(part));
    if (i % 2 === 1) {
      const mark = document.createElement("mark");
      mark.appendChild(text);
      parent.appendChild(mark);
    } else {
      parent.appendChild(text);
    }
  });
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
}

function button(text, onClick, className) {
  const node = element("button", text, className);
  node.type = "button";
  node.addEventListener("click", onClick);
  return node;
}

function setStatus(text, isError) {
  $("status").textContent = text;
  $("status").classList.toggle("error", Boolean(isError));
}

// ---- drawing ----

// Counts the renderings begun: an answer that comes back after a newer one
// began (the user moved on) is dropped.
let renderings = 0;

async function render() {
  const rendering = ++renderings;
  const current = () => rendering === renderings;
  const state = readState();
  $("q").value = state.q;
  $("sort").value = state.sort;
  $("collapse").checked = state.collapse;
  $("from").value = state.from;
  $("to").value = state.to;
  if (state.article) return showArticle(state, current);
  $("article").hidden = true;
  document.title = state.q ? "«" + state.q + "» — فهرس" : "فهرس — البحث في أرشيف الأخبار";
  if (!state.q) {
    $("layout").hidden = true;
    $("options").hidden = true;
    $("suggestion").hidden = true;
    $("filters").replaceChildren();
    setStatus("اكتب كلمة أو عبارة للبحث في الأرشيف.");
    return;
  }
  $("options").hidden = false;
  setStatus("جارٍ البحث…");
  try {
    const result = await api("/search", {
      q: fullQuery(state.q, state),
      limit: PAGE_SIZE,
      offset: (state.page - 1) * PAGE_SIZE,
      sort: state.sort,
      collapse: state.collapse ? "1" : "0",
      facet: "source,year",
    });
    if (!current()) return;
    showResults(state, result);
    await showChart(state, current);
  } catch (error) {
    if (!current()) return;
    $("layout").hidden = true;
    setStatus("تعذّر البحث: " + error.message, true);
  }
}

function showResults(state, result) {
  $("layout").hidden = false;
  // Exact: the facets asked for make every match counted.
  const total = result.total !== undefined ? result.total : result.estimate;
  setStatus(total === 0 ? "لا نتائج لـ«" + state.q + "»."
                        : number.format(total) + " نتيجة لـ«" + state.q + "»");
  showSuggestion(state, result.suggestion);
  showFilters(state);
  showFacets(state, result.facets || {});
  const list = $("results");
  list.replaceChildren();
  list.start = (state.page - 1) * PAGE_SIZE + 1;
  for (const hit of result.hits) list.appendChild(hitItem(hit));
  showPages(state, total);
}

function showSuggestion(state, suggestion) {
  // The suggestion is for the query sent: the filters are not the user's words.
  const filters = fullQuery("", state);
  if (suggestion && filters && suggestion.endsWith(filters)) {
    suggestion = suggestion.slice(0, -filters.length).trim();
  }
  $("suggestion").hidden = !suggestion;
  if (!suggestion) return;
  const link = $("suggestion-link");
  link.textContent = suggestion;
  link.href = urlOf(Object.assign({}, state, { q: suggestion, page: 1 }));
}

function showFilters(state) {
  const list = $("filters");
  list.replaceChildren();
  const add = (label, changes) => {
    const item = element("li");
    const remove = button(label + " ×", () => go(Object.assign({ page: 1 }, changes)), "plain");
    remove.setAttribute("aria-label", "أزل المرشح: " + label);
    item.appendChild(remove);
    list.appendChild(item);
  };
  if (state.source) add("المصدر: " + state.source, { source: "" });
  if (state.from || state.to) {
    // Each date isolated left to right, so that the page's direction does not reorder it.
    const day = (d) => "\u2066" + (d || "…") + "\u2069";
    add("الفترة: " + day(state.from) + " – " + day(state.to), { from: "", to: "" });
  }
}

function showFacets(state, facets) {
  const box = $("facets");
  box.replaceChildren();
  const section = (title, values, pressed, choose) => {
    if (!values || values.length === 0) return;
    const part = element("section");
    part.appendChild(element("h2", title));
    const list = element("ul");
    for (const { value, count } of values) {
      const item = element("li");
      const choice = button("", () => choose(value));
      choice.setAttribute("aria-pressed", String(pressed(value)));
      choice.appendChild(element("span", value));
      choice.appendChild(element("span", number.format(count), "count"));
      item.appendChild(choice);
      list.appendChild(item);
    }
    part.appendChild(list);
    box.appendChild(part);
  };
  section("المصدر", facets.source, (v) => v === state.source,
          (v) => go({ source: v === state.source ? "" : v, page: 1 }));
  section("السنة", facets.year, (v) => state.from === v + "-01-01" && state.to === v + "-12-31",
          (v) => go({ from: v + "-01-01", to: v + "-12-31", page: 1 }));
}

function hitItem(hit) {
  const item = element("li");
  item.dataset.id = hit.id;
  const heading = element("h3");
  const link = element("a", hit.title || hit.id);
  link.dir = "auto";
  link.href = urlOf(Object.assign(readState(), { article: hit.id }));
  link.addEventListener("click", (event) => {
    event.preventDefault();
    go({ article: hit.id });
  });
  heading.appendChild(link);
  item.appendChild(heading);
  const meta = [hit.date, hit.source].filter(Boolean).join(" · ");
  const copies = hit.copies ? " (+" + number.format(hit.copies) + " نسخ)" : "";
  if (meta || copies) item.appendChild(element("p", meta + copies, "meta"));
  const snippet = element("p", undefined, "snippet");
  snippet.dir = "auto";
  appendMarked(snippet, hit.snippet || "");
  item.appendChild(snippet);
  return item;
}

function showPages(state, total) {
  const nav = $("pages");
  nav.replaceChildren();
  const pages = Math.max(1, Math.ceil(Math.min(total, 10000) / PAGE_SIZE));
  if (pages <= 1) return;
  const previous = button("السابق", () => go({ page: state.page - 1 }), "plain");
  previous.disabled = state.page <= 1;
  const next = button("التالي", () => go({ page: state.page + 1 }), "plain");
  next.disabled = state.page >= pages;
  nav.append(previous, element("span", "صفحة " + number.format(state.page) + " من " +
                                        number.format(pages)), next);
}

// ---- the chart ----

// Day "YYYYMMDD" as a Date (UTC) and back as "YYYY-MM-DD".
const dayDate = (d) => new Date(Date.UTC(+d.slice(0, 4), +d.slice(4, 6) - 1, +d.slice(6, 8)));
const isoDay = (date) => date.toISOString().slice(0, 10);

// The periods (day, week, month or year) a span of `days` days is drawn in:
// at most about 45 bars.
function granularity(days) {
  if (days <= 45) return "day";
  if (days <= 7 * 30) return "week";
  if (days <= 366 * 3) return "month";
  return "year";
}

// The first day of the period holding `date` and that of the next.
function periodOf(date, unit) {
  const y = date.getUTCFullYear(), m = date.getUTCMonth(), d = date.getUTCDate();
  if (unit === "day") return [new Date(Date.UTC(y, m, d)), new Date(Date.UTC(y, m, d + 1))];
  if (unit === "week") {  // weeks start on Monday
    const start = new Date(Date.UTC(y, m, d - ((date.getUTCDay() + 6) % 7)));
    return [start, new Date(start.getTime() + 7 * 86400000)];
  }
  if (unit === "month") return [new Date(Date.UTC(y, m, 1)), new Date(Date.UTC(y, m + 1, 1))];
  return [new Date(Date.UTC(y, 0, 1)), new Date(Date.UTC(y + 1, 0, 1))];
}

function periodLabel(start, unit) {
  const iso = isoDay(start);
  if (unit === "year") return iso.slice(0, 4);
  if (unit === "month") return iso.slice(0, 7);
  return iso;
}

// Every series' day counts into periods from the first day to the last.
function buckets(series, state) {
  let first = state.from ? new Date(state.from + "T00:00:00Z") : null;
  let last = state.to ? new Date(state.to + "T00:00:00Z") : null;
  for (const s of series) {
    for (const { value } of s.days) {
      const date = dayDate(value);
      if (!state.from && (!first || date < first)) first = date;
      if (!state.to && (!last || date > last)) last = date;
    }
  }
  if (!first || !last || first > last) return null;
  const unit = granularity((last - first) / 86400000 + 1);
  const periods = [];
  for (let [start, end] = periodOf(first, unit); start <= last; [start, end] = periodOf(end, unit)) {
    periods.push({ start, end, counts: series.map(() => 0) });
  }
  series.forEach((s, i) => {
    for (const { value, count } of s.days) {
      const date = dayDate(value);
      const p = periods.find((period) => date >= period.start && date < period.end);
      if (p) p.counts[i] += count;
    }
  });
  return { unit, periods };
}

async function showChart(state, current) {
  const queries = [state.q].concat(state.vs);
  const series = await Promise.all(queries.map(async (words) => {
    const result = await api("/search", {
      q: fullQuery(words, state), limit: 0, facet: "day", suggest: "0",
    });
    return { words, days: result.facets.day || [] };
  }));
  if (!current()) return;
  showLegend(state, queries);
  const chart = $("chart");
  chart.replaceChildren();
  const drawn = buckets(series, state);
  if (!drawn) {
    $("chart-note").textContent = "لا تواريخ للمقالات المطابقة.";
    return;
  }
  const names = { day: "يوم", week: "أسبوع", month: "شهر", year: "سنة" };
  $("chart-note").textContent = "لكل " + names[drawn.unit] +
      "؛ انقر عموداً لحصر النتائج في فترته.";
  chart.appendChild(drawChart(drawn, series.length));
}

function drawChart({ unit, periods }, seriesCount) {
  const width = 720, height = 200, top = 14, bottom = 26, side = 34;
  const max = Math.max(1, ...periods.flatMap((p) => p.counts));
  const slot = (width - 2 * side) / periods.length;
  const barWidth = Math.max(1, (slot * 0.8) / seriesCount);
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("viewBox", "0 0 " + width + " " + height);
  svg.setAttribute("role", "group");
  svg.setAttribute("aria-label", "عدد المقالات المطابقة لكل فترة");
  const add = (tag, attributes, text) => {
    const node = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attributes)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    svg.appendChild(node);
    return node;
  };
  const y = (count) => height - bottom - (count / max) * (height - top - bottom);
  add("line", { x1: side, x2: width - side, y1: y(0), y2: y(0) });
  add("text", { x: width - 4, y: y(max) + 4, "text-anchor": "end" }, number.format(max));
  const labelEvery = Math.ceil(periods.length / 12);
  periods.forEach((p, i) => {
    // Right to left: the first period on the right.
    const x = width - side - (i + 1) * slot + slot * 0.1;
    const label = periodLabel(p.start, unit);
    p.counts.forEach((count, s) => {
      const bar = add("rect", {
        class: "bar s" + s, x: x + s * barWidth, y: y(count), width: barWidth,
        height: Math.max(0, y(0) - y(count)), tabindex: "0", role: "button",
        "data-count": count, "data-from": isoDay(p.start),
        "data-to": isoDay(new Date(p.end.getTime() - 86400000)), "data-series": s,
        "aria-label": label + ": " + number.format(count),
      });
      const tip = document.createElementNS(SVG, "title");
      tip.textContent = label + ": " + number.format(count);
      bar.appendChild(tip);
      const narrow = () => go({ from: bar.dataset.from, to: bar.dataset.to, page: 1 });
      bar.addEventListener("click", narrow);
      bar.addEventListener("keydown", (event) => {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          narrow();
        }
      });
    });
    if (i % labelEvery === 0) {
      add("text", { x: x + slot * 0.4, y: height - 8, "text-anchor": "middle" }, label);
    }
  });
  return svg;
}

function showLegend(state, queries) {
  const legend = $("legend");
  legend.replaceChildren();
  queries.forEach((words, i) => {
    const item = element("li");
    item.appendChild(element("span", undefined, "swatch s" + i));
    item.appendChild(element("span", "«" + words + "»"));
    if (i > 0) {
      const remove = button("×", () => go({ vs: state.vs.filter((_, j) => j !== i - 1) }), "plain");
      remove.setAttribute("aria-label", "أزل المقارنة بـ«" + words + "»");
      item.appendChild(remove);
    }
    legend.appendChild(item);
  });
  $("compare-form").hidden = state.vs.length >= MAX_COMPARED;
}

// ---- an article ----

async function showArticle(state, current) {
  $("layout").hidden = true;
  $("options").hidden = true;
  $("suggestion").hidden = true;
  $("filters").replaceChildren();
  setStatus("");
  const back = $("back");
  back.href = urlOf(Object.assign({}, state, { article: "" }));
  try {
    const params = state.q ? { q: fullQuery(state.q, state) } : {};
    const article = await api("/articles/" + encodeURIComponent(state.article), params);
    if (!current()) return;
    const marked = article.highlighted || {};
    const title = $("article-title");
    title.dir = "auto";
    title.replaceChildren();
    appendMarked(title, marked.title || escapeText(article.title || article.id));
    $("article-meta").textContent = [article.date, article.source, article.category]
        .filter(Boolean).join(" · ");
    const body = $("article-body");
    body.replaceChildren();
    for (const line of (marked.body || escapeText(article.body || "")).split("\n")) {
      if (!line.trim()) continue;
      const paragraph = element("p");
      appendMarked(paragraph, line);
      body.appendChild(paragraph);
    }
    const link = $("article-link");
    link.replaceChildren();
    if (/^https?:\/\//.test(article.url || "")) {
      const a = element("a", "المصدر الأصلي");
      a.href = article.url;
      a.rel = "noopener noreferrer";
      link.appendChild(a);
    }
    document.title = (article.title || article.id) + " — فهرس";
    $("article").hidden = false;
    $("article").focus();
  } catch (error) {
    if (!current()) return;
    $("article").hidden = true;
    setStatus("تعذّر فتح المقال: " + error.message, true);
  }
}

// `text` written as the service writes marked text (so appendMarked shows it as is).
function escapeText(text) {
  return text.replace(/[&<>"']/g, (c) =>
    ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]);
}

// ---- wiring ----

function wire() {
  $("search-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const q = $("q").value.trim();
    go({ q, page: 1, article: "", vs: q ? readState().vs : [] });
  });
  $("compare-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const words = $("compare").value.trim();
    const state = readState();
    if (words && state.vs.length < MAX_COMPARED) {
      $("compare").value = "";
      go({ vs: state.vs.concat([words]) });
    }
  });
  $("sort").addEventListener("change", () => go({ sort: $("sort").value, page: 1 }));
  $("collapse").addEventListener("change", () => go({ collapse: $("collapse").checked, page: 1 }));
  for (const id of ["from", "to"]) {
    $(id).addEventListener("change", () => go({ [id]: $(id).value, page: 1 }));
  }
  $("back").addEventListener("click", (event) => {
    event.preventDefault();
    go({ article: "" });
  });
  $("home").addEventListener("click", (event) => {
    event.preventDefault();
    go({ q: "", page: 1, article: "", vs: [], source: "", from: "", to: "" });
  });
  $("suggestion-link").addEventListener("click", (event) => {
    event.preventDefault();
    go({ q: $("suggestion-link").textContent, page: 1 });
  });
  window.addEventListener("popstate", render);
  render();
}

wire();
