"""The page's language. Streamlit writes ``<html lang="en">`` and its own few words (a skip link,
a file drop zone, buttons' names for screen readers) in English whatever the app speaks
(streamlit#15726; no setting for either). A small script, sent on each run, sets the document's
language to the user's and, in Swedish, words those fixed texts in Swedish. It never touches the
app's own texts (they are already in the user's language) nor anything a user typed.
"""

from __future__ import annotations

import json

import streamlit as st

# Streamlit's fixed words as they reach the page (whole texts, or an attribute's whole value),
# as regular expressions, and the Swedish that replaces them.
STREAMLIT_WORDS_SV: list[tuple[str, str]] = [
    (r"^Skip to main content$", "Hoppa till sidans innehåll"),
    # the file drop zone
    (r"^Drag and drop (a file|files) here$", "Dra och släpp filen här"),
    (r"^(Browse files|Add files)$", "Välj fil"),
    (r"^Upload$", "Ladda upp"),
    (r"^file upload$", "Ladda upp en fil"),
    (r"^Limit (\S+) per file", "Högst $1 per fil"),
    (r"^(\d+(?:\.\d+)?) ?MB per file", "$1 MB per fil"),
    # choice lists
    (r"^Choose an option$", "Välj"),
    (r"^Choose options$", "Välj"),
    (r"^Clear all$", "Rensa alla"),
    (r"^Clear value$", "Töm fältet"),
    (r"^Clear entry$", "Töm fältet"),
    (r"^Remove (.+)$", "Ta bort $1"),
    (r"^Select all$", "Välj alla"),
    (r"^Select (\d+) matches$", "Välj $1 träffar"),
    (r"^Selected values$", "Valda"),
    (r"^(Multiselect|Selectbox) options$", "Alternativ"),
    (r"^No results$", "Inga träffar"),
    (r"^Open$", "Öppna listan"),
    (r"^Close$", "Stäng listan"),
    # dates, numbers, passwords, copying
    (r"^Choose date$", "Välj datum"),
    (r"^Choose date range$", "Välj datumintervall"),
    (r"^Increment$", "Öka"),
    (r"^Decrement$", "Minska"),
    (r"^Number is above the allowed range\.$", "Talet är för stort."),
    (r"^Number is below the allowed range\.$", "Talet är för litet."),
    (r"^Show password$", "Visa lösenordet"),
    (r"^Hide password$", "Dölj lösenordet"),
    (r"^Copy to clipboard$", "Kopiera"),
    (r"^Press Enter to (submit form|apply)$", "Tryck Enter för att skicka"),
]

# Runs in the page (Streamlit's st.html, not in a frame). One observer per page: it words what
# Streamlit adds or changes later, and is taken down, with every text put back, in English. App
# text sits in Markdown containers and is never looked at; attributes are matched whole, and the
# app's own (labels, placeholders) are in the user's language already. Wrapped in a block: the script runs
# again on each change, and a second top-level `const` of one name would stop it.
_SCRIPT = """<script>{
  const lang = %(lang)s;
  const rules = %(rules)s.map(([pattern, words]) => [new RegExp(pattern), words]);
  const attributes = ['aria-label', 'title', 'placeholder'];
  document.documentElement.lang = lang;
  const state = window.brPageWords || (window.brPageWords = {observer: null, texts: new Map()});
  // The app's words are Markdown; Streamlit's file drop zone writes its button's word so too.
  const appText = (element) => element.closest('script, style') || (
    element.closest('[data-testid="stMarkdownContainer"]') &&
    !element.closest('[data-testid="stFileUploaderDropzone"]'));
  const say = (text) => {
    for (const [pattern, words] of rules) {
      if (pattern.test(text.trim())) return text.trim().replace(pattern, words);
    }
    return null;
  };
  const word = (node) => {
    if (node.nodeType === Node.TEXT_NODE) {
      if (!node.parentElement || appText(node.parentElement)) return;
      const said = say(node.nodeValue);
      if (said !== null && said !== node.nodeValue) {
        state.texts.set(node, node.nodeValue);
        node.nodeValue = said;
      }
    } else if (node.nodeType === Node.ELEMENT_NODE) {
      for (const name of attributes) {
        const value = node.getAttribute(name);
        const said = value && say(value);
        if (said && said !== value) {
          node.setAttribute('data-br-' + name, value);
          node.setAttribute(name, said);
        }
      }
    }
  };
  const walk = (top) => {
    word(top);
    if (top.nodeType !== Node.ELEMENT_NODE) return;
    top.querySelectorAll('[aria-label], [title], [placeholder]').forEach(word);
    const texts = document.createTreeWalker(top, NodeFilter.SHOW_TEXT);
    while (texts.nextNode()) word(texts.currentNode);
  };
  if (state.observer) state.observer.disconnect();
  state.observer = null;
  if (rules.length) {
    walk(document.body);
    state.observer = new MutationObserver((changes) => {
      for (const change of changes) {
        if (change.type === 'childList') change.addedNodes.forEach(walk);
        else word(change.target);
      }
    });
    state.observer.observe(document.body, {
      subtree: true, childList: true, characterData: true,
      attributes: true, attributeFilter: attributes,
    });
  } else {
    for (const [node, text] of state.texts) node.nodeValue = text;
    state.texts.clear();
    for (const name of attributes) {
      document.querySelectorAll('[data-br-' + name + ']').forEach((element) => {
        element.setAttribute(name, element.getAttribute('data-br-' + name));
        element.removeAttribute('data-br-' + name);
      });
    }
  }
}</script>"""


def page_language(lang: str) -> None:
    """Send the script for ``lang`` ("sv" or "en"); it runs again whenever the language changes,
    and on every page the browser loads."""
    rules = STREAMLIT_WORDS_SV if lang == "sv" else []
    script = _SCRIPT % {"lang": json.dumps(lang), "rules": json.dumps(rules, ensure_ascii=False)}
    st.html(script, unsafe_allow_javascript=True)
