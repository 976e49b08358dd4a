// name: cheapest-route-to-role
// description: The cheapest pathway in US dollars from a node to a role (APOC Dijkstra on the step weight w_cost).
// params: from=software-engineer, to=program-manager
// mode: read
// w_cost is the static step weight the loader stores on every relationship: the edge's own
// cost plus what obtaining its target takes from scratch (careergraph/graph/steps.py). It is
// an estimate for Browser: `careergraph path FROM TO --by cost` prices each move given what
// the pathway already holds, and may answer differently. Needs APOC Core (apoc.algo.dijkstra).
MATCH (start:CareerGraph {id: $from}), (goal:CareerGraph:Role {id: $to})
CALL apoc.algo.dijkstra(start, goal, 'PREREQUISITE>|RECOMMENDS>', 'w_cost', 0.0, 1) YIELD path, weight
RETURN path, weight AS cost_usd, length(path) AS steps
