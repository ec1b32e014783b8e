"""Editing: the editors' annotation API (W3C JSON-LD writes behind session login and CSRF) that the reading page's editor calls."""
