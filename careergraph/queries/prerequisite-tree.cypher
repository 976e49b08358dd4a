// name: prerequisite-tree
// description: Everything a certification requires, transitively: one row per requirement group, its alternatives OR-ed.
// params: cert=pmp
// mode: read
// Groups are AND-ed: every group of a node must be met. Within a group any one
// alternative suffices. A PREREQUISITE edge without a group is a group of its own,
// named "requires <source id>" as in `careergraph show`. depth 1 = the certification's
// own requirements, 2 = the requirements of those, and so on.
MATCH (cert:CareerGraph {id: $cert})
MATCH tree = (needed:CareerGraph)-[:PREREQUISITE*0..]->(cert)
WHERE all(n IN nodes(tree) WHERE n:CareerGraph)
WITH needed, min(length(tree)) + 1 AS depth
MATCH (alternative:CareerGraph)-[r:PREREQUISITE]->(needed)
WITH depth, needed, coalesce(r.group, 'requires ' + alternative.id) AS requirement, alternative, r
ORDER BY alternative.id
RETURN depth, needed.id AS node, needed.name AS name, requirement,
       collect(alternative.id) AS any_of, collect(r.months) AS months
ORDER BY depth, node, requirement
