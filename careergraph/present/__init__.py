"""The presentation floor: query results drawn as terminal text and as HTML pages."""
