"""Curation: the curators' admin (annotations, actors, tags), the actor merge, the activity page and the annotation file upload."""
