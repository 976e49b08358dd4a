// The explorer: search, filters by kind and edge type, and on click the node's details
// with its prerequisites (transitively) and what it unlocks highlighted.
(function () {
  const page = cg.draw();
  const styles = CG_DATA.kindStyles;
  const colours = CG_DATA.highlightColours;
  const incoming = {};
  const outgoing = {};
  for (const edge of CG_DATA.edges) {
    (incoming[edge.to] = incoming[edge.to] || []).push(edge);
    (outgoing[edge.from] = outgoing[edge.from] || []).push(edge);
  }
  page.highlight = { selected: null, prerequisites: [], unlocks: [], edges: [] };

  // Every node reachable backwards over PREREQUISITE edges, and those edges.
  function prerequisites(id) {
    const found = new Set();
    const edgeIds = [];
    const stack = [id];
    while (stack.length) {
      const current = stack.pop();
      for (const edge of incoming[current] || []) {
        if (edge.cgType !== "PREREQUISITE") continue;
        edgeIds.push(edge.id);
        if (!found.has(edge.from) && edge.from !== id) {
          found.add(edge.from);
          stack.push(edge.from);
        }
      }
    }
    return { nodes: [...found], edges: edgeIds };
  }

  function clearHighlight() {
    page.nodes.update(CG_DATA.nodes.map((n) => ({ id: n.id, color: styles[n.cgKind].normal, borderWidth: 1 })));
    page.edges.update(CG_DATA.edges.map((e) => ({
      id: e.id, color: { color: CG_DATA.edgeColour, opacity: 0.6 }, width: 1,
    })));
    page.highlight = { selected: null, prerequisites: [], unlocks: [], edges: [] };
  }

  function highlight(id) {
    const before = prerequisites(id);
    const after = (outgoing[id] || []).map((e) => e.to);
    const unlockEdges = (outgoing[id] || []).map((e) => e.id);
    const lit = new Set([id, ...before.nodes, ...after]);
    const litEdges = new Set([...before.edges, ...unlockEdges]);
    const prereqSet = new Set(before.nodes);
    page.nodes.update(CG_DATA.nodes.map((n) => {
      if (!lit.has(n.id)) return { id: n.id, color: styles[n.cgKind].dim, borderWidth: 1 };
      const border = n.id === id ? "#222222" : prereqSet.has(n.id) ? colours.prerequisite : colours.unlock;
      const colour = Object.assign({}, styles[n.cgKind].normal, { border });
      return { id: n.id, color: colour, borderWidth: n.id === id ? 4 : 3 };
    }));
    page.edges.update(CG_DATA.edges.map((e) => {
      if (!litEdges.has(e.id)) return { id: e.id, color: { color: CG_DATA.dimEdgeColour, opacity: 0.4 }, width: 1 };
      const colour = before.edges.includes(e.id) ? colours.prerequisite : colours.unlock;
      return { id: e.id, color: { color: colour, opacity: 1 }, width: 3 };
    }));
    page.highlight = { selected: id, prerequisites: before.nodes, unlocks: after, edges: [...litEdges] };
  }

  function nameList(label, ids) {
    if (!ids.length) return [];
    const items = ids
      .map((i) => page.facts[i])
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((f) => cg.el("li", { textContent: `${f.name} (${f.kind})` }));
    return [cg.el("div", { className: "muted", textContent: `${label} (${ids.length})` }), cg.el("ul", {}, items)];
  }

  page.select = (id) => {
    highlight(id);
    page.network.selectNodes([id]);
    cg.nodeDetails(page.facts[id], [
      ...nameList("Prerequisites, transitively", page.highlight.prerequisites),
      ...nameList("Unlocks and recommends", page.highlight.unlocks),
    ]);
  };
  page.onNode = page.select;
  page.onBackground = clearHighlight;

  // Search: exact id, name or alias first (any case), then a name containing the text.
  const search = document.getElementById("search");
  const status = document.getElementById("search-status");
  const names = document.getElementById("search-names");
  const all = Object.values(page.facts).sort((a, b) => a.name.localeCompare(b.name));
  if (all.length <= 5000) {
    names.replaceChildren(...all.map((f) => cg.el("option", { value: f.name })));
  }
  page.find = (text) => {
    const wanted = text.trim().toLowerCase();
    if (!wanted) return null;
    const exact = all.find((f) => f.id.toLowerCase() === wanted || f.name.toLowerCase() === wanted ||
      (f.aliases || []).some((a) => a.toLowerCase() === wanted));
    return exact || all.find((f) => f.name.toLowerCase().includes(wanted)) || null;
  };
  document.getElementById("controls").addEventListener("submit", (event) => {
    event.preventDefault();
    const found = page.find(search.value);
    if (!found) {
      status.textContent = "No match";
      return;
    }
    const node = page.nodes.get(found.id);
    status.textContent = node.hidden ? `${found.name} is hidden by a filter` : "";
    page.select(found.id);
    page.network.focus(found.id, { scale: 1.2, animation: false });
    page.focused = found.id;
  });

  // Filters: hide nodes of unchecked kinds and edges of unchecked types.
  function applyFilters() {
    const kinds = new Set([...document.querySelectorAll("input[data-kind]")]
      .filter((box) => box.checked).map((box) => box.dataset.kind));
    const types = new Set([...document.querySelectorAll("input[data-edge-type]")]
      .filter((box) => box.checked).map((box) => box.dataset.edgeType));
    page.nodes.update(CG_DATA.nodes.map((n) => ({ id: n.id, hidden: !kinds.has(n.cgKind) })));
    page.edges.update(CG_DATA.edges.map((e) => ({ id: e.id, hidden: !types.has(e.cgType) })));
  }
  for (const box of document.querySelectorAll("#controls input[type=checkbox]")) {
    box.addEventListener("change", applyFilters);
  }
})();
