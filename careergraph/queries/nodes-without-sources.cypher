// name: nodes-without-sources
// description: careergraph nodes that cite no source URL: facts nobody can check (none in the curated dataset).
// params:
// mode: read
MATCH (n:CareerGraph)
WHERE n.sources IS NULL OR size(n.sources) = 0
RETURN n.id AS id, n.name AS name,
       [label IN labels(n) WHERE label IN ['Role', 'Certification', 'Skill', 'Education']][0] AS kind
ORDER BY id
