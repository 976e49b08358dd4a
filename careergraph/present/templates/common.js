"use strict";
// Shared by every careergraph page. Text from data only ever reaches the page through
// textContent, attribute properties and vis-network canvas labels, never as HTML.

const CG_DATA = JSON.parse(document.getElementById("careergraph-data").textContent);

const cg = {
  // An element with properties (textContent, className, ...) and children.
  el(tag, properties, children) {
    const element = document.createElement(tag);
    Object.assign(element, properties || {});
    for (const child of children || []) {
      element.append(typeof child === "string" ? document.createTextNode(child) : child);
    }
    return element;
  },

  // A link only for http(s) URLs; anything else (javascript:, data:, ...) stays inert text.
  link(url, text) {
    const value = String(url);
    if (/^https?:\/\//i.test(value)) {
      const anchor = cg.el("a", { href: value, textContent: text || value, target: "_blank" });
      anchor.rel = "noopener noreferrer";
      return anchor;
    }
    return cg.el("span", { textContent: text || value, className: "inert-url" });
  },

  number(value) {
    return Number(value || 0).toLocaleString("en-US", { maximumFractionDigits: 2 });
  },

  months(value) {
    return `${Number(value || 0).toLocaleString("en-US", { maximumFractionDigits: 2 })} months`;
  },

  usd(value) {
    return "$" + Number(value || 0).toLocaleString("en-US", { maximumFractionDigits: 2 });
  },

  // The short hover summary of a node: name, kind, issuer, fee, duration, cost, sources.
  nodeTooltip(facts) {
    const box = cg.el("div", { className: "cg-tooltip" });
    box.append(cg.el("strong", { textContent: facts.name }));
    box.append(cg.el("div", { textContent: facts.kind + (facts.issuer ? ` · ${facts.issuer}` : "") }));
    const figures = [];
    if (facts.months) figures.push(cg.months(facts.months));
    if (facts.cost_usd) figures.push(cg.usd(facts.cost_usd));
    if (facts.exam_fee_usd != null) figures.push(`exam fee ${cg.usd(facts.exam_fee_usd)}`);
    if (figures.length) box.append(cg.el("div", { textContent: figures.join(" · ") }));
    for (const url of facts.sources || []) box.append(cg.el("div", {}, [cg.link(url)]));
    return box;
  },

  edgeTooltip(facts) {
    const box = cg.el("div", { className: "cg-tooltip" });
    box.append(cg.el("strong", { textContent: facts.type + (facts.group ? ` (${facts.group})` : "") }));
    if (facts.step_months != null) {
      const span = facts.step_start != null ? `month ${cg.number(facts.step_start)} → ${cg.number(facts.step_end)}: ` : "";
      box.append(cg.el("div", {
        className: "step-range",
        textContent: `this move: ${span}${cg.months(facts.step_months)} · ${cg.usd(facts.step_cost_usd)}`,
      }));
    }
    if ((facts.gained || []).length) {
      box.append(cg.el("div", { textContent: "needed on the way:" }));
      box.append(cg.el("ul", { className: "gained" }, facts.gained.map((g) => cg.el("li", {
        textContent: `${g.name} (month ${cg.number(g.start)} → ${cg.number(g.end)}` +
          `${g.cost_usd ? `, ${cg.usd(g.cost_usd)}` : ""})`,
      }))));
    }
    const before = [];
    if (facts.months) before.push(`${cg.months(facts.months)} before`);
    if (facts.cost_usd) before.push(cg.usd(facts.cost_usd));
    if (before.length) box.append(cg.el("div", { textContent: "edge: " + before.join(" · ") }));
    if (facts.note) box.append(cg.el("div", { textContent: facts.note }));
    if (facts.source_url) box.append(cg.el("div", {}, [cg.link(facts.source_url)]));
    return box;
  },

  // The details panel for a node: every fact, sources as links.
  nodeDetails(facts, extra) {
    const section = document.getElementById("details");
    const colour = (CG_DATA.kindColours || {})[facts.kind];
    const badge = cg.el("span", { className: "kind-badge", textContent: facts.kind });
    if (colour) badge.style.background = colour;
    const list = cg.el("dl");
    const row = (label, value) => {
      if (value === undefined || value === null || value === "" || (Array.isArray(value) && !value.length)) {
        return;
      }
      list.append(cg.el("dt", { textContent: label }));
      list.append(value instanceof Node ? cg.el("dd", {}, [value]) : cg.el("dd", { textContent: String(value) }));
    };
    row("id", facts.id);
    row("aliases", (facts.aliases || []).join(", "));
    row("issuer", facts.issuer);
    row("exam fee", facts.exam_fee_usd != null ? cg.usd(facts.exam_fee_usd) : null);
    row("takes", facts.months ? cg.months(facts.months) : null);
    row("costs", facts.cost_usd ? cg.usd(facts.cost_usd) : null);
    row("renewal", facts.renewal);
    row("as of", facts.as_of);
    row("confidence", facts.confidence);
    row("note", facts.note);
    const children = [cg.el("h3", { textContent: facts.name }), badge, list];
    if (facts.description) children.push(cg.el("p", { textContent: facts.description }));
    if ((facts.sources || []).length) {
      children.push(cg.el("div", { className: "muted", textContent: "Sources" }));
      children.push(cg.el("ul", {}, facts.sources.map((url) => cg.el("li", {}, [cg.link(url)]))));
    }
    for (const child of extra || []) children.push(child);
    section.replaceChildren(...children);
  },

  edgeDetails(facts, names) {
    const section = document.getElementById("details");
    const title = `${names[facts.source] || facts.source} → ${names[facts.target] || facts.target}`;
    const children = [cg.el("h3", { textContent: title }), cg.edgeTooltip(facts)];
    section.replaceChildren(...children);
  },

  // Builds the DataSets (tooltips as DOM elements), draws the network with physics off
  // and publishes window.careergraph; ``ready`` turns true after the first drawing.
  draw(options) {
    const started = performance.now();
    const facts = CG_DATA.facts;
    const edgeFacts = CG_DATA.edgeFacts;
    CG_DATA.kindColours = CG_DATA.kindColours || {};
    for (const item of CG_DATA.nodes) {
      item.title = cg.nodeTooltip(facts[item.id]);
    }
    for (const item of CG_DATA.edges) {
      if (!CG_DATA.big) item.title = cg.edgeTooltip(edgeFacts[item.id]);
    }
    const nodes = new vis.DataSet(CG_DATA.nodes);
    const edges = new vis.DataSet(CG_DATA.edges);
    const container = document.getElementById("network");
    const network = new vis.Network(container, { nodes, edges }, Object.assign({
      autoResize: true,
      physics: { enabled: false },
      layout: { improvedLayout: false, hierarchical: { enabled: false } },
      interaction: { hover: !CG_DATA.big, tooltipDelay: 150, hideEdgesOnDrag: Boolean(CG_DATA.big), multiselect: false },
      nodes: { shape: "box", font: { face: "Liberation Sans, Arial, sans-serif" } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.6 } } },
    }, options || {}));
    // Frame the pathway (or plan) itself, so its labels are readable; context stays
    // reachable by zooming out.
    const framed = CG_DATA.pathNodeIds || [];
    network.fit(framed.length ? { nodes: framed, animation: false } : { animation: false });
    const names = {};
    for (const id of Object.keys(facts)) names[id] = facts[id].name;
    const page = {
      page: CG_DATA.page,
      network,
      nodes,
      edges,
      facts,
      edgeFacts,
      pathNodeIds: CG_DATA.pathNodeIds,
      pathEdgeIds: CG_DATA.pathEdgeIds,
      ready: false,
      readyMs: null,
      names,
    };
    window.careergraph = page;
    network.once("afterDrawing", () => {
      page.readyMs = performance.now();
      page.drawMs = performance.now() - started;
      page.ready = true;
      document.body.dataset.ready = "true";
    });
    network.on("click", (event) => {
      if (event.nodes.length) {
        page.onNode ? page.onNode(event.nodes[0]) : cg.nodeDetails(facts[event.nodes[0]]);
      } else if (event.edges.length) {
        cg.edgeDetails(edgeFacts[event.edges[0]], names);
      } else if (page.onBackground) {
        page.onBackground();
      }
    });
    return page;
  },
};
