// The "Cards" page: the bot's card catalogue, each card drawn as Webex would and checked against Webex's rules.
(function () {
  "use strict";

  const escapeHtml = WebexCards.escapeHtml;
  const t = ConsoleText.t;

  function sampleElement(sample) {
    const section = document.createElement("section");
    section.className = "sample";
    section.dataset.flow = sample.flow;
    section.dataset.name = sample.name;
    const problems = WebexCards.check(sample.card, sample.fallbackText);
    section.innerHTML = `<h3>${escapeHtml(sample.name)}</h3>
      <div class="verdict ${problems.length ? "bad" : "ok"}">${escapeHtml(problems.length ? t("card.problems", problems.length) : t("card.ok"))}</div>
      ${problems.length ? `<ul class="problems">${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul>` : ""}
      <div class="card-host"></div>
      <div class="fallback"><div class="fallback-label"></div><div class="fallback-text"></div></div>
      <details><summary>${escapeHtml(t("card.json", new TextEncoder().encode(JSON.stringify(sample.card)).length))}</summary><pre></pre></details>`;
    section.querySelector(".fallback-label").textContent = t("card.fallback");
    section.querySelector(".fallback-text").innerHTML = sample.fallbackText ? WebexCards.markdown(sample.fallbackText) : escapeHtml(t("card.fallback.none"));
    section.querySelector("pre").textContent = JSON.stringify(sample.card, null, 2);
    try {
      const rendered = WebexCards.render(sample.card, (inputs) => {
        section.querySelector(".fallback-label").textContent = t("card.would.submit", JSON.stringify(inputs));
      });
      if (rendered) section.querySelector(".card-host").appendChild(rendered);
    } catch (error) {
      section.querySelector(".card-host").textContent = t("card.draw.failed", error.message);
    }
    return { element: section, ok: problems.length === 0 };
  }

  async function start() {
    ConsoleText.apply(document);
    const summary = document.getElementById("summary");
    try {
      const response = await fetch("/console/api/cards");
      if (!response.ok) throw new Error(`${response.status} ${response.statusText}`);
      const { items } = await response.json();
      const flows = new Map();
      for (const sample of items) {
        if (!flows.has(sample.flow)) flows.set(sample.flow, []);
        flows.get(sample.flow).push(sample);
      }
      let failing = 0;
      const container = document.getElementById("flows");
      for (const [flow, samples] of flows) {
        const block = document.createElement("section");
        block.className = "flow";
        block.innerHTML = `<h2>${escapeHtml(flow)}</h2><div class="samples"></div>`;
        for (const sample of samples) {
          const { element, ok } = sampleElement(sample);
          if (!ok) failing++;
          block.querySelector(".samples").appendChild(element);
        }
        container.appendChild(block);
      }
      summary.textContent = t("cards.summary", items.length, flows.size, failing ? t("cards.summary.bad", failing) : t("cards.summary.ok"));
    } catch (error) {
      summary.textContent = t("cards.failed", error.message);
    }
  }

  start();
})();
