// The "Cards" page: the bot's card catalogue, each card drawn as Webex would and checked against Webex's rules.
(function () {
  "use strict";

  const escapeHtml = WebexCards.escapeHtml;

  function sampleElement(sample) {
    const section = document.createElement("section");
    section.className = "sample";
    section.dataset.flow = sample.flow;
    section.dataset.name = sample.name;
    const problems = WebexCards.check(sample.card, sample.fallbackText);
    section.innerHTML = `<h3>${escapeHtml(sample.name)}</h3>
      <div class="verdict ${problems.length ? "bad" : "ok"}">${problems.length ? `${problems.length} problem(s)` : "Shows as intended in Webex"}</div>
      ${problems.length ? `<ul class="problems">${problems.map((p) => `<li>${escapeHtml(p)}</li>`).join("")}</ul>` : ""}
      <div class="card-host"></div>
      <div class="fallback" title="Fallback text"></div>
      <details><summary>Card JSON (${new TextEncoder().encode(JSON.stringify(sample.card)).length} bytes)</summary><pre></pre></details>`;
    section.querySelector(".fallback").textContent = `Fallback: ${sample.fallbackText || "(none)"}`;
    section.querySelector("pre").textContent = JSON.stringify(sample.card, null, 2);
    try {
      const rendered = WebexCards.render(sample.card, (inputs) => {
        section.querySelector(".fallback").textContent = `Would submit: ${JSON.stringify(inputs)}`;
      });
      if (rendered) section.querySelector(".card-host").appendChild(rendered);
    } catch (error) {
      section.querySelector(".card-host").textContent = `Could not draw: ${error.message}`;
    }
    return { element: section, ok: problems.length === 0 };
  }

  async function start() {
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
      summary.textContent = `${items.length} cards in ${flows.size} flows; ${failing ? `${failing} with problems` : "all pass the Webex check"}.`;
    } catch (error) {
      summary.textContent = `Could not load the catalogue: ${error.message}`;
    }
  }

  start();
})();
