// Adaptive Cards as Webex shows them, with Microsoft's official renderer (npm adaptivecards 3.0.6, global
// `AdaptiveCards`): the Webex subset (docs/cards.md), a Webex-like look, and the automatic check of a card.
// Used by the dev console, the "Cards" page and the card fidelity test (Bot.Tests/CardFidelity).
(function (root) {
  "use strict";
  const AC = root.AdaptiveCards;

  const limits = Object.freeze({ version: "1.3", maxActions: 5, maxBytes: 20000, maxFallbackBytes: 7439 });

  // Properties the renderers know but Webex clients draw unevenly (docs/cards.md: "avoided").
  const avoidedProperties = Object.freeze(["backgroundImage", "minHeight", "rtl"]);

  // Keys the renderer parses in code rather than through a property schema, per object type.
  const structuralKeys = Object.freeze({
    AdaptiveCard: ["body", "actions"],
    Container: ["items"],
    Column: ["items"],
    ColumnSet: ["columns"],
    ActionSet: ["actions"],
    RichTextBlock: ["inlines"],
    "Action.ShowCard": ["card"],
  });

  const colour = (value) => ({ default: value, subtle: value });

  function foregroundColors() {
    return {
      default: { default: "#171B1F", subtle: "#535759" },
      dark: { default: "#171B1F", subtle: "#535759" },
      light: { default: "#FFFFFF", subtle: "#EDEDED" },
      accent: colour("#0352A6"),
      good: colour("#185E46"),
      warning: colour("#7D4705"),
      attention: colour("#AB0A15"),
    };
  }

  function containerStyle(backgroundColor) {
    return { backgroundColor: backgroundColor, foregroundColors: foregroundColors() };
  }

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c]));
  }

  // Enough Markdown for the bot's messages and card text (Webex renders Markdown in both): paragraphs, lists,
  // bold, italics, code, links and mentions. Returns safe HTML: everything else is escaped.
  function inlineMarkdown(text) {
    const mentions = [];
    let html = String(text).replace(/<@(?:personId|personEmail|all)(?::([^|>]*))?(?:\|([^>]*))?>/g, (_, __, name) => {
      mentions.push(name || "everyone");
      return `\u0000${mentions.length - 1}\u0000`;
    });
    html = escapeHtml(html)
      .replace(/`([^`]+)`/g, "<code>$1</code>")
      .replace(/\*\*([^*]+)\*\*/g, "<strong>$1</strong>")
      .replace(/__([^_]+)__/g, "<strong>$1</strong>")
      .replace(/(^|[^*])\*([^*\s][^*]*)\*/g, "$1<em>$2</em>")
      .replace(/(^|\W)_([^_\s][^_]*)_(?=\W|$)/g, "$1<em>$2</em>")
      .replace(/\[([^\]]+)\]\((https?:[^)\s]+)\)/g, '<a href="$2" target="_blank" rel="noopener">$1</a>');
    return html.replace(/\u0000(\d+)\u0000/g, (_, i) => `<span class="mention">${escapeHtml(mentions[Number(i)])}</span>`);
  }

  function markdown(text) {
    const out = [];
    let list = null;
    let code = null;
    for (const line of String(text || "").split(/\r?\n/)) {
      if (line.trim().startsWith("```")) {
        if (code) { out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`); code = null; } else code = [];
        continue;
      }
      if (code) { code.push(line); continue; }
      const bullet = /^\s*[-*]\s+(.*)$/.exec(line);
      const numbered = /^\s*\d+[.)]\s+(.*)$/.exec(line);
      const item = bullet || numbered;
      const kind = bullet ? "ul" : "ol";
      if (item) {
        if (!list || list.kind !== kind) { if (list) out.push(`</${list.kind}>`); list = { kind }; out.push(`<${kind}>`); }
        out.push(`<li>${inlineMarkdown(item[1])}</li>`);
        continue;
      }
      if (list) { out.push(`</${list.kind}>`); list = null; }
      if (line.trim()) out.push(`<p>${inlineMarkdown(line.replace(/^#+\s*/, ""))}</p>`);
    }
    if (list) out.push(`</${list.kind}>`);
    if (code) out.push(`<pre><code>${escapeHtml(code.join("\n"))}</code></pre>`);
    return out.join("");
  }

  function hostConfig() {
    return new AC.HostConfig({
      fontFamily: "CiscoSans, Helvetica, Arial, sans-serif",
      fontSizes: { small: 12, default: 14, medium: 16, large: 20, extraLarge: 22 },
      fontWeights: { lighter: 300, default: 400, bolder: 600 },
      lineHeights: { small: 16, default: 20, medium: 22, large: 26, extraLarge: 28 },
      spacing: { small: 4, default: 8, medium: 16, large: 24, extraLarge: 32, padding: 16 },
      separator: { lineThickness: 1, lineColor: "#DEDEDE" },
      supportsInteractivity: true,
      imageSizes: { small: 32, medium: 52, large: 100 },
      containerStyles: {
        default: containerStyle("#FFFFFF"),
        emphasis: containerStyle("#EDEDED"),
        good: containerStyle("#CEF5EB"),
        accent: containerStyle("#DBF0FF"),
        warning: containerStyle("#FFEBC2"),
        attention: containerStyle("#FFE8EA"),
      },
      actions: {
        maxActions: limits.maxActions,
        spacing: "default",
        buttonSpacing: 8,
        showCard: { actionMode: "inline", inlineTopMargin: 12, style: "emphasis" },
        actionsOrientation: "horizontal",
        actionAlignment: "left",
      },
      adaptiveCard: { allowCustomStyle: true },
      factSet: {
        title: { color: "default", size: "default", isSubtle: true, weight: "bolder", wrap: true, maxWidth: 180 },
        value: { color: "default", size: "default", isSubtle: false, weight: "default", wrap: true },
        spacing: 12,
      },
      inputs: {
        label: {
          inputSpacing: "small",
          requiredInputs: { weight: "bolder", suffix: " *", suffixColor: "attention" },
          optionalInputs: { weight: "bolder" },
        },
        errorMessage: { color: "attention", size: "small" },
      },
    });
  }

  function elementRegistry() {
    const elements = new AC.CardObjectRegistry();
    AC.GlobalRegistry.populateWithDefaultElements(elements);
    elements.unregister("Media");
    elements.unregister("Table");
    return elements;
  }

  function actionRegistry() {
    const actions = new AC.CardObjectRegistry();
    AC.GlobalRegistry.populateWithDefaultActions(actions);
    actions.unregister("Action.Execute");
    actions.unregister("Action.ToggleVisibility");
    return actions;
  }

  function serializationContext() {
    const context = new AC.SerializationContext(AC.Versions.v1_3);
    context.setElementRegistry(elementRegistry());
    context.setActionRegistry(actionRegistry());
    return context;
  }

  function parse(cardJson) {
    const context = serializationContext();
    const card = new AC.AdaptiveCard();
    card.hostConfig = hostConfig();
    card.parse(cardJson, context);
    return { card: card, context: context };
  }

  function schemaNames(instance) {
    const schema = instance.getSchema();
    const names = [];
    for (let i = 0; i < schema.getCount(); i++) names.push(schema.getItemAt(i).name);
    return names;
  }

  // Walks the card JSON and reports keys the official renderer has no property for (it drops them silently,
  // as a Webex client would), the properties Webex draws unevenly, and image data URIs.
  function unknownProperties(cardJson) {
    const elements = elementRegistry();
    const actions = actionRegistry();
    const problems = [];
    const known = new Map();

    function namesOf(typeName, make) {
      if (!known.has(typeName)) {
        known.set(typeName, new Set(schemaNames(make()).concat(structuralKeys[typeName] || []).concat(["fallback"])));
      }
      return known.get(typeName);
    }

    function checkKeys(node, path, names, typeName) {
      for (const key of Object.keys(node)) {
        if (!names.has(key)) problems.push(`${path}: "${key}" is not a property of ${typeName} in Adaptive Cards ${limits.version}`);
        else if (avoidedProperties.indexOf(key) >= 0) problems.push(`${path}: "${key}" is drawn unevenly by Webex clients; avoid it`);
      }
    }

    function visitCard(node, path) {
      if (!node || typeof node !== "object") return;
      checkKeys(node, path, namesOf("AdaptiveCard", () => new AC.AdaptiveCard()), "AdaptiveCard");
      (node.body || []).forEach((item, i) => visitElement(item, `${path}.body[${i}]`));
      (node.actions || []).forEach((item, i) => visitAction(item, `${path}.actions[${i}]`));
      if (node.selectAction) visitAction(node.selectAction, `${path}.selectAction`);
    }

    function visitElement(node, path, impliedType) {
      if (!node || typeof node !== "object") return;
      const typeName = node.type || impliedType;
      const registration = elements.findByName(typeName);
      if (!registration) return; // the parser reports unknown element types
      checkKeys(node, path, namesOf(typeName, () => new registration.objectType()), typeName);
      if (typeName === "Image" && typeof node.url === "string" && node.url.startsWith("data:")) {
        problems.push(`${path}: image data URIs are drawn unevenly by Webex clients; link the image instead`);
      }
      (node.items || []).forEach((item, i) => visitElement(item, `${path}.items[${i}]`));
      (node.columns || []).forEach((item, i) => visitColumn(item, `${path}.columns[${i}]`));
      (node.images || []).forEach((item, i) => visitElement(item, `${path}.images[${i}]`, "Image"));
      (node.inlines || []).forEach((item, i) => {
        if (typeof item === "object") visitElement(item, `${path}.inlines[${i}]`, "TextRun");
      });
      (typeName === "FactSet" ? node.facts || [] : []).forEach((fact, i) =>
        checkKeys(fact, `${path}.facts[${i}]`, namesOf("Fact", () => new AC.Fact()), "Fact"));
      (typeName === "Input.ChoiceSet" ? node.choices || [] : []).forEach((choice, i) =>
        checkKeys(choice, `${path}.choices[${i}]`, namesOf("Choice", () => new AC.Choice()), "Choice"));
      if (typeName === "ActionSet") (node.actions || []).forEach((item, i) => visitAction(item, `${path}.actions[${i}]`));
      if (node.selectAction) visitAction(node.selectAction, `${path}.selectAction`);
      if (node.fallback && typeof node.fallback === "object") visitElement(node.fallback, `${path}.fallback`);
    }

    function visitColumn(node, path) {
      if (!node || typeof node !== "object") return;
      checkKeys(node, path, namesOf("Column", () => new AC.Column()), "Column");
      (node.items || []).forEach((item, i) => visitElement(item, `${path}.items[${i}]`));
      if (node.selectAction) visitAction(node.selectAction, `${path}.selectAction`);
    }

    function visitAction(node, path) {
      if (!node || typeof node !== "object") return;
      const registration = actions.findByName(node.type);
      if (!registration) return; // the parser reports unknown action types
      checkKeys(node, path, namesOf(node.type, () => new registration.objectType()), node.type);
      if (node.type === "Action.Submit" && node.data !== undefined && (typeof node.data !== "object" || Array.isArray(node.data))) {
        problems.push(`${path}: Action.Submit data must be an object (Webex loses any other data)`);
      }
      if (node.type === "Action.ShowCard") visitCard(node.card, `${path}.card`);
    }

    visitCard(cardJson, "card");
    return problems;
  }

  function actionCount(cardJson) {
    let count = (cardJson.actions || []).length;
    (function walk(items) {
      for (const item of items || []) {
        if (!item || typeof item !== "object") continue;
        if (item.type === "ActionSet") count += (item.actions || []).length;
        walk(item.items);
        (item.columns || []).forEach((column) => walk(column.items));
      }
    })(cardJson.body);
    return count;
  }

  function byteLength(text) {
    return new TextEncoder().encode(text).length;
  }

  // Everything Webex would not show as the bot meant it. An empty list means the card passes.
  function check(cardJson, fallbackText) {
    const problems = [];
    if (!cardJson || typeof cardJson !== "object") return ["the card is not a JSON object"];
    if (cardJson.type !== "AdaptiveCard") problems.push(`card.type is "${cardJson.type}", not "AdaptiveCard"`);
    if (cardJson.version !== limits.version) problems.push(`card.version is "${cardJson.version}"; the bot declares "${limits.version}"`);

    const { card, context } = parse(cardJson);
    for (let i = 0; i < context.eventCount; i++) {
      const event = context.getEventAt(i);
      problems.push(`parse: ${event.message} (${AC.ValidationEvent[event.event]})`);
    }
    const validation = card.validateProperties();
    for (const event of validation.validationEvents) {
      problems.push(`validate: ${event.message} (${AC.ValidationEvent[event.event]})`);
    }
    problems.push(...unknownProperties(cardJson));

    const actions = actionCount(cardJson);
    if (actions > limits.maxActions) problems.push(`${actions} actions; Webex shows at most ${limits.maxActions}`);
    const bytes = byteLength(JSON.stringify(cardJson));
    if (bytes > limits.maxBytes) problems.push(`${bytes} bytes; keep cards under ${limits.maxBytes} bytes`);
    if (fallbackText !== undefined) {
      if (!fallbackText || !String(fallbackText).trim()) problems.push("no fallback text for clients that cannot show cards");
      else if (byteLength(String(fallbackText)) > limits.maxFallbackBytes) problems.push(`fallback text over ${limits.maxFallbackBytes} bytes`);
    }
    return problems;
  }

  // Renders a card as a Webex client would. onSubmit(inputs) receives the submit body's inputs: the
  // referenced inputs' values (strings) merged with the Action.Submit data, data winning (as Webex does).
  function render(cardJson, onSubmit) {
    const { card } = parse(cardJson);
    card.onExecuteAction = (action) => {
      if (action instanceof AC.SubmitAction) {
        const inputs = {};
        const referenced = action.getReferencedInputs() || {};
        for (const id of Object.keys(referenced)) {
          const input = referenced[id];
          if (input.id && input.isSet()) inputs[input.id] = typeof input.value === "string" ? input.value : String(input.value);
        }
        const data = action.getValue(AC.SubmitAction.dataProperty);
        if (data && typeof data === "object" && !Array.isArray(data)) Object.assign(inputs, data);
        onSubmit(inputs, action);
      } else if (action instanceof AC.OpenUrlAction && action.url) {
        root.open(action.url, "_blank", "noopener");
      }
    };
    return card.render();
  }

  AC.AdaptiveCard.onProcessMarkdown = (text, result) => {
    result.outputHtml = markdown(text).replace(/^<p>([\s\S]*)<\/p>$/, "$1");
    result.didProcess = true;
  };

  root.WebexCards = Object.freeze({ limits, hostConfig, check, render, actionCount, markdown, escapeHtml });
})(typeof window !== "undefined" ? window : globalThis);
