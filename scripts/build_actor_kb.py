"""Build realpolitik's actor knowledge base from the shared sources.

    .venv/bin/python scripts/build_actor_kb.py [--data ../shared/data] [--out DIR]

Writes the files `kb.default_files()` loads (src/realpolitik/data/actors/):

  countries.jsonl  states and CAMEO regions: names, nationality adjectives, capital, cities
                   <- countryinfo/CountryInfo.120116.txt (CC BY-SA 3.0) + the tables below
  agents.jsonl     role nouns coded relative to a country  <- Phoenix.agents.txt (MIT)
  phoenix.jsonl    named actors with (dated) CAMEO codes   <- Phoenix.*.actors.txt (MIT)
  leaders.jsonl    heads of state and government with Wikidata QIDs, merged with the Phoenix
                   entry of the same person  <- wikidata_leaders_cfmessias/leaders_history.csv
                   (facts from Wikidata, CC0; see ../shared/data/actors/README.md)
  us_congress.jsonl  members of the current US Congress (USALEG for the dates of their terms)
                   and presidents and vice presidents since 1900 (USAGOV in office, USAELI
                   after), with Wikidata QIDs, each merged with the leaders or Phoenix record
                   of the same person under that record's id; people curated.yaml lists are
                   left to it  <- us_congress/{legislators-current,executive}.yaml (public
                   domain, CC0).

The output is sorted, so a rebuild from the same sources gives the same bytes, and record
ids are derived from the sources (QIDs, names), so they are stable across rebuilds.
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import time
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from realpolitik.actors.fields import normalise
from realpolitik.actors.fields import slug as _slug
from realpolitik.actors.tabari import NULL_CODES, display_name, plural_of, read_tabari

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_DATA = ROOT.parent / "shared" / "data"
DEFAULT_OUT = ROOT / "src" / "realpolitik" / "data" / "actors"

# --- hand-made corrections and additions (keep these short; say why) ------------------

# Short English names for CountryInfo's formal or misspelt ones; the formal name stays an alias.
COUNTRY_NAMES = {
    "RUS": "Russia",
    "USA": "United States",
    "ZAF": "South Africa",
    "TZA": "Tanzania",
    "BRN": "Brunei",
    "COD": "Democratic Republic of the Congo",
    "COG": "Republic of the Congo",
    "CIV": "Côte d'Ivoire",
    "MDG": "Madagascar",
    "SRB": "Serbia",  # CountryInfo's SERBIA_AND_MONTENEGRO block carries Serbia's codes
    "TMP": "Timor-Leste",
    "GBRIMY": "Isle of Man",
    "USAGUM": "Guam",
    "FRAWLF": "Wallis and Futuna",
}

# Names changed or missing since CountryInfo (2012), and other fixes to its lists.
COUNTRY_FIXES: dict[str, dict[str, list[str]]] = {
    "CZE": {"aliases": ["Czechia"]},
    "SWZ": {"name": ["Eswatini"], "aliases": ["Swaziland", "Kingdom of Eswatini", "eSwatini"]},
    "MKD": {
        "name": ["North Macedonia"],
        "aliases": ["Republic of North Macedonia", "Macedonia"],
        "adjectives": ["North Macedonian", "North Macedonians"],
    },
    "CPV": {"aliases": ["Cabo Verde"]},
    "MMR": {
        "aliases": ["Burma"],
        "adjectives": ["Burmese"],
        "capital": ["Naypyidaw"],
        "capital_aliases": ["Nay Pyi Taw"],
    },
    "CIV": {"aliases": ["Ivory Coast", "Cote d'Ivoire"]},
    "PRK": {"aliases": ["Democratic People's Republic of Korea"]},
    "KHM": {"adjectives": ["Kampuchean", "Kampucheans"]},  # Democratic Kampuchea, 1975-89
    "COD": {"aliases": ["DR Congo", "DRC", "Congo-Kinshasa"]},
    "COG": {"aliases": ["Congo-Brazzaville"]},
    "TMP": {"aliases": ["East Timor"]},
    "AUT": {"capital": ["Vienna"], "capital_aliases": ["Wien"], "drop": ["Wein"]},
    "UKR": {"capital_aliases": ["Kiev"], "cities": ["Kharkiv", "Odesa", "Lviv", "Dnipro"]},
    "KAZ": {"capital_aliases": ["Nur-Sultan"]},
    "IND": {"cities": ["Mumbai", "Kolkata", "Chennai", "Bengaluru"]},
    "BOL": {"capital_aliases": ["Sucre"]},
    "DNKGRL": {"capital": ["Nuuk"], "drop": ["Thule"]},
    # CountryInfo lists Belgrade and "Serb(ian)" under Montenegro, and Montenegrin under Serbia
    "MNE": {"capital": ["Podgorica"], "drop": ["Belgrade", "Beograd", "Serb", "Serbian"]},
    "SRB": {
        "aliases": ["Republic of Serbia"],
        "adjectives": ["Serb", "Serbs", "Serbian", "Serbians"],
        "drop": ["Serbia and Montenegro", "Montenegrin"],
    },
    "PSE": {
        "aliases": ["State of Palestine", "Palestinian territories"],
        "cities": ["Ramallah", "Jericho", "Jenin", "Tulkarm", "Gaza City", "Khan Younis"]
        + ["Khan Yunis"],
    },
    "NPL": {"capital_aliases": ["Khatmandu"]},  # the older English spelling
    "CHNTIB": {"drop": ["Forbidden City"]},
    "PHL": {"adjectives": ["Filipino", "Filipinos", "Filipina"]},
    "BWA": {"adjectives": ["Motswana", "Batswana"]},
    "KGZ": {"adjectives": ["Kyrgyz", "Kirghiz"]},
    "ESP": {"adjectives": ["Spaniard", "Spaniards"]},
    "FIN": {"adjectives": ["Finn", "Finns"]},
    "CHE": {"adjectives": ["Swiss"]},
    "WSM": {"adjectives": ["Samoan", "Samoans"]},
    "IRL": {"aliases": ["Eire"], "adjectives": ["Irish", "Irishman", "Irishmen", "Irishwoman"]},
    "LSO": {"adjectives": ["Mosotho", "Basotho"]},
    "MDG": {"adjectives": ["Malagasy"]},
    "TKM": {"adjectives": ["Turkmen"]},
    "DJI": {"adjectives": ["Djiboutian"]},
    "SDN": {"capital": ["Khartoum"]},
    "HTI": {"capital": ["Port-au-Prince"], "drop": ["Port AU Prince"]},
    "USAASM": {"drop": ["Samoa, American"], "adjectives": ["American Samoan"]},
    "ARE": {"aliases": ["UAE", "Emirats Arabes Unis", "the Emirates"]},
    "GBR": {
        "drop": ["Great Britian", "Royaume Uni", "Briton", "Englishman", "Englishwoman", "Scot"]
        + ["Scotsman", "Scotswoman", "Welsh", "Welshman"],
        "aliases": ["UK", "U.K.", "Great Britian", "Royaume Uni", "Northern Ireland"],
        "adjectives": ["Briton", "Britons", "Englishman", "Englishmen", "Scottish", "Scot"]
        + ["Scots", "Scotsman", "Scotsmen", "Welsh", "Welshman", "Welshmen"],
    },
    "USA": {
        "capital": ["Washington"],
        "capital_aliases": ["Washington D.C.", "Washington, D.C."],
        "drop": ["Etats Unis", "Unitedstatian", "Geanlaeht Ricu American"],
        "aliases": ["America", "Etats Unis"],
    },
    "FRA": {"drop": ["Frankreich"], "aliases": ["Frankreich"]},
    "SMR": {"drop": ["Capitano Reggente", "Capitani Reggenti"], "adjectives": ["Sammarinese"]},
    "TUR": {"aliases": ["Türkiye", "Turkiye", "Republic of Türkiye"], "adjectives": ["Turk"]},
    "SVK": {"adjectives": ["Slovak", "Slovaks"]},
    # Ethnic groups named as a state's people: CAMEO codes them with the state they live in
    # (the ethnic code, where one exists, is an extra the resolver does not add).
    "NGA": {"adjectives": ["Yoruba", "Yorubas", "Hausa", "Hausas", "Igbo", "Igbos", "Ibo", "Ibos"]},
    "BIHBHF": {"name": ["Federation of Bosnia and Herzegovina"]},
    "BIHSRP": {
        "name": ["Republika Srpska"],
        "aliases": ["Bosnian Serb Republic", "Srpska"],
        "adjectives": ["Bosnian Serb", "Bosnian Serbs"],
    },
}

# States founded lately: before `start` their capital, cities and adjectives name the state
# their land was in (Juba was in Sudan until South Sudan's independence on 2011-07-09).
# Peoples of a state named like nationalities but not its nationals: ethnic groups living
# mostly within it (CountryInfo lists some among Nigeria's nationality adjectives). Their
# leaders are elites, not the government ("Yoruba leaders": NGAELI, CAMEO's ethnic-group
# convention); their names do not stand for the state alone.
ETHNIC_GROUPS = {
    "NGA": ["Yoruba", "Hausa", "Igbo", "Ibo", "Ijaw", "Ogoni"],
    "MMR": ["Karen", "Kachin", "Shan", "Rohingya", "Karenni"],
    "CHN": ["Uighur", "Uyghur"],
    "ZAF": ["Zulu", "Xhosa"],
    "KEN": ["Kikuyu", "Kalenjin"],
    "ETH": ["Oromo", "Amhara", "Tigrayan"],
    "RUS": ["Chechen"],
    "PAK": ["Baloch", "Baluch", "Sindhi"],
}

STATE_STARTS = {
    "SSD": {"start": "2011-07-09", "before": "SDN"},
}

# States that CountryInfo lacks; dependencies get the Phoenix-style parent+ISO code.
NEW_COUNTRIES = [
    {"country": "VAT", "name": "Vatican City", "aliases": ["Holy See", "Vatican"]},
    {"country": "CHNMAC", "name": "Macau", "aliases": ["Macao"], "adjectives": ["Macanese"]},
    {"country": "NLDCUW", "name": "Curaçao", "aliases": ["Curacao"]},
    {"country": "NLDSXM", "name": "Sint Maarten", "adjectives": ["Sint Maartener"]},
    {"country": "NLDBES", "name": "Caribbean Netherlands", "aliases": ["Bonaire"]},
    {"country": "FINALA", "name": "Åland Islands", "aliases": ["Aland", "Åland"]},
    {"country": "USAMNP", "name": "Northern Mariana Islands"},
    {"country": "FRAREU", "name": "Réunion", "aliases": ["Reunion"]},
    {"country": "FRASPM", "name": "Saint Pierre and Miquelon"},
    {"country": "GBRTCA", "name": "Turks and Caicos Islands", "aliases": ["Turks and Caicos"]},
    {"country": "GBRSGS", "name": "South Georgia and the South Sandwich Islands"},
]

# CAMEO international region codes (CAMEO codebook 1.1b3, table 3.3), named as news names
# them. "Central African", "Caucasian" and "South African" are left out: they name a state
# (CAF, ZAF) or mean something else.
REGIONS = [
    ("AFR", "Africa", [], ["African", "Africans"]),
    ("ASA", "Asia", [], ["Asian", "Asians"]),
    ("BLK", "Balkans", ["the Balkans"], ["Balkan"]),
    ("CRB", "Caribbean", ["the Caribbean"], []),
    ("CAU", "Caucasus", ["the Caucasus"], []),
    ("CFR", "Central Africa", [], []),
    ("CAS", "Central Asia", [], ["Central Asian"]),
    ("CEU", "Central Europe", [], ["Central European"]),
    ("EIN", "East Indies", [], []),
    ("EAF", "East Africa", ["Eastern Africa"], ["East African"]),
    ("EEU", "Eastern Europe", [], ["Eastern European", "East European"]),
    ("EUR", "Europe", [], ["European", "Europeans"]),
    ("LAM", "Latin America", [], ["Latin American", "Latin Americans"]),
    ("MEA", "Middle East", ["the Middle East", "Mideast"], ["Middle Eastern"]),
    ("MDT", "Mediterranean", ["the Mediterranean"], []),
    ("NAF", "North Africa", [], ["North African", "North Africans"]),
    ("NMR", "North America", [], ["North American", "North Americans"]),
    ("PGS", "Persian Gulf", ["the Persian Gulf"], []),
    ("SCN", "Scandinavia", [], ["Scandinavian", "Scandinavians"]),
    ("SAM", "South America", [], ["South American", "South Americans"]),
    ("SAS", "South Asia", [], ["South Asian", "South Asians"]),
    ("SEA", "Southeast Asia", ["South-East Asia", "South East Asia"], ["Southeast Asian"]),
    ("SAF", "Southern Africa", [], ["Southern African"]),
    ("WAF", "West Africa", [], ["West African", "West Africans"]),
    ("WST", "the West", [], ["Western", "Westerners"]),
]

# ISO 3166 alpha-3 -> the CAMEO code CountryInfo/Phoenix use, where the two differ and
# CountryInfo's own ISO column is missing or wrong.
ISO_TO_CAMEO = {
    "TLS": "TMP",
    "XKX": "KSV",
    "IMN": "GBRIMY",
    "JEY": "GBRJEY",
    "MYT": "FRAMYT",
    "BLM": "FRABLM",
    "WLF": "FRAWLF",
    "SRB": "SRB",
    "GIN": "GIN",
    "MOZ": "MOZ",
}
# Role codes that Phoenix sometimes gives alone, without the country or organisation.
ROLE_SECTORS = set(
    "ELI GOV MIL REB OPP MED BUS EDU LEG JUD COP SPY CVL LAB HRI HLH REF AGR ENV DEV CRM UAF "
    "INS SEP MOD RAD PTY".split()
)
# News outlets Phoenix codes bare [MED]: the country they report from (state media: GOVMED).
OUTLET_COUNTRIES = {
    "Reuters": "GBR",
    "The Guardian": "GBR",
    "New York Times": "USA",
    "Washington Post": "USA",
    "Associated Press": "USA",
    "Al-Jazeera": "QAT",
    "Xinhua": "CHNGOV",
    "Wall Street Journal": "USA",
    "Glenn Greenwald": "USA",
    "Buzzfeed": "USA",
    "DC Journalist": "USA",
    "Dubai-Based Broadcaster Al-Arabiya": "SAU",
    "Al-Monitor": "USA",
    "BBC": "GBR",
    "CNN": "USA",
    "AFP": "FRA",
    "McClatchy": "USA",
    "Der Spiegel": "DEU",
}
# Phoenix codes with a typo in the country part.
CODE_FIXES = {"FRNWLF": "FRAWLF", "BIHSPR": "BIHSRP", "ANGREB": "AGOREB"}  # ANG: Angola is AGO

# City names that are mostly something else in English news.
NOT_CITIES = {"hippo", "moron", "chablis", "palace of versailles", "molotov", "gorky", "gorki"}
NOT_CITIES |= {"gorkiy", "city of light", "eternal city", "new flower", "forbidden city"}

# Phoenix codes bare "spokesman" [~MED] (CAMEO's "spokesperson of an organisation" specialty,
# meant to follow an organisation's code); standing alone in news it speaks for a government.
AGENT_FIXES = {
    "spokesman": {"code": "~GOV", "aliases": ["spokespersons", "spokespeople"]},
    "press secretary": {"code": "~GOV", "aliases": ["press secretaries"]},
}

# English names for Wikidata labels that the snapshot has in Portuguese (monarchs, popes)
# or in a rare spelling; the label stays an alias.
ENGLISH_NAMES = {
    "Q2494": ("Pope Benedict XVI", ["Benedict XVI"]),
    "Q3910": ("Albert II of Monaco", ["Prince Albert II"]),
    "Q3911": ("Albert II of Belgium", ["King Albert II"]),
    "Q9682": ("Elizabeth II", ["Queen Elizabeth II", "Queen Elizabeth"]),
    "Q989": ("Pope John Paul II", ["John Paul II"]),
    "Q12976": ("Baudouin of Belgium", ["King Baudouin"]),
    "Q15988": ("Jean, Grand Duke of Luxembourg", ["Grand Duke Jean"]),
    "Q16004": ("Henri, Grand Duke of Luxembourg", ["Grand Duke Henri"]),
    "Q19943": ("Juan Carlos I", ["King Juan Carlos"]),
    "Q29574": ("Beatrix of the Netherlands", ["Queen Beatrix"]),
    "Q43274": ("Charles III", ["King Charles III", "King Charles"]),
    "Q45068": ("Carl XVI Gustaf", ["King Carl XVI Gustaf"]),
    "Q57287": ("Harald V", ["King Harald V", "King Harald"]),
    "Q57298": ("Abdullah of Saudi Arabia", ["King Abdullah bin Abdulaziz"]),
    "Q57340": ("Mswati III", ["King Mswati III"]),
    "Q57454": ("Hans-Adam II", ["Prince Hans-Adam II"]),
    "Q57464": ("Abdullah II of Jordan", ["King Abdullah II"]),
    "Q57537": ("Letsie III", ["King Letsie III"]),
    "Q57550": ("Abdul Halim of Kedah", []),
    "Q57553": ("Mohammed VI of Morocco", ["King Mohammed VI"]),
    # A common misspelling in English news of the 1980s-90s.
    "Q2038": ("François Mitterrand", ["Francois Mitterrand", "Francois Mitterand"]),
    "Q69103": ("Hassan II of Morocco", ["King Hassan II", "King Hassan"]),  # regnal name
    "Q102139": ("Margrethe II", ["Queen Margrethe II"]),
    "Q146906": ("Hussein of Jordan", ["King Hussein"]),
    "Q154912": ("Olav V", ["King Olav V"]),
    "Q154946": ("Juliana of the Netherlands", ["Queen Juliana"]),
    "Q154952": ("Willem-Alexander", ["King Willem-Alexander"]),
    "Q155004": ("Philippe of Belgium", ["King Philippe"]),
    "Q161319": ("Guillaume, Grand Duke of Luxembourg", ["Grand Duke Guillaume"]),
    "Q165674": ("Franz Joseph II of Liechtenstein", []),
    "Q183187": ("Fahd of Saudi Arabia", ["King Fahd"]),
    "Q185025": ("Rainier III", ["Prince Rainier III"]),
    "Q191045": ("Felipe VI", ["King Felipe VI"]),
    "Q208301": ("Khalid of Saudi Arabia", ["King Khalid"]),
    "Q217096": ("Naruhito", ["Emperor Naruhito"]),
    "Q450675": ("Pope Francis", []),
    "Q1004037": ("Frederik X", ["King Frederik X"]),
    "Q1060355": ("Simeon Saxe-Coburg-Gotha", ["Simeon II"]),
    "Q2657043": ("Ibrahim Iskandar of Johor", ["Sultan Ibrahim"]),
    "Q6109517": ("Pope Leo XIV", ["Leo XIV"]),
    "Q3874799": ("Volodymyr Zelenskyy", ["Volodymyr Zelensky", "Volodymyr Zelenskiy"]),
}

# Rows of the leaders snapshot that are wrong on their face: fictional US presidents that
# carry dates (the undated fictional ones are dropped with every undated row).
FICTIONAL_QIDS = {"Q113227667", "Q107054330"}  # Quentin Trembley, Phil Baker
# Collectives that the snapshot lists as heads of state or government.
NOT_PERSONS = re.compile(
    r"\b(conselho|junta|comiss[aã]o|comit[eé]|governo|diret[oó]rio|triunvirato|reg[eê]ncia|"
    r"council|committee|directory|triumvirate|regency|presidium)\b",
    re.I,
)
# Countries whose head of state is several people at once: their open-ended rows are not
# closed by a later row of someone else.
COLLECTIVE_HEADS = {"CHE", "BIH", "SMR", "AND"}
# Heads of state who are also heads of other states ex officio (a monarch's realms, France's
# president as co-prince of Andorra): coded by their own country, the other rows left out.
EX_OFFICIO = {
    "GBR": set(
        "ATG AUS BHS BLZ BRB CAN COK CYM FLK GGY GIB GRD IMN IMY JAM JEY KNA LCA NIU NZL PNG "
        "SLB TUV VCT AIA BMU MSR PCN SHN TCA VGB".split()
    ),
    "FRA": {"AND", "WLF"},
    "NLD": {"ABW", "CUW", "SXM"},
    "DNK": {"FRO", "GRL"},
}
TITLES = {"head_of_state": "head of state", "head_of_government": "head of government"}
OLDEST_TERM_END = date(1900, 1, 1)  # leaders whose every term ended before this are left out
ELITE_AFTER = date(1945, 1, 1)  # former leaders get the undated ...ELI role if out after this

# Words that make an alias a title-led phrase rather than a full name ("President Putin").
_TITLE_WORDS = set(
    """president prime minister king queen prince princess emperor sultan emir sheikh pope
    chancellor premier general gen. mr mr. mrs mrs. dr dr. secretary chairman leader former
    acting vice deputy senator governor""".split()
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA, help="the shared data folder")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="where to write the files")
    args = parser.parse_args(argv)
    actors = args.data / "actors"
    if not actors.is_dir():
        parser.error(f"{actors} not found: pass --data (the folder holding actors/)")
    started = time.perf_counter()
    report: Counter[str] = Counter()

    countries, iso_to_cameo = build_countries(
        actors / "countryinfo" / "CountryInfo.120116.txt", report
    )
    agents = build_agents(actors / "phoenix_petrarch2" / "Phoenix.agents.txt", report)
    phoenix = read_phoenix(actors / "phoenix_petrarch2", report)
    phoenix = drop_geography(phoenix, countries, report)
    leaders, phoenix = build_leaders(
        actors / "wikidata_leaders_cfmessias" / "leaders_history.csv",
        phoenix,
        iso_to_cameo,
        report,
    )

    args.out.mkdir(parents=True, exist_ok=True)
    outputs = {
        "countries.jsonl": sorted(countries, key=lambda r: r["country"]),
        "agents.jsonl": sorted(agents, key=lambda r: r["agent"]),
        "phoenix.jsonl": sorted(phoenix, key=lambda r: r["id"]),
        "leaders.jsonl": sorted(leaders, key=lambda r: (int(r["id"][1:]), r["id"])),
    }
    if (actors / "us_congress").is_dir():
        congress = build_us_congress(
            actors / "us_congress", leaders, phoenix, DEFAULT_OUT / "curated.yaml", report
        )
        outputs["us_congress.jsonl"] = sorted(congress, key=_record_order)
    else:
        print(f"{actors / 'us_congress'} not found: us_congress.jsonl left as it is")
    for name, records in outputs.items():
        path = args.out / name
        size = write_jsonl(path, records)
        print(f"{name:16} {len(records):6} records {size / 1e6:6.2f} MB  {path}")
    for key, count in sorted(report.items()):
        print(f"  {key}: {count}")
    print(f"built in {time.perf_counter() - started:.1f}s")
    return 0


# --- countries ------------------------------------------------------------------------


def read_countryinfo(path: Path) -> list[dict[str, list[str]]]:
    """CountryInfo's <Country> blocks as {tag: lines}; the file is not quite XML. Blocks
    inside <Comment> (mostly the former Yugoslavia) come after the live ones."""
    lines = [_decode(raw) for raw in path.read_bytes().splitlines()]
    text = "\n".join(line.split("#")[0].rstrip() for line in lines)
    text = text[text.find("-->") + 3 :]  # after the documentation comment
    live = re.sub(r"<Comment>.*?</Comment>", "", text, flags=re.S)
    blocks = []
    for source in (live, text):
        for body in re.findall(r"^<Country>(.*?)^</Country>", source, re.S | re.M):
            fields: dict[str, list[str]] = {}
            for match in re.finditer(r"<([\w-]+)>(.*?)</\1>", body, re.S):
                lines = [line.strip() for line in match[2].splitlines()]
                fields[match[1]] = [line for line in lines if line]
            blocks.append(fields)
    return blocks


def _decode(raw: bytes) -> str:
    """A line of CountryInfo: mostly ASCII, some UTF-8, some Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def build_countries(
    path: Path, report: Counter[str]
) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """One record per state (CountryInfo + fixes + additions) and per CAMEO region, each
    name claimed by one code only; and the ISO3 -> CAMEO code map for the leaders."""
    records: dict[str, dict[str, Any]] = {}
    iso_to_cameo = dict(ISO_TO_CAMEO)
    skipped: set[str] = set()
    for block in read_countryinfo(path):
        code = _current_code(" ".join(block.get("CountryCode", [])))
        iso = "".join(block.get("ISO3166-alpha3", [])).strip()
        if not code:
            skipped.add(" ".join(block.get("CountryName", [])))
            continue
        if code == "FRA" or (code == "GBR" and iso == "JEY"):  # Mayotte, St Barthelemy, Jersey
            code = ISO_TO_CAMEO.get(iso, code)
        code = CODE_FIXES.get(code, code)
        if code in records:
            continue  # a commented-out block of a country read already
        if re.fullmatch(r"[A-Z]{3}", iso) and (iso == code or code.endswith(iso)):
            iso_to_cameo.setdefault(iso, code)
        formal = _name(" ".join(block.get("CountryName", [])))
        name = COUNTRY_NAMES.get(code, formal)
        names = [formal] if formal != name else []
        nationality = [n for n in (_name(x) for x in block.get("Nationality", [])) if n]
        nationality = [n for n in nationality if not re.search(r"[\[\]]", n)]
        aliases, adjectives = split_nationality(nationality, [name, formal])
        capitals = [n for n in (_name(x) for x in block.get("Capital", [])) if n]
        records[code] = {
            "country": code,
            "name": name,
            "aliases": names + aliases,
            "adjectives": adjectives,
            "capital": capitals[0] if capitals else None,
            "capital_aliases": capitals[1:],
            "cities": [n for n in (_name(x) for x in block.get("MajorCities", [])) if n],
        }
    report["countries skipped: no CAMEO code in CountryInfo"] = len(skipped)
    for code in records:
        if len(code) == 3:
            iso_to_cameo.setdefault(code, code)
    for extra in NEW_COUNTRIES:
        records[extra["country"]] = {"aliases": [], "adjectives": [], "cities": [], **extra}
        iso_to_cameo.setdefault(extra["country"][-3:], extra["country"])
    for code, fix in COUNTRY_FIXES.items():
        if code not in records:
            raise SystemExit(f"COUNTRY_FIXES names {code}, which CountryInfo does not have")
        _apply_fix(records[code], fix)
    for code, dates in STATE_STARTS.items():
        records[code].update(dates)
    for code, groups in ETHNIC_GROUPS.items():
        record = records[code]
        record["adjectives"] = [
            *record["adjectives"],
            *(g for g in groups if g not in record["adjectives"]),
        ]
        record["ethnic_groups"] = _with_plurals(groups)
    for record in records.values():
        record["adjectives"] = _with_plurals(record.get("adjectives", []))
    for code, name, aliases, adjectives in REGIONS:  # their adjectives are listed in full
        records[code] = {"country": code, "name": name, "aliases": aliases}
        records[code]["adjectives"] = adjectives
    return _one_claim_per_name(list(records.values()), report), iso_to_cameo


