// The plan page: steps left to right in order, requirement groups listed per step.
(function () {
  const page = cg.draw();
  page.heldNodeIds = CG_DATA.heldNodeIds;
  page.requirements = CG_DATA.requirements;
  page.onNode = (id) => {
    const extra = [];
    const groups = page.requirements[id] || [];
    if (groups.length) {
      extra.push(cg.el("div", { className: "muted", textContent: "Requires (every group; any one of each)" }));
      const list = cg.el("ul");
      for (const group of groups) {
        const alternatives = group.alternatives.map((a) => {
          const state = a.held ? "held" : a.chosen ? "chosen" : "not chosen";
          return cg.el("li", { textContent: `${a.chosen ? "✓" : "·"} ${a.name} (${state}, estimate ${a.estimate})` });
        });
        list.append(cg.el("li", {}, [group.group, cg.el("ul", {}, alternatives)]));
      }
      extra.push(list);
    }
    if (page.heldNodeIds.includes(id)) {
      extra.push(cg.el("p", { className: "muted", textContent: "Already held: done." }));
    }
    cg.nodeDetails(page.facts[id], extra);
  };
})();
