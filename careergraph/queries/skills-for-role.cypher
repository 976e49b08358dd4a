// name: skills-for-role
// description: The skills that lead into a role, and the certifications and education that teach each of them.
// params: role=technical-project-manager
// mode: read
// A skill "leads into" a role when it has a PREREQUISITE or RECOMMENDS edge to it. A
// certification or education "teaches" a skill when it has such an edge to the skill.
MATCH (skill:CareerGraph:Skill)-[:PREREQUISITE|RECOMMENDS]->(role:CareerGraph:Role {id: $role})
OPTIONAL MATCH (teacher:CareerGraph)-[:PREREQUISITE|RECOMMENDS]->(skill)
WHERE teacher:Certification OR teacher:Education
WITH skill, teacher
ORDER BY teacher.id
RETURN skill.id AS id, skill.name AS skill, collect(teacher.id) AS learn_from
ORDER BY id
