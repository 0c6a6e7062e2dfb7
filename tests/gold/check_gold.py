"""Validate a Khaldun native gold file (DESIGN.md section 4) and print coverage counts.

Usage: python tests/gold/check_gold.py [tests/gold/own.jsonl]
Exits 1 on any format error; the grammar counts are heuristics, for information only.
"""

import collections
import datetime as dt
import json
import re
import sys
from pathlib import Path

TYPES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
MODES = {
    "CONSULT": "visit third-party multilateral phone",
    "RETREAT": "withdraw release disarm ceasefire access resign",
    "ACCUSE": "disapprove investigate allege",
    "THREATEN": "restrict arrest relations expel territory violence",
    "PROTEST": "demo riot strike hunger boycott obstruct vandalize",
    "SANCTION": "convict expel withdraw discontinue",
    "MOBILIZE": "troops weapons police militia",
    "COERCE": "seize restrict censor curfew martial-law arrest deport withhold misinformation "
    "cyber",
    "ASSAULT": "abduct beat torture sexual targeted destroy primitive firearms explosives "
    "suicide-attack aerial drone heavy-weapons crowd-control unconventional",
}
MIN_COUNT = {t: 18 for t in TYPES} | {t: 30 for t in ("ASSAULT", "COERCE", "ACCUSE", "REQUEST")}
EVENT_KEYS = {
    "type",
    "actor",
    "recipient",
    "symmetric",
    "alt",
    "optional",
    "mode",
    "loc",
    "country",
    "lat",
    "lon",
    "date",
}
# Numbers the text gives for the event (events/casualties.py rules): present only when given.
FIGURE_KEYS = {"dead", "injured", "size"}
REGIONS = {
    "Middle East": "IRQ SYR PSE ISR LBN YEM IRN TUR SAU QAT JOR BHR OMN KWT ARE",
    "North Africa": "EGY LBY TUN DZA MAR SDN",
    "West Africa": "NGA GHA SEN CIV SLE LBR GIN TGO CMR",
    "Sahel": "MLI NER BFA TCD MRT",
    "East Africa": "KEN SOM ETH SSD UGA TZA RWA COD BDI ERI DJI",
    "Central Africa": "GAB CAF COG",
    "Southern Africa": "ZWE ZAF MOZ",
    "South Asia": "AFG PAK IND BGD LKA NPL",
    "Central Asia": "KGZ KAZ TJK UZB TKM",
    "East Asia": "CHN HKG TWN JPN KOR PRK MNG",
    "Southeast Asia": "PHL MMR THA IDN MYS VNM KHM TLS SGP LAO",
    "Latin America": "COL VEN MEX BRA ARG CHL PER BOL ECU NIC HND SLV GTM PRY GUY CRI PAN URY",
    "Caribbean": "HTI CUB DOM JAM TTO CUW",
    "Eastern Europe": "UKR RUS BLR POL SRB XKX MDA HUN ROU BGR MKD BIH LTU LVA EST",
    "Caucasus": "GEO ARM AZE",
    "Western Europe": "FRA DEU GBR ESP ITA BEL NLD GRC CHE AUT PRT IRL SWE DNK NOR FIN CYP",
    "North America / Oceania": "USA CAN AUS",
}
COUNTRY_REGION = {c: r for r, cs in REGIONS.items() for c in cs.split()}
# Caucasus republics of Russia are coded RUS; count them by place name as well.
NORTH_CAUCASUS = {
    "Grozny",
    "Makhachkala",
    "Nalchik",
    "Beslan",
    "Chechnya",
    "Dagestan",
    "Ingushetia",
    "Nazran",
    "Khasavyurt",
}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
VARIANTS = [
    ["Muqtada", "Moqtada", "Moktada"],
    ["Nouri al-Maliki", "Nuri al-Maliki", "Nuri Kamal al-Maliki"],
    ["Erdoğan", "Erdogan"],
    ["Daesh", "ISIS", "ISIL", "Islamic State"],
    ["Gaddafi", "Qadhafi", "Qaddafi", "Kadhafi"],
    ["Hezbollah", "Hizbullah", "Hizballah", "Hizbollah"],
    ["al-Qaeda", "al-Qaida", "al Qaeda", "Al-Qaeda", "Al Qaeda"],
    ["Kyiv", "Kiev"],
    ["Kharkiv", "Kharkov"],
    ["Odesa", "Odessa"],
    ["Zelensky", "Zelenskyy", "Zelenskiy"],
    ["al-Shabaab", "al-Shabab", "Al-Shabaab", "Al Shabaab", "Shabaab"],
    ["Taliban", "Taleban"],
    ["Basra", "Bashra"],
    ["Houthi", "Huthi", "Ansar Allah"],
    ["Assad", "al-Asad"],
    ["Morsi", "Mursi"],
    ["Sisi", "el-Sissi"],
    ["Kim Jong-un", "Kim Jong Un"],
    ["Fallujah", "Falluja"],
    ["Mahdi Army", "Jaish al-Mahdi"],
    ["Khamenei", "Khamene'i"],
    ["Tehran", "Teheran"],
    ["Yangon", "Rangoon"],
    ["Myanmar", "Burma"],
    ["Lugansk", "Luhansk"],
    ["Sloviansk", "Slavyansk"],
    ["Navalny", "Navalnyy"],
    ["Boko Haram", "Jama'atu Ahlis Sunna"],
    ["Hamas", "Harakat al-Muqawama"],
]
MULTIWORD = [
    "called on",
    "called for",
    "opened fire on",
    "went on strike",
    "took part in",
    "lodged a protest",
    "imposed a curfew",
    "laid down their arms",
    "laid down arms",
    "cut ties with",
    "broke off",
    "held talks",
    "signed a deal",
    "set fire to",
    "set free",
    "handed over",
    "took to the streets",
    "staged a sit-in",
    "pulled out of",
    "stepped down",
    "turned down",
    "cracked down on",
    "rounded up",
    "gave up",
    "carried out",
    "lashed out at",
    "called off",
    "struck a deal",
    "shut down",
    "stormed into",
    "took control of",
    "went on hunger strike",
    "sent troops",
    "blew up",
    "came under fire",
    "spoke by telephone",
    "sat down with",
    "threw stones at",
    "imposed sanctions",
    "froze the assets",
    "pledged support",
    "shook hands",
]
PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\b(?:\s+[\w-]+){1,3}?\s+by\b")
REPORTED = re.compile(r"\b(?:said|says|told|according to|reported|claimed|stated|quoted)\b")
NOMINAL = re.compile(
    r"\b(?:\w+'s?|the|a|an|its|their|his|her)\s+(?:[\w-]+\s+)?(?:bombings?|shelling|killings?|"
    r"arrests?|detention|assassination|attacks?|invasion|kidnapping|abduction|raids?|airstrikes?|"
    r"air strikes?|expulsion|deportation|release|withdrawal|visit|seizure|capture|siege|blockade|"
    r"massacre|storming|sentencing|ban|boycott|occupation|annexation|bombardment|execution|"
    r"crackdown|jailing|shooting|torture|ambush|closure|suspension|recall|appeal|demand|refusal|"
    r"rejection|condemnation|accusation|threat|strike|protests?|march|sit-in|deployment|"
    r"mobili[sz]ation|agreement|accord|donation|delivery|pledge|endorsement|talks|meeting|"
    r"shootings|downing|destruction|burning|looting|imprisonment|conviction|indictment|"
    r"investigation|probe|rescue|handover|surrender|resignation|ceasefire|truce|takeover)\s+"
    r"(?:of|on|against|by|to|with|for|in|from)\b"
)


