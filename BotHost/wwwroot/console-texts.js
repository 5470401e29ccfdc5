// The console's sentences come from the bot's resource file (Bot.Core/Resources/en.json, section "console"),
// handed to the page by /console/api/texts.js as window.ConsoleTexts.
(function (root) {
  "use strict";
  const texts = root.ConsoleTexts || {};

  // t("members", 3, "Alice, Bob") → "3 members: Alice, Bob"; a missing key shows itself (and says so in the log).
  function t(key, ...args) {
    const text = texts[key];
    if (text === undefined) {
      console.error(`No console text "${key}" in en.json`);
      return key;
    }
    return text.replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)] ?? ""));
  }

  // Fills data-text (content), data-text-placeholder, data-text-label (aria-label) and data-text-title.
  function apply(scope) {
    for (const element of scope.querySelectorAll("[data-text]")) element.textContent = t(element.dataset.text);
    for (const element of scope.querySelectorAll("[data-text-placeholder]")) element.placeholder = t(element.dataset.textPlaceholder);
    for (const element of scope.querySelectorAll("[data-text-label]")) element.setAttribute("aria-label", t(element.dataset.textLabel));
    for (const element of scope.querySelectorAll("[data-text-title]")) element.title = t(element.dataset.textTitle);
  }

  root.ConsoleText = Object.freeze({ t, apply });
})(window);
