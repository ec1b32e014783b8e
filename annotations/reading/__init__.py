"""Reading: the pages readers browse (actors, claims index, tags) and the annotated reading page with its highlights."""