def check_date(value):
    for fmt, n in (("%Y-%m-%d", 10), ("%Y-%m", 7), ("%Y", 4)):
        if len(value) == n:
            dt.datetime.strptime(value, fmt)
            return
    raise ValueError(value)


def expected_weekday(published, name):
    p = dt.date.fromisoformat(published)
    return (p - dt.timedelta(days=(p.weekday() - WEEKDAYS.index(name)) % 7)).isoformat()


def validate(path):
    errors, warnings, stories = [], [], []
    seen = set()
    for n, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        where = f"line {n}"
        try:
            s = json.loads(line)
        except json.JSONDecodeError as exc:
            errors.append(f"{where}: bad JSON ({exc})")
            continue
        stories.append(s)
        if set(s) != {"id", "published", "text", "events"}:
            errors.append(f"{where}: keys {sorted(s)}")
            continue
        where = s["id"]
        if not re.fullmatch(r"g\d{4}", s["id"]) or s["id"] in seen:
            errors.append(f"{where}: bad or duplicate id")
        seen.add(s["id"])
        text, pub = s["text"], s["published"]
        try:
            dt.date.fromisoformat(pub)
        except ValueError:
            errors.append(f"{where}: bad published {pub}")
            continue
        for e in s["events"]:
            if not set(e) >= EVENT_KEYS or set(e) - EVENT_KEYS - FIGURE_KEYS:
                errors.append(f"{where}: event keys {sorted(e)}")
                continue
            for key in FIGURE_KEYS & set(e):
                if isinstance(e[key], bool) or not isinstance(e[key], int) or e[key] < 0:
                    errors.append(f"{where}: {key} must be a whole number, not {e[key]!r}")
            if e["type"] not in TYPES or any(a not in TYPES or a == e["type"] for a in e["alt"]):
                errors.append(f"{where}: bad type/alt {e['type']} {e['alt']}")
            if not e["actor"] or any(a not in text for a in e["actor"]):
                errors.append(f"{where}: actor not in text {e['actor']}")
            if e["recipient"] is not None and (
                not e["recipient"] or any(r not in text for r in e["recipient"])
            ):
                errors.append(f"{where}: recipient not in text {e['recipient']}")
            if not isinstance(e["symmetric"], bool) or not isinstance(e["optional"], bool):
                errors.append(f"{where}: symmetric/optional must be bool")
            if e["symmetric"] and e["recipient"] is None:
                errors.append(f"{where}: symmetric event without recipient")
            if e["mode"] is not None and e["mode"] not in MODES.get(e["type"], "").split():
                errors.append(f"{where}: mode {e['mode']} not valid for {e['type']}")
            geo = [e["loc"], e["country"], e["lat"], e["lon"]]
            if any(g is None for g in geo) and any(g is not None for g in geo):
                errors.append(f"{where}: loc/country/lat/lon must be all set or all null")
            elif e["loc"] is not None:
                if (
                    not re.fullmatch(r"[A-Z]{3}", e["country"])
                    or not (-90 <= e["lat"] <= 90)
                    or not (-180 <= e["lon"] <= 180)
                    or round(e["lat"], 2) != e["lat"]
                ):
                    errors.append(f"{where}: bad place {geo}")
                if e["country"] not in COUNTRY_REGION:
                    warnings.append(f"{where}: country {e['country']} has no region")
            try:
                check_date(e["date"])
                if e["date"] > pub[: len(e["date"])]:
                    errors.append(f"{where}: event date {e['date']} after published {pub}")
            except (ValueError, TypeError):
                errors.append(f"{where}: bad date {e['date']}")
        # date-expression consistency for the simple cases
        days = [d for d in WEEKDAYS if re.search(rf"\bon {d}\b", text)]
        if len(days) == 1 and "yesterday" not in text:
            want = expected_weekday(pub, days[0])
            dated = [e["date"] for e in s["events"] if not e["optional"] and len(e["date"]) == 10]
            if dated and want not in dated:
                warnings.append(f"{where}: 'on {days[0]}' should resolve to {want}, got {dated}")
        if "yesterday" in text.lower() and not days:
            want = (dt.date.fromisoformat(pub) - dt.timedelta(days=1)).isoformat()
            dated = [e["date"] for e in s["events"] if len(e["date"]) == 10]
            if dated and want not in dated:
                warnings.append(f"{where}: 'yesterday' should resolve to {want}, got {dated}")
    return stories, errors, warnings


