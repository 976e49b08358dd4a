// name: roles-within-two-steps
// description: Roles reachable from a role in one or two steps, with the nodes the two-step routes pass through.
// params: from=software-engineer
// mode: read
// steps is the fewest steps to the role, and via lists every intermediate node of a two-step
// route (empty when only a direct edge leads there).
MATCH route = (start:CareerGraph:Role {id: $from})-[:PREREQUISITE|RECOMMENDS*1..2]->(next:CareerGraph:Role)
WHERE next <> start AND all(n IN nodes(route) WHERE n:CareerGraph)
WITH next, length(route) AS steps, CASE length(route) WHEN 2 THEN nodes(route)[1].id END AS through
ORDER BY through
WITH next, min(steps) AS steps, collect(DISTINCT through) AS via
RETURN next.id AS id, next.name AS name, steps, via
ORDER BY steps, id
