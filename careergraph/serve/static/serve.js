"use strict";
// The explorer page. Every view is its query string (bookmarkable; back and forward
// re-render it); the JSON API answers every question. Text from data or a request
// reaches the page only through textContent, attribute properties and vis-network
// canvas labels (cg.el from common.js), never as HTML.
(function () {
  const S = CG_DATA;
  const $ = (id) => document.getElementById(id);
  const VIEWS = ["search", "path", "plan", "node"];
  const NODE_PARAMS = ["from", "to", "via", "avoid", "goal", "node", "have"];
  const COLUMN = 190; // vis-network units between columns: a box at most 150 wide and a gap
  const LANE = 95;
  const BAND_GAP = 70;
  const NODE_WIDTH = 160;
  const NODE_HEIGHT = 75;
  const FONT = 16;
  const MIN_LABEL = 11; // px a label keeps at the first fit (docs/html.md, "Readable")
  const MAX_PROFILE_BYTES = 1000000;

  // State the tests read: the current view, the graph, and a counter of finished renders.
  const page = {
    page: "serve", view: null, ready: false, renders: 0, network: null, nodes: null, edges: null,
    pathNodeIds: [], drawnPaths: 0, fontSize: FONT, path: null, plan: null, profile: null, error: null,
  };
  window.careergraph = page;
  let profileHave = []; // from a profile file: kept in this page's memory, never in the URL
  const haveNames = {}; // id -> name, from the answers' "have" lists
  let generation = 0; // a newer render makes an older one's answers stale

  // ---- the API -------------------------------------------------------------------
  async function api(endpoint, params, init) {
    const response = await fetch(`/api/${endpoint}?${params.toString()}`, init);
    const body = await response.json();
    if (!response.ok) throw Object.assign(new Error(body.error), { body, status: response.status });
    return body;
  }

  function learnNames(nodes) {
    for (const node of nodes || []) haveNames[node.id] = node.name;
    holdingsBar();
  }

  function withHoldings(params) {
    const out = new URLSearchParams(params);
    for (const item of profileHave) out.append("have", item);
    return out;
  }

  // ---- navigation ------------------------------------------------------------------
  function current() {
    return new URLSearchParams(location.search);
  }

  function navigate(params) {
    const query = params.toString();
    history.pushState(null, "", query ? `?${query}` : location.pathname);
    render();
  }

  function go(view, values) {
    const params = new URLSearchParams({ view });
    for (const [key, value] of Object.entries(values || {})) {
      for (const item of [].concat(value)) if (item !== "" && item != null) params.append(key, item);
    }
    for (const item of current().getAll("have")) params.append("have", item);
    navigate(params);
  }

  function nodeLink(id, text) {
    const anchor = cg.el("a", { href: `?view=node&node=${encodeURIComponent(id)}`, textContent: text });
    anchor.addEventListener("click", (event) => {
      event.preventDefault();
      go("node", { node: id });
    });
    return anchor;
  }

  // ---- status and errors -----------------------------------------------------------
  function status(text, isError) {
    const box = $("status");
    box.className = isError ? "error" : "";
    box.replaceChildren(text ? cg.el("span", { textContent: text }) : "");
  }

  function showError(error) {
    page.error = error.body || { error: String(error.message || error) };
    status(page.error.error, true);
    const body = error.body || {};
    if (!body.candidates || !body.candidates.length) return;
    $("status").append(cg.el("span", { textContent: body.ambiguous ? " Which one?" : " Did you mean" }));
    for (const candidate of body.candidates) {
      const match = /\(([^()]*)\)$/.exec(candidate);
      const button = cg.el("button", { type: "button", textContent: candidate, className: "did-you-mean" });
      button.addEventListener("click", () => {
        const params = current();
        const fixed = new URLSearchParams();
        for (const [key, value] of params) {
          fixed.append(key, NODE_PARAMS.includes(key) && value === body.query && match ? match[1] : value);
        }
        navigate(fixed);
      });
      $("status").append(button);
    }
  }

  // ---- search as you type ----------------------------------------------------------
  function autocomplete(input) {
    let list = null;
    let hits = [];
    let active = -1;
    let timer = null;
    let asked = 0;
    const multiple = input.dataset.multiple === "true";
    const close = () => {
      if (list) list.remove();
      list = null;
      active = -1;
    };
    const last = () => (multiple ? input.value.split(";").pop() : input.value).trim();
    const pick = (hit) => {
      if (multiple) {
        const parts = input.value.split(";").map((p) => p.trim());
        parts[parts.length - 1] = hit.name;
        input.value = parts.join("; ");
      } else {
        input.value = hit.name;
      }
      input.dataset.id = hit.id;
      input.dataset.name = hit.name;
      close();
      input.dispatchEvent(new CustomEvent("picked", { detail: hit }));
    };
    const show = () => {
      close();
      if (!hits.length) return;
      list = cg.el("ul", { className: "suggestions", role: "listbox" });
      hits.forEach((hit, index) => {
        const item = cg.el("li", { role: "option", className: index === active ? "active" : "" }, [
          hit.name,
          cg.el("span", { className: "muted", textContent: `${hit.kind} · ${hit.id}` }),
        ]);
        item.dataset.id = hit.id;
        item.addEventListener("mousedown", (event) => {
          event.preventDefault();
          pick(hit);
        });
        list.append(item);
      });
      input.parentElement.append(list);
    };
    input.addEventListener("input", () => {
      clearTimeout(timer);
      delete input.dataset.id;
      const text = last();
      if (!text) {
        hits = [];
        close();
        return;
      }
      timer = setTimeout(async () => {
        const ticket = ++asked;
        try {
          const answer = await api("search", new URLSearchParams({ q: text.slice(0, 200), limit: "8" }));
          if (ticket !== asked) return;
          hits = answer.results;
          active = -1;
          show();
        } catch (error) {
          hits = [];
          close();
        }
      }, 120);
    });
    input.addEventListener("keydown", (event) => {
      if (!list) return;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        active = (active + (event.key === "ArrowDown" ? 1 : hits.length - 1)) % hits.length;
        show();
      } else if (event.key === "Enter" && active >= 0) {
        event.preventDefault();
        pick(hits[active]);
      } else if (event.key === "Escape") {
        close();
      }
    });
    input.addEventListener("blur", () => setTimeout(close, 150));
  }

  // A field's value for the URL: the picked node's id when the text is still its name.
  function fieldValues(input) {
    const values = input.dataset.multiple === "true" ? input.value.split(";") : [input.value];
    return values
      .map((v) => v.trim())
      .filter(Boolean)
      .map((v) => (input.dataset.id && input.dataset.name === v ? input.dataset.id : v));
  }

  // ---- the graph: pathway lanes wrapped into bands that fit the window ---------------
  // Columns wrap into bands so that the whole graph fits at a scale where a 16-px
  // label is still at least 11 px; the layout with the largest scale wins.
  function wrap(columns, lanes, width, height) {
    let best = null;
    for (let perRow = columns; perRow >= 1; perRow--) {
      const bands = Math.ceil(columns / perRow);
      const w = (perRow - 1) * COLUMN + NODE_WIDTH;
      const h = bands * (lanes - 1) * LANE + (bands - 1) * (LANE + BAND_GAP) + NODE_HEIGHT;
      const scale = Math.min(1, width / (1.1 * w), height / (1.1 * h));
      if (!best || scale > best.scale + 0.01) best = { perRow, scale };
    }
    return best;
  }

  function place(column, lane, lanes, perRow) {
    const band = Math.floor(column / perRow);
    const bandHeight = (lanes - 1) * LANE + LANE + BAND_GAP;
    return { x: (column % perRow) * COLUMN, y: band * bandHeight + lane * LANE };
  }

  function draw(nodes, edges, framed, onNode) {
    const container = $("network");
    if (page.network) page.network.destroy();
    page.ready = false;
    const data = { nodes: new vis.DataSet(nodes), edges: new vis.DataSet(edges) };
    const network = new vis.Network(container, data, {
      autoResize: true,
      physics: { enabled: false },
      layout: { improvedLayout: false, hierarchical: { enabled: false } },
      interaction: { hover: true, tooltipDelay: 150 },
      nodes: { shape: "box", margin: 10, widthConstraint: { maximum: 150 }, font: { size: FONT, face: "Liberation Sans, Arial, sans-serif", color: "#ffffff" } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.6 } }, font: { size: 12, strokeWidth: 4, align: "top" } },
    });
    network.fit({ nodes: framed, animation: false });
    Object.assign(page, { network, nodes: data.nodes, edges: data.edges, pathNodeIds: framed });
    network.on("click", (event) => {
      if (event.nodes.length) onNode(event.nodes[0]);
    });
    return new Promise((resolve) => network.once("afterDrawing", resolve));
  }

  function nodeStyle(node, border, width) {
    return {
      id: node.id,
      label: node.name,
      color: {
        background: S.kindColours[node.kind],
        border,
        highlight: { background: S.kindColours[node.kind], border: "#222222" },
        hover: { background: S.kindColours[node.kind], border: "#222222" },
      },
      borderWidth: width,
      cgKind: node.kind,
    };
  }

  const short = (months, cost) => `${Number(months).toLocaleString("en-US", { maximumFractionDigits: 1 })} mo · ${cg.usd(cost)}`;
  const months = (value) => `${Number(value).toLocaleString("en-US", { maximumFractionDigits: 1 })} months`;
  // A pathway answer not proven best: how far from the best it can be, where that is known.
  const unproven = (result) => {
    if (result.exact !== false) return "";
    if (result.lower_bound === undefined) return " (best found)";
    const least = result.by === "cost" ? cg.usd(result.lower_bound) : months(result.lower_bound);
    return ` (best found; none can take less than ${least})`;
  };
  const colourOf = (rank) => (rank === 0 ? S.bestColour : S.alternativeColours[(rank - 1) % S.alternativeColours.length]);

  // Columns: a node's latest position over all pathways (each pathway runs forward).
  function columnsOf(paths) {
    const column = {};
    for (const pathway of paths) pathway.nodes.forEach((n, i) => { column[n.id] = Math.max(column[n.id] || 0, i); });
    for (let round = 0; round < Object.keys(column).length; round++) {
      let changed = false;
      for (const pathway of paths) {
        for (let i = 1; i < pathway.nodes.length; i++) {
          const a = pathway.nodes[i - 1].id, b = pathway.nodes[i].id;
          if (column[b] <= column[a] && i !== 0) { column[b] = column[a] + 1; changed = true; }
        }
      }
      if (!changed) break;
    }
    return column;
  }

  // Where each node of these pathways goes: its column, its pathway's lane, the band wrap.
  function layoutOf(paths, result, box) {
    const column = columnsOf(paths);
    const rankOf = {}, laneOf = {}, nodeById = {};
    paths.forEach((pathway, rank) => {
      const offset = rank === 0 ? 0 : Math.ceil(rank / 2) * (rank % 2 ? 1 : -1);
      for (const node of pathway.nodes) {
        if (!(node.id in rankOf)) Object.assign(rankOf, { [node.id]: rank }), Object.assign(laneOf, { [node.id]: offset });
        nodeById[node.id] = node;
      }
    });
    laneOf[result.from.id] = laneOf[result.to.id] = 0;
    // Only the lanes some node sits on: an alternative that adds one node adds one lane.
    const used = [...new Set(Object.values(laneOf))].sort((a, b) => a - b);
    const columns = Math.max(...Object.values(column)) + 1;
    const { perRow, scale } = wrap(columns, used.length, box.width, box.height);
    return { column, rankOf, laneOf, nodeById, used, lanes: used.length, perRow, scale };
  }

  // As many pathways, best first, as fit the window with labels of MIN_LABEL px or more
  // (always the best one); the others stay in the list beside the graph.
  function drawable(result, box) {
    for (let count = result.paths.length; count > 1; count--) {
      const layout = layoutOf(result.paths.slice(0, count), result, box);
      if (layout.scale * FONT >= MIN_LABEL) return { count, layout };
    }
    return { count: 1, layout: layoutOf(result.paths.slice(0, 1), result, box) };
  }

  async function drawPath(result) {
    const { count, layout } = drawable(result, $("network").getBoundingClientRect());
    const { column, rankOf, laneOf, nodeById, used, lanes, perRow } = layout;
    page.drawnPaths = count;
    const nodes = Object.values(nodeById).map((node) => {
      const rank = rankOf[node.id];
      const ends = node.id === result.from.id || node.id === result.to.id;
      return Object.assign(nodeStyle(node, colourOf(rank), ends || rank === 0 ? 4 : 3),
        place(column[node.id], used.indexOf(laneOf[node.id]), lanes, perRow), { cgRole: rank === 0 ? "best" : "alternative" });
    });
    const edges = [], seen = new Set();
    result.paths.slice(0, count).forEach((pathway, rank) => {
      for (const step of pathway.edges) {
        const key = `${step.source}>${step.target}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const wrapped = Math.floor(column[step.source] / perRow) !== Math.floor(column[step.target] / perRow);
        edges.push({
          id: `e${edges.length}`, from: step.source, to: step.target, label: short(step.months, step.cost_usd),
          color: { color: colourOf(rank), highlight: colourOf(rank), hover: colourOf(rank) },
          width: rank === 0 ? 6 : 3, dashes: step.type === "RECOMMENDS" ? [8, 6] : false,
          smooth: wrapped ? { enabled: true, type: "cubicBezier", roundness: 0.4 } : false,
          cgRole: rank === 0 ? "best" : "alternative",
        });
      }
    });
    await draw(nodes, edges, Object.keys(nodeById), showNode);
  }

  // ---- views -----------------------------------------------------------------------
  function main(which) {
    $("network").hidden = which !== "graph";
    $("pane").hidden = which !== "pane";
    if (which !== "graph" && page.network) {
      page.network.destroy();
      page.network = null;
    }
  }

  async function showNode(id, extra) {
    try {
      const details = await api("show", new URLSearchParams({ node: id }));
      const actions = cg.el("p", { className: "actions" }, [
        nodeLink(id, "Requirement tree"),
        " · ",
        cg.el("a", { href: `?view=plan&goal=${encodeURIComponent(id)}`, textContent: "Plan for it" }),
      ]);
      actions.lastChild.addEventListener("click", (event) => { event.preventDefault(); go("plan", { goal: id }); });
      cg.nodeDetails(details.node, [actions, ...(extra || []), ...neighbourLists(details)]);
      return details;
    } catch (error) {
      showError(error);
      return null;
    }
  }

  function neighbourLists(details) {
    const out = [];
    if (details.requires.length) {
      out.push(cg.el("div", { className: "muted", textContent: "Requires (every group; any one of each)" }));
      out.push(cg.el("ul", {}, details.requires.map((group) => cg.el("li", {}, [
        `${group.group}: `,
        ...group.any_of.flatMap((n, i) => (i ? [" or ", nodeLink(n.id, n.name)] : [nodeLink(n.id, n.name)])),
      ]))));
    }
    for (const [title, list] of [["Unlocks", details.unlocks], ["Recommends", details.recommends]]) {
      if (!list.length) continue;
      out.push(cg.el("div", { className: "muted", textContent: title }));
      out.push(cg.el("ul", {}, list.map((n) => cg.el("li", {}, [nodeLink(n.id, n.name)]))));
    }
    return out;
  }

  async function searchView(params) {
    main("pane");
    const text = params.get("q") || "";
    $("pane").replaceChildren(cg.el("h2", { textContent: "Search" }));
    $("summary").replaceChildren();
    if (!text.trim()) {
      $("pane").append(cg.el("p", { className: "hint", textContent: "Type a name above: matches appear as you type." }));
      return;
    }
    const answer = await api("search", new URLSearchParams({ q: text, limit: "25" }));
    if (!answer.results.length) {
      $("pane").append(cg.el("p", { textContent: "No match." }));
      return;
    }
    $("pane").append(cg.el("ol", { className: "results" }, answer.results.map((hit) => {
      const plan = cg.el("button", { type: "button", textContent: "plan" });
      plan.addEventListener("click", () => go("plan", { goal: hit.id }));
      const from = cg.el("button", { type: "button", textContent: "pathway from" });
      from.addEventListener("click", () => go("path", { from: hit.id, to: params.get("to") || "" }));
      return cg.el("li", {}, [nodeLink(hit.id, hit.name), cg.el("span", { className: "muted", textContent: ` ${hit.kind} · ${hit.id} · score ${hit.score} (${hit.matched})` }), plan, from]);
    })));
  }

  async function pathView(params) {
    main("graph");
    const query = new URLSearchParams();
    for (const key of ["from", "to", "by", "k", "edges"]) if (params.get(key)) query.set(key, params.get(key));
    for (const key of ["via", "avoid", "have"]) for (const value of params.getAll(key)) query.append(key, value);
    const result = await api("path", withHoldings(query));
    page.path = result;
    learnNames(result.have);
    const items = result.paths.map((pathway, rank) => cg.el("li", {}, [
      cg.el("strong", { textContent: `${pathway.hops} steps · ${short(pathway.months, pathway.cost_usd)}` }),
      cg.el("div", { className: "route", textContent: pathway.nodes.map((n) => n.name).join(" → ") }),
    ]));
    items.forEach((item, rank) => { item.style.borderLeft = `5px solid ${colourOf(rank)}`; item.style.paddingLeft = "6px"; });
    const note = cg.el("p", { className: "hint", id: "pathways-drawn" });
    $("summary").replaceChildren(
      cg.el("h2", { textContent: `${result.from.name} → ${result.to.name}` }),
      cg.el("p", { className: "muted", id: "path-proof", textContent: `best by ${result.by}; ${result.paths.length} pathway(s)${unproven(result)}` }),
      cg.el("ol", { id: "pathways" }, items),
      note,
    );
    await drawPath(result);
    if (page.drawnPaths < result.paths.length) {
      note.textContent = `The graph draws the first ${page.drawnPaths} of ${result.paths.length} pathways, so that its labels stay readable; the others are listed above.`;
      items.slice(page.drawnPaths).forEach((item) => item.classList.add("undrawn"));
    }
  }

  async function planView(params) {
    main("graph");
    const query = new URLSearchParams({ goal: params.get("goal") || "", by: params.get("by") || "months", explain: "1" });
    for (const value of params.getAll("have")) query.append("have", value);
    const plan = await api("plan", withHoldings(query));
    page.plan = plan;
    learnNames(plan.have);
    $("summary").replaceChildren(
      cg.el("h2", { textContent: `Plan: ${plan.goal.name}` }),
      cg.el("p", { className: "totals", id: "plan-totals", textContent:
        `${plan.steps.length} steps · ${months(plan.elapsed_months)} elapsed · ${cg.usd(plan.cost_usd)} · ${months(plan.effort_months)} of effort` }),
      cg.el("ol", { id: "plan-steps" }, plan.steps.map((step) => cg.el("li", {}, [
        cg.el("strong", { textContent: step.name }),
        cg.el("span", { className: "muted", textContent: ` month ${step.start_month}–${step.end_month} · ${cg.usd(step.cost_usd)}` }),
        cg.el("div", { className: "route", textContent: (step.because || []).join("; ") }),
      ]))),
    );
    timeline(plan);
    const steps = plan.steps;
    const box = $("network").getBoundingClientRect();
    const { perRow } = wrap(Math.max(steps.length, 1), 1, box.width, box.height);
    const nodes = steps.map((step, i) => Object.assign(nodeStyle(step, S.bestColour, step.id === plan.goal.id ? 4 : 2),
      { label: `${i + 1}. ${step.name}`, cgRole: "step" }, place(i, 0, 1, perRow)));
    if (!steps.length) nodes.push(Object.assign(nodeStyle(plan.goal, S.doneColour, 4), { label: `✓ ${plan.goal.name} (held)`, cgRole: "held", x: 0, y: 0 }));
    const index = Object.fromEntries(steps.map((s, i) => [s.id, i]));
    const edges = [];
    for (const step of steps) {
      for (const requirement of step.requirements || []) {
        const chosen = requirement.alternatives.find((a) => a.chosen);
        if (!chosen || !(chosen.id in index)) continue;
        const wrapped = Math.floor(index[chosen.id] / perRow) !== Math.floor(index[step.id] / perRow) || index[step.id] - index[chosen.id] > 1;
        edges.push({ id: `e${edges.length}`, from: chosen.id, to: step.id, color: { color: S.bestColour }, width: 3,
          smooth: wrapped ? { enabled: true, type: "curvedCW", roundness: 0.25 } : false, cgRole: "chosen" });
      }
    }
    await draw(nodes, edges, nodes.map((n) => n.id), (id) => holdFromPlan(id));
  }

  // A click on a step: hold it (a role or an experience asks for months first).
  async function holdFromPlan(id) {
    const step = (page.plan.steps || []).find((s) => s.id === id);
    const details = await api("show", new URLSearchParams({ node: id }));
    const node = details.node;
    if (node.kind !== "Role" && !node.experience) {
      addHolding(id);
      return;
    }
    const months = cg.el("input", { type: "number", min: "0", max: "1200", step: "any", value: String(step ? step.months : 12), id: "hold-months" });
    const button = cg.el("button", { type: "submit", textContent: "I have these months", id: "hold-months-add" });
    const form = cg.el("form", { className: "months-form" }, [`Months of ${node.name} you have: `, months, button]);
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      if (months.value !== "") addHolding(`${id}=${Number(months.value)}`);
    });
    cg.nodeDetails(node, [form, ...neighbourLists(details)]);
    months.focus();
  }

  function addHolding(item) {
    const params = current();
    const name = item.split("=")[0];
    const kept = params.getAll("have").filter((h) => h.split("=")[0] !== name);
    params.delete("have");
    for (const h of [...kept, item]) params.append("have", h);
    navigate(params);
  }

  function timeline(plan) {
    const section = $("timeline");
    const total = Math.max(Number(plan.elapsed_months) || 0, 1);
    const rows = plan.steps.map((step) => {
      const bar = cg.el("div", { className: "bar", title: `${step.name}: month ${step.start_month}–${step.end_month}` });
      bar.style.left = `${(100 * step.start_month) / total}%`;
      bar.style.width = `${(100 * (step.end_month - step.start_month)) / total}%`;
      bar.style.background = S.kindColours[step.kind];
      return cg.el("div", { className: "timeline-row" }, [cg.el("span", { className: "label", textContent: step.name, title: step.name }), cg.el("div", { className: "track" }, [bar])]);
    });
    const axis = cg.el("div", { className: "axis" });
    const every = total > 48 ? 24 : total > 18 ? 12 : total > 6 ? 3 : 1;
    for (let month = 0; month <= total; month += every) {
      const tick = cg.el("span", { textContent: `${month}` });
      tick.style.left = `${(100 * month) / total}%`;
      axis.append(tick);
    }
    section.replaceChildren(cg.el("h2", { textContent: "Timeline (months)" }), ...rows, axis);
  }

  async function nodeView(params) {
    main("pane");
    const id = params.get("node") || "";
    const details = await showNode(id);
    if (!details) return;
    const node = details.node;
    $("summary").replaceChildren();
    const pane = $("pane");
    pane.replaceChildren(cg.el("h2", { textContent: `What ${node.name} requires` }),
      cg.el("p", { className: "hint", textContent: "Every group is needed (AND); any one alternative of a group will do (OR). ◆ the plan's choice; dimmed: already met by what you hold." }));
    const query = new URLSearchParams({ goal: node.id, explain: "1", by: params.get("by") || "months" });
    for (const value of params.getAll("have")) query.append("have", value);
    let plan;
    try {
      plan = await api("plan", withHoldings(query));
    } catch (error) {
      pane.append(cg.el("p", { className: "error", textContent: error.message }));
      return;
    }
    page.plan = plan;
    const steps = Object.fromEntries(plan.steps.map((s) => [s.id, s]));
    if (!plan.steps.length) pane.append(cg.el("p", { textContent: `✓ ${node.name}: held (or implied by what you hold).` }));
    pane.append(tree(node.id, steps, new Set(), 0));
  }

  // The requirement tree from a plan with --explain: groups (AND) of alternatives (OR),
  // the chosen one expanded, what is held dimmed.
  function tree(id, steps, seen, depth) {
    const list = cg.el("ul", { className: "tree" });
    const step = steps[id];
    if (!step || seen.has(id) || depth > 12) return list;
    seen.add(id);
    for (const requirement of step.requirements || []) {
      const alternatives = requirement.alternatives;
      const met = alternatives.some((a) => a.held);
      const group = cg.el("li", { className: `group${met ? " satisfied" : ""}` }, [
        cg.el("span", { className: "group-name", textContent: `${requirement.group}${alternatives.length > 1 ? ` — one of ${alternatives.length}` : ""}` }),
      ]);
      const options = cg.el("ul");
      for (const alternative of alternatives) {
        const state = alternative.held ? "satisfied" : alternative.chosen ? "chosen" : "unchosen";
        const item = cg.el("li", { className: state }, [
          cg.el("span", { className: "mark", textContent: alternative.held ? "✓ held" : alternative.chosen ? "◆ chosen" : "○ other" }),
          cg.el("span", { className: "alt" }, [nodeLink(alternative.id, alternative.name)]),
          cg.el("span", { className: "muted", textContent: ` ${alternative.kind}${alternative.months ? ` · ${alternative.months} mo` : ""}${alternative.cost_usd ? ` · ${cg.usd(alternative.cost_usd)}` : ""}` }),
        ]);
        item.dataset.id = alternative.id;
        if (alternative.chosen && !alternative.held) item.append(tree(alternative.id, steps, seen, depth + 1));
        options.append(item);
      }
      group.append(options);
      list.append(group);
    }
    return list;
  }

  // ---- holdings bar and profile ----------------------------------------------------
  function holdingsBar() {
    const chips = current().getAll("have").map((item) => {
      const remove = cg.el("button", { type: "button", textContent: "×", title: "remove" });
      remove.setAttribute("aria-label", `remove ${item}`);
      remove.addEventListener("click", () => {
        const params = current();
        const kept = params.getAll("have").filter((h) => h !== item);
        params.delete("have");
        for (const h of kept) params.append("have", h);
        navigate(params);
      });
      const [id, amount] = item.split("=");
      const label = (haveNames[id] || id) + (amount !== undefined ? ` = ${amount} months` : "");
      return cg.el("span", { className: "chip", title: item }, [label, remove]);
    });
    if (page.profile) {
      const forget = cg.el("button", { type: "button", textContent: "×", title: "forget the profile" });
      forget.addEventListener("click", () => {
        profileHave = [];
        page.profile = null;
        $("profile-file").value = "";
        render();
      });
      chips.push(cg.el("span", { className: "chip profile", title: profileHave.join(", ") }, [
        `profile ${page.profile.name}: ${profileHave.length} holdings (in this page only)`, forget]));
    }
    $("have-list").replaceChildren(...chips);
  }

  async function loadProfile(file) {
    if (file.size > MAX_PROFILE_BYTES) {
      status(`the profile is larger than ${MAX_PROFILE_BYTES.toLocaleString("en-US")} bytes`, true);
      return;
    }
    const text = await new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.onerror = () => reject(reader.error);
      reader.readAsText(file);
    });
    try {
      const answer = await api("profile", new URLSearchParams(), { method: "POST", body: text, headers: { "content-type": "text/plain" } });
      profileHave = answer.have;
      page.profile = { name: file.name, held: answer.held, warnings: answer.warnings };
      render();
    } catch (error) {
      showError(error);
      const problems = (error.body && error.body.problems) || [];
      if (problems.length) $("status").append(cg.el("span", { textContent: ` (${problems.map((p) => `line ${p.line}: ${p.message}`).join("; ")})` }));
    }
  }

  // ---- the forms -------------------------------------------------------------------
  function fillForms(view, params) {
    for (const form of document.querySelectorAll("form.question")) form.hidden = form.dataset.view !== view;
    for (const link of document.querySelectorAll("#views a[data-view]")) link.classList.toggle("active", link.dataset.view === view);
    const set = (id, values) => {
      const input = $(id);
      input.value = values.join(input.dataset.multiple === "true" ? "; " : "");
      delete input.dataset.id;
    };
    set("search-q", params.getAll("q").slice(0, 1));
    set("path-from", params.getAll("from").slice(0, 1));
    set("path-to", params.getAll("to").slice(0, 1));
    set("path-via", params.getAll("via"));
    set("path-avoid", params.getAll("avoid"));
    set("plan-goal", params.getAll("goal").slice(0, 1));
    set("node-node", params.getAll("node").slice(0, 1));
    $("path-by").value = params.get("by") && view === "path" ? params.get("by") : "hops";
    $("plan-by").value = params.get("by") && view === "plan" ? params.get("by") : "months";
    $("path-k").value = params.get("k") || "1";
    $("path-k").max = String(S.limits.k);
    $("path-edges").value = params.get("edges") || "all";
  }

  function submitted(form) {
    const values = {};
    for (const element of form.elements) {
      if (!element.name) continue;
      values[element.name] = element.tagName === "INPUT" && element.type !== "number" ? fieldValues(element) : element.value;
    }
    go(form.dataset.view, values);
  }

  async function neo4jLink(view, params) {
    const link = $("neo4j-link");
    link.hidden = true;
    if (!S.neo4jBrowser || !["path", "plan", "node"].includes(view)) return;
    const query = new URLSearchParams({ view });
    if (view === "path") {
      query.set("from", params.get("from") || "");
      query.set("to", params.get("to") || "");
    } else {
      query.set("node", params.get(view === "plan" ? "goal" : "node") || "");
    }
    try {
      const answer = await api("neo4j-browser", query);
      if (/^https?:\/\//i.test(answer.url)) {
        link.href = answer.url;
        link.hidden = false;
      }
    } catch (error) {
      link.hidden = true;
    }
  }

  async function render() {
    const ticket = ++generation;
    const params = current();
    const view = VIEWS.includes(params.get("view")) ? params.get("view") : "search";
    page.view = view;
    page.ready = false;
    page.error = null;
    fillForms(view, params);
    holdingsBar();
    status("");
    $("timeline").replaceChildren();
    document.title = `careergraph · ${view}`;
    const ready = () => {
      if (ticket !== generation) return;
      page.ready = true;
      page.renders += 1;
      document.body.dataset.ready = "true";
    };
    try {
      const needs = { path: ["from", "to"], plan: ["goal"], node: ["node"] }[view] || [];
      if (needs.some((key) => !params.get(key))) {
        main("pane");
        $("summary").replaceChildren();
        $("pane").replaceChildren(cg.el("p", { className: "hint", textContent: `Fill in ${needs.join(" and ")} above.` }));
      } else {
        await { search: searchView, path: pathView, plan: planView, node: nodeView }[view](params);
        neo4jLink(view, params);
      }
    } catch (error) {
      if (ticket === generation) {
        if (page.network) { page.network.destroy(); page.network = null; }
        $("summary").replaceChildren();
        showError(error);
      }
    }
    ready();
  }

  for (const input of document.querySelectorAll(".ac input")) autocomplete(input);
  $("search-q").addEventListener("picked", (event) => go("node", { node: event.detail.id }));
  for (const form of document.querySelectorAll("form.question")) {
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      submitted(form);
    });
  }
  for (const link of document.querySelectorAll("#views a[data-view]")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      const params = current();
      const keep = { path: ["from", "to"], plan: ["goal"], node: ["node"] }[link.dataset.view] || [];
      const carried = {};
      const focus = params.get("node") || params.get("goal") || params.get("to");
      for (const key of keep) carried[key] = params.get(key) || (key !== "from" ? focus : "") || "";
      go(link.dataset.view, carried);
    });
  }
  $("form-have").addEventListener("submit", (event) => {
    event.preventDefault();
    const [name] = fieldValues($("have-name"));
    if (!name) return;
    const months = $("have-months").value;
    addHolding(months !== "" ? `${name}=${Number(months)}` : name);
  });
  $("profile-file").addEventListener("change", (event) => {
    const file = event.target.files[0];
    if (file) loadProfile(file);
  });
  window.addEventListener("popstate", render);
  render();
})();
