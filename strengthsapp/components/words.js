import { CATALOGS, PLURALS } from "./words_catalog.js";

// The words of the screens in the reader's language (strengthsapp/i18n). A message id is
// the English text with {name} placeholders; CATALOGS holds each other language, written
// from the .po files by `make catalogs`. The language is the device's choice (the
// strengthsapp_lang cookie, which the server keeps equal to the account's), else the
// browser's; a change of language loads the page again, so it is read once.

const KNOWN = ["en", ...Object.keys(CATALOGS)];

function known(code) {
  const language = String(code || "").toLowerCase().split(/[-_]/)[0];
  return KNOWN.includes(language) ? language : null;
}

function deviceLanguage() {
  if (typeof document === "undefined") return "en";
  const cookie = document.cookie.split("; ").find((part) => part.startsWith("strengthsapp_lang="));
  const chosen = cookie && known(decodeURIComponent(cookie.slice("strengthsapp_lang=".length)));
  if (chosen) return chosen;
  for (const code of navigator.languages || [navigator.language]) {
    const language = known(code);
    if (language) return language;
  }
  return "en";
}

export const LOCALE = deviceLanguage();
const catalog = CATALOGS[LOCALE] || {};
const told = new Set();

function fill(text, values) {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name] ?? "") : whole));
}

function names(text) {
  return [...text.matchAll(/\{(\w+)\}/g)].map((found) => found[1]).sort().join(",");
}

// `id` in the device's language, its {placeholders} filled in from `values`. A missing or
// broken translation: the English, said once in the console.
export function tr(id, values) {
  const found = catalog[id];
  if (LOCALE !== "en" && (typeof found !== "string" || names(found) !== names(id))) {
    if (!told.has(id)) {
      told.add(id);
      console.warn(`strengthsapp: no ${LOCALE} translation of ${JSON.stringify(id)}; the English is shown`);
    }
    return fill(id, values);
  }
  return fill(LOCALE === "en" ? id : found, values);
}

// A counted message: `count` picks the form (and fills {count}).
export function trn(singular, plural, count, values) {
  const all = { count: Number(count).toLocaleString(LOCALE), ...(values || {}) };
  const forms = catalog[singular];
  const english = Number(count) === 1 ? singular : plural;
  if (LOCALE === "en" || !Array.isArray(forms)) {
    if (LOCALE !== "en" && !told.has(singular)) {
      told.add(singular);
      console.warn(`strengthsapp: no ${LOCALE} translation of ${JSON.stringify(singular)}`);
    }
    return fill(english, all);
  }
  const index = (PLURALS[LOCALE] || ((n) => (n === 1 ? 0 : 1)))(Number(count));
  const text = forms[index];
  const allowed = new Set([...names(english).split(","), "count"]);
  return typeof text === "string" && names(text).split(",").every((name) => !name || allowed.has(name))
    ? fill(text, all)
    : fill(english, all);
}

if (typeof document !== "undefined") {
  // The page's language, for screen readers and axe; the page's own scripts (the outbox's
  // words) and the offline screen translate through the same function.
  document.documentElement.lang = LOCALE;
  window.strengthsappWords = { locale: LOCALE, tr, trn };
}

// Page titles are set by the router in English ("My goals | strengthsapp"): the part before
// " | " is a message id, shown in the device's language.
if (typeof document !== "undefined" && LOCALE !== "en") {
  const SUFFIX = " | strengthsapp";
  const translateTitle = () => {
    const title = document.title;
    if (!title.endsWith(SUFFIX)) return;
    const name = title.slice(0, -SUFFIX.length);
    const words = catalog[name];
    if (typeof words === "string" && words !== name) document.title = words + SUFFIX;
  };
  translateTitle();
  new MutationObserver(translateTitle).observe(document.head, { subtree: true, childList: true, characterData: true });
}