def report(stories):
    events = [e for s in stories for e in s["events"]]
    by_type = collections.Counter(e["type"] for e in events)
    required = collections.Counter(e["type"] for e in events if not e["optional"])
    print(
        f"stories: {len(stories)}   events: {len(events)}   "
        f"event-free stories: {sum(not s['events'] for s in stories)}"
    )
    short = []
    for t in TYPES:
        flag = "" if required[t] >= MIN_COUNT[t] else f"  < {MIN_COUNT[t]}"
        short += [t] if flag else []
        print(f"  {t:10s} {by_type[t]:4d}  (non-optional {required[t]}){flag}")
    regions = collections.Counter()
    for s in stories:
        regs = {COUNTRY_REGION.get(e["country"], "?") for e in s["events"] if e["country"]}
        if any(e["loc"] in NORTH_CAUCASUS for e in s["events"]):
            regs.add("Caucasus")
        regions.update(regs)
    print("stories per region (by event country):")
    for r, c in regions.most_common():
        print(f"  {r:24s} {c}")
    corpus = "\n".join(s["text"] for s in stories)
    var_groups = [g for g in VARIANTS if sum(v in corpus for v in g) >= 2]
    grammar = {
        "passive with 'by'": sum(bool(PASSIVE.search(s["text"])) for s in stories if s["events"]),
        "nominal event (heuristic)": sum(
            bool(NOMINAL.search(s["text"])) for s in stories if s["events"]
        ),
        "reported speech": sum(bool(REPORTED.search(s["text"])) for s in stories if s["events"]),
        "conjoined actor/recipient list": sum(
            any(len(e["actor"]) > 1 or len(e["recipient"] or []) > 1 for e in s["events"])
            for s in stories
        ),
        "spelling-variant names": sum(
            any(v in s["text"] for g in var_groups for v in g) for s in stories
        ),
        "multiword trigger": sum(any(m in s["text"] for m in MULTIWORD) for s in stories),
        "symmetric events": sum(e["symmetric"] for e in events),
        "optional events": sum(e["optional"] for e in events),
        "events with a place": sum(e["loc"] is not None for e in events),
        "events with dead or injured": sum("dead" in e or "injured" in e for e in events),
        "events with a size": sum("size" in e for e in events),
    }
    print("grammar and annotation coverage (stories unless noted):")
    for k, v in grammar.items():
        print(f"  {k:32s} {v}")
    print(f"  variant groups used: {len(var_groups)}")
    return short


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("own.jsonl")
    stories, errors, warnings = validate(path)
    for w in warnings:
        print("warning:", w)
    for e in errors:
        print("ERROR:", e)
    short = report(stories)
    if short:
        print("types below their minimum:", ", ".join(short))
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
