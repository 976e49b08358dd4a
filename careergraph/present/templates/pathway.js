// The pathway page: positions come from Python (steps left to right), physics stays off.
(function () {
  const page = cg.draw();
  page.bestNodeIds = CG_DATA.bestNodeIds;
  page.bestEdgeIds = CG_DATA.bestEdgeIds;
  const onPathways = {};
  for (const id of page.pathEdgeIds) {
    const facts = page.edgeFacts[id];
    for (const end of [facts.source, facts.target]) {
      (onPathways[end] = onPathways[end] || new Set()).add(facts.pathway);
    }
  }
  page.onNode = (id) => {
    const ranks = [...(onPathways[id] || [])].sort((a, b) => a - b);
    const extra = [];
    if (ranks.length) {
      extra.push(cg.el("p", { className: "muted", textContent: `On pathway ${ranks.join(", ")}` }));
    } else if (!page.pathNodeIds.includes(id)) {
      extra.push(cg.el("p", { className: "muted", textContent: "One step away from a pathway" }));
    }
    cg.nodeDetails(page.facts[id], extra);
  };
})();
