"""French and German text tools: sentence splitting, dates, language identification, spaCy analysis, entities."""
