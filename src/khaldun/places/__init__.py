"""Places: an offline GeoNames gazetteer (gazetteer.py), toponyms resolved in context
(toponyms.py), the place mentions of a sentence (mentions.py) and the event's own location
(locate.py)."""
