// The plan page: steps left to right in order, requirement groups listed per step, and
// the schedule as a timeline (bars along a month axis) drawn from the JSON records.
(function () {
  const BASIS = { rule: "issuer's rule", employers: "employers expect", goal: "the goal" };
  const number = (value) => Number(value).toLocaleString("en-US", { maximumFractionDigits: 1 });
  const month = (value) => `month ${number(value)}`;
  // The timeline first: it takes its height from the network's area, and vis-network
  // would shrink an already fitted drawing with it.
  if (CG_DATA.timeline.steps.length) {
    drawTimeline(CG_DATA.timeline);
  } else {
    document.getElementById("timeline").hidden = true; // the goal is held: nothing to schedule
  }
  const page = cg.draw();
  page.heldNodeIds = CG_DATA.heldNodeIds;
  page.requirements = CG_DATA.requirements;
  page.timeline = CG_DATA.timeline;
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
    const steps = page.timeline.steps.filter((s) => s.id === id);
    for (const step of steps) {
      extra.push(cg.el("p", { className: "muted", textContent: `Step ${step.number}: ${when(step)}` }));
    }
    if (page.heldNodeIds.includes(id)) {
      extra.push(cg.el("p", { className: "muted", textContent: "Already held: done." }));
    }
    cg.nodeDetails(page.facts[id], extra);
  };

  function when(step) {
    const span = step.end > step.start ? `${month(step.start)} → ${number(step.end)}` : `at ${month(step.start)}`;
    return step.startDate ? `${span} (${step.startDate} → ${step.endDate})` : span;
  }

  // Month ticks: the first spacing that gives at most eight of them.
  function axisTicks(elapsed) {
    const spacing = [1, 2, 3, 6, 12, 24, 36, 60, 120, 240].find((s) => elapsed / s <= 8) || 480;
    const ticks = [];
    for (let m = 0; m <= elapsed + 1e-9; m += spacing) ticks.push(m);
    return ticks;
  }

  function drawTimeline(timeline) {
    const elapsed = timeline.elapsed;
    const at = (m) => `${elapsed > 0 ? (100 * m) / elapsed : 0}%`;
    const rows = timeline.steps.map((step) => {
      const zero = !(step.end > step.start);
      const bar = cg.el("span", { className: `tl-bar ${step.basis}${zero ? " tick" : ""}` });
      bar.style.left = at(step.start);
      if (!zero) bar.style.width = `${(100 * (step.end - step.start)) / elapsed}%`;
      bar.setAttribute("role", "img");
      bar.setAttribute("aria-label", `${step.name}: ${when(step)}, ${BASIS[step.basis]}`);
      bar.title = `${step.name}\n${when(step)}\n${(step.because || []).join("\n")}`;
      const marker = cg.el("span", { className: "tl-eligible" });
      marker.style.left = at(timeline.eligible);
      marker.setAttribute("aria-hidden", "true");
      const name = cg.el("button", { type: "button", className: "tl-name", textContent: `${step.number}. ${step.name}` });
      name.title = step.name;
      name.addEventListener("click", () => {
        window.careergraph.network.selectNodes([step.id]);
        window.careergraph.onNode(step.id);
      });
      const range = step.startDate ? `${step.startDate.slice(0, 7)} → ${step.endDate.slice(0, 7)}`
        : zero ? `at ${month(step.start)}` : `${month(step.start)} → ${number(step.end)}`;
      const row = cg.el("li", { className: `tl-row ${step.basis}` }, [
        name,
        cg.el("span", { className: "tl-track" }, [marker, bar]),
        cg.el("span", { className: "tl-range", textContent: `${range} · ${BASIS[step.basis]}` }),
      ]);
      row.dataset.step = String(step.number);
      row.dataset.id = step.id;
      return row;
    });
    document.getElementById("timeline-rows").replaceChildren(...rows);
    const scale = cg.el("span", { className: "tl-track" }, axisTicks(elapsed).map((m) => {
      const tick = cg.el("span", { className: "tl-axis-tick", textContent: number(m) });
      tick.style.left = at(m);
      return tick;
    }));
    document.getElementById("timeline-axis").replaceChildren(
      cg.el("span", { className: "muted", textContent: timeline.asOf ? `months from ${timeline.asOf}` : "months from now" }),
      scale, cg.el("span"));
    const eligible = timeline.eligibleFrom ? `${month(timeline.eligible)}, ${timeline.eligibleFrom}` : month(timeline.eligible);
    document.getElementById("timeline-caption").textContent =
      `done at ${month(elapsed)}; the goal's requirements are met at ${eligible}`;
  }
})();
