// name: certification-unlocks
// description: What a certification leads to: what it is a prerequisite of (unlocks) and what it recommends next.
// params: cert=pmp
// mode: read
// "unlocks" means the certification meets (one alternative of) a hard requirement of the
// target: the target may have other requirements too (see prerequisite-tree).
MATCH (cert:CareerGraph:Certification {id: $cert})-[r:PREREQUISITE|RECOMMENDS]->(next:CareerGraph)
RETURN CASE type(r) WHEN 'PREREQUISITE' THEN 'unlocks' ELSE 'recommends' END AS relation,
       next.id AS id, next.name AS name,
       [label IN labels(next) WHERE label IN ['Role', 'Certification', 'Skill', 'Education']][0] AS kind,
       r.months AS months, r.cost_usd AS cost_usd
ORDER BY relation DESC, kind, id