def _current_code(text: str) -> str | None:
    """`[YUGBIH <20911024][BIH >20030101]` -> BIH: the code in force last."""
    codes = re.findall(r"\[([A-Z]+)", text)
    if codes:
        return codes[-1]
    text = text.strip()
    return text if re.fullmatch(r"[A-Z]{3,6}", text) else None


def _name(phrase: str) -> str:
    if "\ufffd" in phrase:
        return ""  # a character lost before the file reached us
    return display_name(re.sub(r"\s+", " ", phrase.replace("_", " ")).strip(), acronyms=False)


def _fold(text: str) -> str:
    """The matching form without accents: "Türkiye" and "Turkiye" fold alike."""
    decomposed = unicodedata.normalize("NFKD", normalise(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_DEMONYM_END = re.compile(
    r"(an|ans|ian|ians|ean|eans|ese|ish|ch|i|is|ot|ots|ine|ines|er|ers|ais|ois|ss"
    r"|(sh|ch|s|ey)m[ae]n)$"
)
_PLACE_WORDS = {"republic", "kingdom", "islands", "island", "isles", "state", "states", "of"}
_PLACE_WORDS |= {"federation", "democratic", "the", "people's", "union", "territory"}
_PLACE_WORDS |= {"republique", "republica", "republik", "royaume", "reino", "etats", "estados"}


def split_nationality(items: list[str], names: list[str]) -> tuple[list[str], list[str]]:
    """CountryInfo's <Nationality> mixes adjectives (Russian, first as a rule) with other
    names of the state (Russland, Rossija) and misspellings: (aliases, adjectives)."""
    aliases: list[str] = []
    adjectives: list[str] = []
    folded_names = [_fold(n) for n in names]
    stems = {w.removeprefix("d'")[:3] for n in folded_names for w in n.split() if len(w) > 2}
    for n, item in enumerate(items):
        folded = _fold(item)
        if not folded or folded in folded_names:
            continue
        if adjectives:
            stems.add(_fold(adjectives[0])[:3])
        first = n == 0
        (adjectives if _is_adjective(item, folded, folded_names, stems, first) else aliases).append(
            item
        )
    return aliases, adjectives


def _is_adjective(item: str, folded: str, names: list[str], stems: set[str], first: bool) -> bool:
    words = folded.split()
    last = words[-1]
    if item.replace(".", "").isupper() or any(w in _PLACE_WORDS for w in words):
        return False
    if last.endswith(("stan", "land", "ia", "burg", "ville")):
        return False
    for name in names:  # a misspelling of the name (Jordon, Irak, Turkei), not a derivation
        distance = _edits(folded, name)
        same_end = folded[-2:] == name[-2:]
        if distance <= 2 and (same_end or (len(folded) == len(name) and not first)):
            return first and folded.endswith(("ine", "ian", "ean"))  # Argentine: a derivation
    demonym = (
        _DEMONYM_END.search(last) is not None
        or (last.endswith("e") and len(last) <= 4)
        or (last.endswith("k") and len(last) <= 6)
    )
    if first:  # CountryInfo lists the main adjective first, as a rule
        return demonym or last.endswith(("e", "h", "z", "o", "a", "u", "y", "ar", "en"))
    if not demonym or any(folded[-2:] == n[-2:] for n in names):
        return False  # another spelling of the name (Azerbajdzhan), not a derivation
    return last[:3] in stems


def _edits(a: str, b: str) -> int:
    """Levenshtein distance (short strings only)."""
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _with_plurals(adjectives: list[str]) -> list[str]:
    """Russian -> Russian, Russians: the plural demonym, where English forms one."""
    out = list(adjectives)
    for adjective in adjectives:
        last = adjective.split()[-1].lower()
        if last.endswith(("ese", "sh", "ch", "ss", "ais", "ois", "s", "x", "y", "men")):
            continue  # the Chinese, the British, the French, the Swiss
        plural = plural_of(adjective)
        if plural and normalise(plural) not in {normalise(a) for a in out}:
            out.append(plural)
    return out


def _apply_fix(record: dict[str, Any], fix: dict[str, list[str]]) -> None:
    drop = {normalise(x) for x in fix.get("drop", [])}
    if "name" in fix:
        record["aliases"].insert(0, record["name"])
        record["name"] = fix["name"][0]
    if "capital" in fix:
        old = record.get("capital")
        record["capital"] = fix["capital"][0]
        if old:
            record.setdefault("capital_aliases", []).insert(0, old)
    listed = {normalise(v) for key in ("aliases", "adjectives") for v in fix.get(key, [])}
    for key in ("aliases", "adjectives", "cities", "capital_aliases"):
        mine = {normalise(v) for v in fix.get(key, [])}
        values = [
            v
            for v in record.get(key) or []
            if normalise(v) not in drop and (normalise(v) in mine or normalise(v) not in listed)
        ]  # a name the fix lists as an adjective is no alias, and the other way round
        known = {normalise(v) for v in values}
        values += [v for v in fix.get(key, []) if normalise(v) not in known]
        record[key] = values


def _one_claim_per_name(records: list[dict[str, Any]], report: Counter[str]) -> list[dict]:
    """Each name denotes one code: states' names first, then capitals, adjectives, other
    names and cities; sovereign states before dependencies before regions. A name a record
    uses twice (Luxembourg: state and capital) is fine; the later claims of other records,
    and cities listed by several states, are dropped."""
    city_counts = Counter(normalise(c) for r in records for c in set(r.get("cities") or []))

    def rank(record: dict[str, Any]) -> tuple[int, str]:
        code = record["country"]
        return (2 if code in {r[0] for r in REGIONS} else 0 if len(code) == 3 else 1, code)

    ordered = sorted(records, key=rank)
    owner: dict[str, str] = {}
    used: dict[str, set[str]] = defaultdict(set)  # code -> names it lists already
    for key in ("name", "capital", "capital_aliases", "adjectives", "aliases", "cities"):
        for record in ordered:
            mine = used[record["country"]]
            value = record.get(key)
            values = [value] if isinstance(value, str) else list(value or [])
            kept = []
            for item in values:
                folded = normalise(item)
                if key == "cities" and (city_counts[folded] > 1 or folded in NOT_CITIES):
                    report["countries: ambiguous or noisy city names dropped"] += 1
                    continue
                if key in ("capital", "capital_aliases") and folded in NOT_CITIES:
                    continue
                if owner.setdefault(folded, record["country"]) != record["country"]:
                    report[f"countries: {key} claimed by another code, dropped"] += 1
                    continue
                if folded not in mine or key == "capital":
                    kept.append(item)
                    mine.add(folded)
            if key == "name":
                continue  # names always stay (two records never share a name here)
            if key == "capital":
                record["capital"] = kept[0] if kept else None
            else:
                record[key] = kept
    out = []
    for record in records:
        clean = {k: v for k, v in record.items() if v not in (None, [], "")}
        out.append(clean)
    return out


# --- agents ---------------------------------------------------------------------------


def build_agents(path: Path, report: Counter[str]) -> list[dict[str, Any]]:
    """Phoenix's agents, each phrase coded once (the first in the file wins, as in PETRARCH)."""
    counts: Counter[str] = Counter()
    records = list(read_tabari(path, counts))
    _report_reader("agents", counts, report)
    claimed: set[str] = set()
    out = []
    for record in records:
        fix = AGENT_FIXES.get(record["agent"])
        if fix:
            record["code"] = fix["code"]
            record["aliases"] += [a for a in fix["aliases"] if a not in record["aliases"]]
        phrases = [p for p in [record["agent"], *record["aliases"]] if normalise(p) not in claimed]
        if len(phrases) < 1 + len(record["aliases"]):
            report["agents: phrases coded earlier in the file, dropped"] += (
                1 + len(record["aliases"]) - len(phrases)
            )
        if not phrases:
            continue
        claimed.update(normalise(p) for p in phrases)
        out.append({"agent": phrases[0], "code": record["code"], "aliases": phrases[1:]})
    for phrase, fix in AGENT_FIXES.items():
        if normalise(phrase) not in claimed:
            out.append({"agent": phrase, "code": fix["code"], "aliases": fix["aliases"]})
    return out


# --- Phoenix actors -------------------------------------------------------------------


def read_phoenix(folder: Path, report: Counter[str]) -> list[dict[str, Any]]:
    """The Phoenix actor dictionaries as records with unique, stable ids (the name's slug,
    numbered when names repeat with other codes)."""
    records: list[dict[str, Any]] = []
    by_slug: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for name in (
        "Phoenix.Countries.actors.txt",
        "Phoenix.International.actors.txt",
        "Phoenix.MilNonState.actors.txt",
    ):
        counts: Counter[str] = Counter()
        for record in read_tabari(folder / name, counts):
            record = _clean_roles(record, report)
            if record is None:
                continue
            slug = _slug(record["name"])
            same = by_slug[slug]
            twin = next((r for r in same if r["roles"] == record["roles"]), None)
            if twin is not None:
                twin["aliases"] += [a for a in record["aliases"] if a not in twin["aliases"]]
                report["phoenix: repeated actors merged"] += 1
                continue
            record_id = f"{slug}-{len(same) + 1}" if same else slug
            record = {"id": record_id, **{k: v for k, v in record.items() if k != "id"}}
            same.append(record)
            records.append(record)
        _report_reader(name, counts, report)
    return records


def _clean_roles(record: dict[str, Any], report: Counter[str]) -> dict[str, Any] | None:
    """Phoenix codes made usable: typos fixed, null codes (---) dropped, a bare `ELI` given
    the organisation of the actor's other code (Kofi Annan: IGOUNO..., then IGOELI)."""
    roles = []
    for role in record["roles"]:
        code = role["code"]
        if code in NULL_CODES:
            report["phoenix: null codes (---) dropped"] += 1
            continue
        for wrong, right in CODE_FIXES.items():
            if code.startswith(wrong):
                code = right + code[len(wrong) :]
        if code == "MED" and record["name"] in OUTLET_COUNTRIES:
            code = OUTLET_COUNTRIES[record["name"]] + "MED"
            report["phoenix: outlets coded bare MED given their country"] += 1
        elif code in ROLE_SECTORS:
            others = [r["code"] for r in record["roles"] if r["code"] not in ROLE_SECTORS]
            others = [c for c in others if c not in NULL_CODES]
            if not others:
                report["phoenix: bare sector codes without a country, dropped"] += 1
                continue
            code = others[0][:3] + code
            report["phoenix: bare sector codes given the actor's country"] += 1
        roles.append({**role, "code": code})
    if not roles:
        report["phoenix: actors left without a code, dropped"] += 1
        return None
    return {**record, "roles": roles}


def drop_geography(
    records: list[dict[str, Any]], countries: list[dict[str, Any]], report: Counter[str]
) -> list[dict[str, Any]]:
    """Phoenix's country entries mostly repeat countries.jsonl (names, adjectives, cities):
    those names are left to it; what remains (provinces, regions) stays as a location,
    except single words that are also part of people's names."""
    known = set()
    for country in countries:
        for key in ("name", "capital"):
            if country.get(key):
                known.add(normalise(country[key]))
        for key in ("aliases", "adjectives", "cities", "capital_aliases"):
            known.update(normalise(x) for x in country.get(key, []))
    known |= NOT_CITIES
    personal = {  # words of people's names: Farah, Galan are no safe place names
        word
        for record in records
        if record["kind"] == "person"
        for name in [record["name"], *record["aliases"]]
        for word in normalise(name).split()
    }
    out = []
    for record in records:
        if record["kind"] not in ("state", "location"):
            out.append(record)
            continue
        names = [
            n
            for n in [record["name"], *record["aliases"]]
            if normalise(n) not in known and normalise(n) not in personal
        ]
        report["phoenix: place names in countries.jsonl (or in people's names), dropped"] += (
            1 + len(record["aliases"]) - len(names)
        )
        if not names:
            report["phoenix: country entries dropped (all names in countries.jsonl)"] += 1
            continue
        out.append({**record, "kind": "location", "name": names[0], "aliases": names[1:]})
    return out


def _report_reader(name: str, counts: Counter[str], report: Counter[str]) -> None:
    for key, count in counts.items():
        if count and key.startswith(("skipped", "repaired")):
            report[f"read {name}: {key}"] += count


# --- leaders --------------------------------------------------------------------------


@dataclass
class Term:
    """One row of the leaders snapshot: a person's term as head of state or government."""

    qid: str
    label: str
    country: str  # CAMEO code
    role: str  # head_of_state | head_of_government
    start: date
    end: date | None


@dataclass
class Leader:
    qid: str
    label: str
    terms: list[Term] = field(default_factory=list)
    phoenix: list[dict[str, Any]] = field(default_factory=list)


def build_leaders(
    path: Path,
    phoenix: list[dict[str, Any]],
    iso_to_cameo: dict[str, str],
    report: Counter[str],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """One person record per QID, merged with the Phoenix entries of the same person (full
    name and country); returns (leaders, the Phoenix records left)."""
    terms = read_terms(path, iso_to_cameo, report)
    terms = close_stale_terms(terms, report)
    leaders: dict[str, Leader] = {}
    for term in terms:
        leaders.setdefault(term.qid, Leader(term.qid, term.label)).terms.append(term)
    for leader in list(leaders.values()):
        _drop_ex_officio(leader, report)
        last_end = max(t.end or date.max for t in leader.terms)
        if last_end < OLDEST_TERM_END:
            del leaders[leader.qid]
            report["leaders: out of office before 1900, left out"] += 1

    matched = match_phoenix(leaders, phoenix, report)
    records = [leader_record(leader) for leader in leaders.values()]
    remaining = [r for r in phoenix if r["id"] not in matched]
    return records, remaining


def read_terms(path: Path, iso_to_cameo: dict[str, str], report: Counter[str]) -> list[Term]:
    terms = []
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            qid, label = row["person_qid"].strip(), row["person"].strip()
            start, end = _wikidata_day(row["start"]), _wikidata_day(row["end"])
            country = iso_to_cameo.get(row["iso3"])
            if not re.fullmatch(r"Q\d+", qid):
                report["leaders: rows without a QID"] += 1
            elif start is None:
                report["leaders: rows without a readable start date (incl. fictional)"] += 1
            elif row["end"] and end is None:
                report["leaders: rows with an unreadable end date"] += 1
            elif end is not None and end < start:
                report["leaders: rows ending before they start"] += 1
            elif qid in FICTIONAL_QIDS:
                report["leaders: fictional rows"] += 1
            elif NOT_PERSONS.search(label) or label == qid:
                report["leaders: rows naming a collective or no one"] += 1
            elif country is None or row["role"] not in TITLES:
                report["leaders: rows for an unknown country or role"] += 1
            else:
                terms.append(Term(qid, label, country, row["role"], start, end))
    return terms


def _wikidata_day(text: str) -> date | None:
    match = re.match(r"^(\d{4})-(\d{2})-(\d{2})T", text or "")
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def close_stale_terms(terms: list[Term], report: Counter[str]) -> list[Term]:
    """The snapshot leaves some terms open after a successor took office (Kaja Kallas,
    Nana Akufo-Addo): an open term ends when someone else's later term in the same office
    begins, except where several people hold the office at once (Switzerland, Andorra...)."""
    offices: dict[tuple[str, str], list[Term]] = defaultdict(list)
    for term in terms:
        offices[(term.country, term.role)].append(term)
    out = []
    for (country, _role), held in offices.items():
        for term in held:
            if term.end is None and country not in COLLECTIVE_HEADS:
                later = [t.start for t in held if t.qid != term.qid and t.start > term.start]
                if later:
                    term = Term(**{**term.__dict__, "end": min(later)})
                    report["leaders: open terms closed by a successor's start"] += 1
            out.append(term)
    return out


def _drop_ex_officio(leader: Leader, report: Counter[str]) -> None:
    heads_of = {t.country for t in leader.terms if t.role == "head_of_state"}
    elsewhere = set().union(*(EX_OFFICIO.get(c, set()) for c in heads_of))
    kept = [
        t
        for t in leader.terms
        if not (t.role == "head_of_state" and t.country[-3:] in elsewhere and t.country != "GBR")
    ]
    report["leaders: ex officio terms left out (realms, co-princes)"] += len(leader.terms) - len(
        kept
    )
    leader.terms = kept


def leader_name(leader: Leader) -> tuple[str, list[str]]:
    """(name, extra aliases): an English name where the label is not one."""
    if leader.qid in ENGLISH_NAMES:
        name, aliases = ENGLISH_NAMES[leader.qid]
        return name, [*aliases, leader.label]
    return leader.label, []


def home_country(leader: Leader) -> str:
    """The country a leader is coded by: of the latest term (most terms on a tie)."""
    counts = Counter(t.country for t in leader.terms)
    latest = max(
        leader.terms,
        key=lambda t: (t.end or date.max, len(t.country) == 3, counts[t.country], t.country),
    )
    return latest.country


def match_phoenix(
    leaders: dict[str, Leader], phoenix: list[dict[str, Any]], report: Counter[str]
) -> set[str]:
    """Attach to each leader the Phoenix person entries with the same full name in one of
    the leader's countries; returns the ids of the Phoenix entries used."""
    index: dict[tuple[str, str], set[str]] = defaultdict(set)
    by_id = {r["id"]: r for r in phoenix}
    for record in phoenix:
        if record["kind"] != "person":
            continue
        countries = {r["code"][:3] for r in record["roles"]}
        for alias in [record["name"], *record["aliases"]]:
            key = _match_key(alias)
            if key:
                for country in countries:
                    index[(key, country)].add(record["id"])
    claims: dict[str, set[str]] = defaultdict(set)  # phoenix id -> qids
    candidates: dict[str, set[str]] = {}
    for leader in leaders.values():
        name, aliases = leader_name(leader)
        keys = {k for k in (_match_key(n) for n in [name, leader.label, *aliases]) if k}
        found = set()
        for country in {t.country[:3] for t in leader.terms}:
            for key in keys:
                found |= index.get((key, country), set())
        candidates[leader.qid] = found
        for pid in found:
            claims[pid].add(leader.qid)
    used = set()
    for qid, found in candidates.items():
        for pid in sorted(found):
            if len(claims[pid]) > 1:
                report["leaders: Phoenix entries matching several QIDs, not merged"] += 1
                continue
            leaders[qid].phoenix.append(by_id[pid])
            used.add(pid)
    report["leaders: merged with a Phoenix entry"] = sum(1 for q in leaders.values() if q.phoenix)
    return used


def _match_key(name: str) -> str | None:
    """A full personal name in a comparable form; None for one word or a title phrase."""
    folded = _fold(name).replace("-", " ").replace(".", " ")
    words = folded.split()
    if len(words) < 2 or words[0] in _TITLE_WORDS:
        return None
    return " ".join(words)


def leader_record(leader: Leader) -> dict[str, Any]:
    home = home_country(leader)
    name, extra = leader_name(leader)
    aliases: list[str] = []
    for alias in [*extra, *(a for p in leader.phoenix for a in [p["name"], *p["aliases"]])]:
        aliases.append(alias)
    ascii_name = _ascii(name)
    if ascii_name != name:
        aliases.insert(0, ascii_name)
    roles = _wikidata_roles(leader, home)
    roles += _phoenix_roles(leader, roles)
    ended = [t.end for t in leader.terms if t.end is not None]
    has_fallback = any("start" not in r and "end" not in r for r in roles)
    if ended and max(ended) >= ELITE_AFTER and not has_fallback:
        roles.append({"code": f"{home}ELI"})  # Phoenix: former leaders are elites
    return {
        "id": leader.qid,
        "name": name,
        "kind": "person",
        "wikidata": leader.qid,
        "country": home,
        "aliases": _unique(aliases, exclude=name),
        "roles": roles,
    }


def _wikidata_roles(leader: Leader, home: str) -> list[dict[str, Any]]:
    """Terms as dated {country}GOV roles: overlapping terms of one office merged, a head of
    state and government over the same span said once; the home country first."""
    spans: dict[tuple[str, str], list[tuple[date, date | None]]] = defaultdict(list)
    for term in leader.terms:
        spans[(term.country, term.role)].append((term.start, term.end))
    merged: dict[tuple[str, date, date | None], list[str]] = defaultdict(list)
    for (country, role), pieces in spans.items():
        for start, end in _merge_spans(pieces):
            merged[(country, start, end)].append(TITLES[role])
    roles = []
    for (country, start, end), titles in merged.items():
        title = " and ".join(sorted(set(titles)))
        title = title.replace(
            "head of government and head of state", "head of state and government"
        )
        role = {"code": f"{country}GOV", "start": start.isoformat()}
        if end is not None:
            role["end"] = end.isoformat()
        role["title"] = title
        roles.append(role)
    roles.sort(key=lambda r: (r["code"] != f"{home}GOV", r["start"], r.get("end") or ""))
    return roles


def _merge_spans(pieces: Iterable[tuple[date, date | None]]) -> list[tuple[date, date | None]]:
    out: list[tuple[date, date | None]] = []
    for start, end in sorted(pieces, key=lambda p: p[0]):
        if out:
            last_start, last_end = out[-1]
            if last_end is None or start <= last_end + timedelta(days=1):
                new_end = None if last_end is None or end is None else max(last_end, end)
                out[-1] = (last_start, new_end)
                continue
        out.append((start, end))
    return out


def _phoenix_roles(leader: Leader, wikidata: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The Phoenix entries' roles. Phoenix stops in 2015 and leaves terms open ("GOV from
    2009"): an open government role ends with the Wikidata term it falls in, or with the
    last term when none is open (Obama: USAGOV 2009-2017, not to this day)."""
    out: list[dict[str, Any]] = []
    for record in leader.phoenix:
        for role in record["roles"]:
            role = dict(role)
            if "start" in role and "end" not in role and role["code"][3:6] == "GOV":
                end = _end_of_term(date.fromisoformat(role["start"]), role["code"][:3], wikidata)
                if end is not None:
                    role["end"] = end.isoformat()
            if role not in out and not _covered(role, wikidata):
                out.append(role)
    return out


def _covered(role: dict[str, Any], wikidata: list[dict[str, Any]]) -> bool:
    """A dated role whose whole span the Wikidata terms with its code cover already."""
    if "start" not in role or "end" not in role:
        return False
    start, end = date.fromisoformat(role["start"]), date.fromisoformat(role["end"])
    spans = _merge_spans(
        (date.fromisoformat(w["start"]), date.fromisoformat(w["end"]) if "end" in w else None)
        for w in wikidata
        if w["code"] == role["code"]
    )
    return any(s <= start and (e is None or end <= e) for s, e in spans)


def _end_of_term(start: date, country: str, wikidata: list[dict[str, Any]]) -> date | None:
    """When an open Phoenix government role starting on `start` ended, by the Wikidata
    terms in that country: with the term it falls in, else with the last term, if over."""
    terms = [
        (date.fromisoformat(r["start"]), date.fromisoformat(r["end"]) if "end" in r else None)
        for r in wikidata
        if r["code"][:3] == country
    ]
    if not terms:
        return None
    within = [t for t in terms if t[0] - timedelta(days=90) <= start < (t[1] or date.max)]
    if within:
        return max(within, key=lambda t: t[0])[1]
    if any(t[1] is None for t in terms):
        return None
    return max(start, *(t[1] for t in terms if t[1] is not None))


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _unique(names: Iterable[str], exclude: str) -> list[str]:
    seen = {normalise(exclude)}
    out = []
    for name in names:
        key = normalise(name)
        if key and key not in seen:
            seen.add(key)
            out.append(name)
    return out


# --- United States Congress and executive ---------------------------------------------


@dataclass
class Politician:
    """A member of Congress or a president / vice president, with every term they served."""

    key: str  # GovTrack's id: every person in both files has one
    qid: str | None
    name: str  # the name news use (Wikipedia's title), else the nickname or first name + last
    names: list[str]  # other ways of writing it, most used first
    terms: list[dict[str, Any]] = field(default_factory=list)  # dated roles: code, start, end
    executive: bool = False


def build_us_congress(
    folder: Path,
    leaders: list[dict[str, Any]],
    phoenix: list[dict[str, Any]],
    curated: Path,
    report: Counter[str],
) -> list[dict[str, Any]]:
    """One person record per member of the current Congress and per president or vice
    president since 1900, with dated USALEG / USAGOV roles. A person the leaders or Phoenix
    files hold already (same QID, or same full name in the US) becomes one record with theirs,
    under their id, so that loading this file after them replaces their record. People that
    `curated` lists are left to it: it is hand-reviewed and wins."""
    people = _read_legislators(folder / "legislators-current.yaml", report)
    for person in _read_executive(folder / "executive.yaml", report):
        same = next((p for p in people if p.key == person.key), None)
        if same is None:
            people.append(person)
        else:  # a member of Congress who became president or vice president
            same.terms += person.terms
            same.executive = True
    curated_qids, curated_names = _curated_people(curated)
    kept = []
    for person in people:
        keys = {_match_key(n) for n in [person.name, *person.names]} - {None}
        if person.qid in curated_qids or keys & curated_names:
            report["us_congress: people curated.yaml lists, left to it"] += 1
        else:
            kept.append(person)
    leader_of = _match_leaders(kept, leaders, report)
    for person in kept:
        if person.key in leader_of:  # the leaders record names a president (Wikidata's label)
            person.names.insert(0, person.name)
            person.name = leader_of[person.key]["name"]
    phoenix_of = _match_us_phoenix(kept, phoenix, report)
    taken = _names_taken(leaders, phoenix, curated, leader_of, phoenix_of)
    owners: dict[str, set[str]] = defaultdict(set)  # name key -> keys of our people
    for person in kept:
        for alias in [person.name, *person.names]:
            owners[normalise(alias)].add(person.key)
    records = []
    for person in kept:
        names = []
        for alias in person.names:
            key = normalise(alias)
            if len(owners[key]) > 1 or key in taken:
                report["us_congress: aliases another person has too, dropped"] += 1
            else:
                names.append(alias)
        person.names = names
        records.append(_congress_record(person, leader_of.get(person.key), phoenix_of[person.key]))
    report["us_congress: with a Wikidata QID"] = sum(1 for r in records if r.get("wikidata"))
    return records


# USPS codes of the states and territories that send members to Congress.
US_STATES = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "FL": "Florida", "GA": "Georgia",
    "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa",
    "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada", "NH": "New Hampshire",
    "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York", "NC": "North Carolina",
    "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon", "PA": "Pennsylvania",
    "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota", "TN": "Tennessee",
    "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia", "WA": "Washington",
    "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    # non-voting members of the House
    "DC": "the District of Columbia", "PR": "Puerto Rico", "GU": "Guam",
    "VI": "the U.S. Virgin Islands", "AS": "American Samoa", "MP": "the Northern Mariana Islands",
}  # fmt: skip
# Words that begin common compound surnames ("De La Cruz"): such a surname alone is no name.
SURNAME_PARTICLES = {"de", "del", "della", "di", "da", "dos", "la", "le"}
# Names of members that their record lacks, by QID (keep this short; say why).
CONGRESS_ALIASES = {
    "Q2036942": ["Rafael Edward Cruz"],  # Ted Cruz's legal name, The New York Times's usage
}
# A new Congress meets a few days after the last one ends: terms of one seat this close
# together are one span of service.
SAME_SEAT_GAP = timedelta(days=31)
EXECUTIVE_TITLES = {
    "prez": "President of the United States",
    "viceprez": "Vice President of the United States",
}


def _load_yaml(path: Path) -> Any:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(path.read_text(encoding="utf-8"), Loader=loader)


def _read_legislators(path: Path, report: Counter[str]) -> list[Politician]:
    people = []
    for row in _load_yaml(path):
        terms: list[dict[str, Any]] = []
        for term in row["terms"]:
            state = US_STATES[term["state"]]
            if term["type"] == "sen":
                title = f"United States Senator from {state}"
            elif term["state"] == "PR":
                title = "Resident Commissioner of Puerto Rico"
            elif term["state"] in ("DC", "GU", "VI", "AS", "MP"):
                title = f"Delegate to the House from {state}"
            else:
                title = f"United States Representative from {state}"
            terms.append(_term("USALEG", term, title))
        people.append(_politician(row, _join_terms(terms)))
    report["us_congress: members of the current Congress"] = len(people)
    return people


def _read_executive(path: Path, report: Counter[str]) -> list[Politician]:
    people = []
    for row in _load_yaml(path):
        terms = [_term("USAGOV", t, EXECUTIVE_TITLES[t["type"]]) for t in row["terms"]]
        if max(date.fromisoformat(t["end"]) for t in terms) < OLDEST_TERM_END:
            report["us_congress: presidents and vice presidents out before 1900, left out"] += 1
            continue
        people.append(_politician(row, _join_terms(terms), executive=True))
    report["us_congress: presidents and vice presidents since 1900"] = len(people)
    return people


def _term(code: str, term: dict[str, Any], title: str) -> dict[str, Any]:
    return {"code": code, "start": term["start"], "end": term["end"], "title": title}


def _join_terms(terms: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Consecutive terms in one office as one span: a senator re-elected twice is one role."""
    out: list[dict[str, Any]] = []
    for term in sorted(terms, key=lambda t: (t["start"], t["end"])):
        last = out[-1] if out else None
        if (
            last is not None
            and (last["code"], last["title"]) == (term["code"], term["title"])
            and date.fromisoformat(term["start"]) - date.fromisoformat(last["end"]) <= SAME_SEAT_GAP
        ):
            last["end"] = max(last["end"], term["end"])
        else:
            out.append(dict(term))
    return out


def _politician(
    row: dict[str, Any], terms: list[dict[str, Any]], executive: bool = False
) -> Politician:
    ids = row["id"]
    names = congress_names(row["name"], ids.get("wikipedia"))
    names += CONGRESS_ALIASES.get(ids.get("wikidata"), [])
    return Politician(
        str(ids["govtrack"]), ids.get("wikidata"), names[0], names[1:], terms, executive
    )


def congress_names(name: dict[str, str], wikipedia: str | None = None) -> list[str]:
    """The ways news write a member's name, the most used first: Wikipedia's title ("Bernie
    Sanders"), nickname + last ("Chuck Schumer"), first + last, the official full name
    ("Charles E. Schumer"), first + middle + last, with initials, with the suffix ("Jr.")."""
    first, last = name["first"], name["last"]
    official = name.get("official_full") or ""
    quoted = re.search(r'"([^"]+)"', official)  # Eric A. "Rick" Crawford
    nickname = name.get("nickname") or (quoted[1] if quoted else None)
    official = re.sub(r'\s*"[^"]+"', "", official)
    given, *more_given = first.split()  # "George Herbert Walker" Bush
    middles = more_given + (name.get("middle") or "").split()
    initial = re.fullmatch(r"\w\.", given) is not None  # "J. French Hill" is French Hill
    called = " ".join(middles[:1]) if initial and middles else given
    names = [re.sub(r"\s*\([^)]*\)$", "", wikipedia)] if wikipedia else []
    if nickname:
        names.append(f"{nickname} {last}")
    names.append(f"{called} {last}")
    if official:
        names.append(official)
    if middles:
        names.append(" ".join([given, *middles, last]))
        initials = " ".join(m if re.fullmatch(r"\w\.", m) else f"{m[0]}." for m in middles)
        names.append(f"{given} {initials} {last}")
    if name.get("suffix"):
        names += [f"{called} {last} {name['suffix']}", f"{called} {last}, {name['suffix']}"]
    if re.search(r"[ -]", last) and last.split()[0].lower() not in SURNAME_PARTICLES:
        names.append(last)  # "Wasserman Schultz": news shorten to it, and no one else has it
    names += [_compact_initials(n) for n in names]
    names += [_ascii(n) for n in names]
    return _unique(names, exclude="")


def _compact_initials(name: str) -> str:
    """Initials written without spaces, as news often write them: "George H.W. Bush"."""
    return re.sub(r"\b(\w)\. (?=\w\.)", r"\1.", name)


def _curated_people(path: Path) -> tuple[set[str], set[str]]:
    """The QIDs and full-name keys of the people `path` (curated.yaml) lists."""
    if not path.exists():
        return set(), set()
    qids, keys = set(), set()
    for record in _load_yaml(path) or []:
        if record.get("kind") != "person":
            continue
        if record.get("wikidata"):
            qids.add(record["wikidata"])
        keys |= {_match_key(n) for n in [record["name"], *record.get("aliases", [])]}
    return qids, keys - {None}


def _match_leaders(
    people: list[Politician], leaders: list[dict[str, Any]], report: Counter[str]
) -> dict[str, dict[str, Any]]:
    """person key -> the leaders.jsonl record of the same person: by QID, else (the presidents
    executive.yaml gives no QID) by a full name only one US leader has."""
    by_qid = {r["wikidata"]: r for r in leaders}
    by_key: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for record in leaders:
        if record["country"] == "USA":
            for alias in [record["name"], *record["aliases"]]:
                key = _match_key(alias)
                if key and record not in by_key[key]:
                    by_key[key].append(record)
    found = {}
    for person in people:
        if person.qid:
            leader = by_qid.get(person.qid)
        else:
            keys = {_match_key(n) for n in [person.name, *person.names]} - {None}
            matches = {r["id"]: r for k in keys for r in by_key.get(k, []) if len(by_key[k]) == 1}
            leader = next(iter(matches.values())) if len(matches) == 1 else None
        if leader is not None:
            found[person.key] = leader
    report["us_congress: merged with a leaders.jsonl record"] = len(found)
    return found


def _match_us_phoenix(
    people: list[Politician], phoenix: list[dict[str, Any]], report: Counter[str]
) -> dict[str, list[dict[str, Any]]]:
    """person key -> the Phoenix person entries coded American with one of the person's full
    names; an entry that several people's names match is merged with none."""
    index: dict[str, set[str]] = defaultdict(set)
    by_id = {r["id"]: r for r in phoenix}
    for record in phoenix:
        if record["kind"] == "person" and any(r["code"][:3] == "USA" for r in record["roles"]):
            for alias in [record["name"], *record["aliases"]]:
                key = _match_key(alias)
                if key:
                    index[key].add(record["id"])
    found: dict[str, set[str]] = {}
    claims: Counter[str] = Counter()
    for person in people:
        keys = {_match_key(n) for n in [person.name, *person.names]} - {None}
        found[person.key] = set().union(*(index.get(k, set()) for k in keys))
        claims.update(found[person.key])
    out = {}
    for key, ids in found.items():
        out[key] = [by_id[i] for i in sorted(ids) if claims[i] == 1]
        report["us_congress: Phoenix entries matching several people, not merged"] += sum(
            1 for i in ids if claims[i] > 1
        )
    report["us_congress: merged with a Phoenix entry"] = sum(1 for ids in out.values() if ids)
    return out


def _names_taken(
    leaders: list[dict[str, Any]],
    phoenix: list[dict[str, Any]],
    curated: Path,
    leader_of: dict[str, dict[str, Any]],
    phoenix_of: dict[str, list[dict[str, Any]]],
) -> set[str]:
    """The names of the other actors in the knowledge base (not the records merged here)."""
    merged = {r["id"] for r in leader_of.values()}
    merged |= {r["id"] for records in phoenix_of.values() for r in records}
    records = [r for r in [*leaders, *phoenix] if r["id"] not in merged]
    if curated.exists():
        records += [r for r in _load_yaml(curated) or [] if "name" in r and "kind" in r]
    return {normalise(n) for r in records for n in [r["name"], *r.get("aliases", [])]}


def _congress_record(
    person: Politician, leader: dict[str, Any] | None, phoenix: list[dict[str, Any]]
) -> dict[str, Any]:
    """The person's record: their terms, and the roles and names of the records merged,
    under the id of the record it replaces (leaders: the QID; Phoenix: the name's slug)."""
    older = [leader] if leader else []
    older += phoenix
    if older:
        record_id = older[0]["id"]
    else:
        record_id = person.qid or _slug(person.name)
    qid = person.qid or (leader["wikidata"] if leader else None)
    name = person.name
    aliases = [a for r in older for a in [r["name"], *r["aliases"]]] + [person.name, *person.names]
    aliases += [_compact_initials(a) for a in aliases]
    roles = [dict(t) for t in person.terms]
    for role in (r for record in older for r in record["roles"]):
        if not _superseded(role, person.terms) and role not in roles:
            roles.append(dict(role))
    ended = [date.fromisoformat(t["end"]) for t in person.terms if t["code"] == "USAGOV"]
    if person.executive and max(ended) >= ELITE_AFTER and not any("start" not in r for r in roles):
        roles.append({"code": "USAELI"})  # Phoenix: former leaders are elites
    roles.sort(key=lambda r: ("start" not in r, r.get("start", ""), r.get("end", "")))
    record = {"id": record_id, "name": name, "kind": "person"}
    if qid:
        record["wikidata"] = qid
    record.update(country="USA", aliases=_unique(aliases, exclude=name), roles=roles)
    return record


def _record_order(record: dict[str, Any]) -> tuple[int, int, str]:
    """QIDs in numeric order, then the other ids (Phoenix slugs) alphabetically."""
    qid = re.fullmatch(r"Q(\d+)", record["id"])
    return (0, int(qid[1]), "") if qid else (1, 0, record["id"])


def _superseded(role: dict[str, Any], terms: list[dict[str, Any]]) -> bool:
    """An older source's dated role that the Congress data says better: the same code over
    a span a term covers, a legislative code (Phoenix: USAGOVLEG) over a term in Congress, or
    another code starting within a term (it would win over the term in its dates)."""
    if "start" not in role:
        return False
    start = date.fromisoformat(role["start"])
    end = date.fromisoformat(role["end"]) if "end" in role else date.max
    for term in terms:
        t_start, t_end = date.fromisoformat(term["start"]), date.fromisoformat(term["end"])
        overlaps = start <= t_end and t_start <= end
        if role["code"] == term["code"] and t_start <= start and end <= t_end:
            return True
        if overlaps and "LEG" in role["code"][3:] and term["code"] == "USALEG":
            return True
        if overlaps and t_start < start and role["code"] != term["code"]:
            return True
    return False


# --- writing --------------------------------------------------------------------------


def write_jsonl(path: Path, records: list[dict[str, Any]]) -> int:
    """One compact JSON object a line, keys in a fixed order; returns the size in bytes."""
    text = "".join(json.dumps(r, ensure_ascii=False, separators=(",", ":")) + "\n" for r in records)
    path.write_text(text, encoding="utf-8")
    return len(text.encode("utf-8"))


if __name__ == "__main__":
    sys.exit(main())
