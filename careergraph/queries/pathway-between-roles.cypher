// name: pathway-between-roles
// description: The shortest pathway (fewest steps) from one role to another along PREREQUISITE and RECOMMENDS edges.
// params: from=software-engineer, to=program-manager
// mode: read
// Returns the path itself, so Neo4j Browser draws it. Only careergraph's own nodes
// (label CareerGraph) may lie on it: other data in the database is never crossed.
MATCH (start:CareerGraph:Role {id: $from}), (goal:CareerGraph:Role {id: $to})
MATCH pathway = shortestPath((start)-[:PREREQUISITE|RECOMMENDS*]->(goal))
WHERE all(n IN nodes(pathway) WHERE n:CareerGraph)
RETURN pathway, length(pathway) AS steps
