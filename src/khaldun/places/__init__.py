"""Places: an offline GeoNames gazetteer (gazetteer.py) and the event's own location (locate.py)."""
