"""Hand annotations, keyed by sentence index of segment.sentences() (build_gold.py turns them
into character offsets). No source text here: only actor surface forms, codes, labels and a
short target label written by the annotator.

stance rows: (sentence, actor surface form, CAMEO code or None, issue, stance, target
  [, actor_sentence])
  the actor span is looked up in the evidence sentence, else in actor_sentence if given,
  else the nearest preceding mention in the document.
assessment: {focus_code: (focus_name, {"opportunity": [sentences], "risk": [sentences]})}
"""

DOCS = []

# ---------------------------------------------------------------- dev
DOCS.append(
    dict(
        doc="dev/text/nyt_2016-09-28_what-mexico-could-do-when-up-aga.txt",
        stances=[
            (
                2,
                "the United States",
                "USA",
                "trade",
                "favor",
                "NAFTA cross-border trucking (2000 pledge)",
            ),
            (
                3,
                "the Teamsters",
                "USALAB",
                "trade",
                "against",
                "opening US roads to Mexican trucks",
            ),
            (
                3,
                "the union's allies in Congress",
                "USALEG",
                "trade",
                "against",
                "opening US roads to Mexican trucks",
            ),
            (3, "Washington", "USAGOV", "trade", "against", "opening US roads to Mexican trucks"),
            (5, "Mexico", "MEXGOV", "trade", "favor", "cross-border trucking pilot program"),
            (
                5,
                "the George W. Bush administration",
                "USAGOV",
                "trade",
                "favor",
                "cross-border trucking pilot program",
            ),
            (6, "Congress", "USALEG", "trade", "against", "cross-border trucking pilot program"),
            (8, "Senator Ron Wyden", "USALEG", "trade", "against", "cross-border trucking deal"),
            (8, "Senator Patty Murray", "USALEG", "trade", "against", "cross-border trucking deal"),
            (16, "Luis Rubio", "MEXEDU", "trade", "favor", "NAFTA"),
            (21, "Mr. Trump", "USAELI", "trade", "against", "35 percent tariff on Mexican imports"),
            (21, "Mr. Trump", "USAELI", "immigration", "against", "wall on the Mexican border"),
            (
                32,
                "Mr. Guajardo Villarreal",
                "MEXGOV",
                "trade",
                "favor",
                "US-Mexico trade relationship",
            ),
            (
                39,
                "Mr. Castañeda",
                "MEXELI",
                "immigration",
                "favor",
                "resisting Trump's border wall",
                37,
            ),
            (
                40,
                "Mr. Castañeda",
                "MEXELI",
                "immigration",
                "favor",
                "resisting Trump's border wall",
            ),
            (
                41,
                "Mr. Castañeda",
                "MEXELI",
                "trade",
                "favor",
                "suing against Trump's protectionist agenda",
                40,
            ),
            (41, "Mr. Trump", "USAELI", "trade", "against", "protectionist agenda"),
        ],
        assess={
            "MEX": (
                "Mexico",
                {
                    "risk": [3, 6, 11, 15, 17, 18, 19, 20, 21, 23, 42, 47, 50, 52],
                    "opportunity": [4, 9, 10, 33, 35, 37, 38, 39, 41, 43, 44, 45, 46],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="dev/text/huff-post_2016-09-10_trump-s-east-european-achilles-h.txt",
        stances=[
            (1, "Donald Trump", "USAELI", "alliances", "against", "NATO"),
            (1, "Donald Trump", "USAELI", "bilateral_relations", "favor", "Russia"),
            (13, "Trump", "USAELI", "bilateral_relations", "favor", "Russia / Putin"),
            (
                14,
                "Trump",
                "USAELI",
                "territorial_control",
                "neutral",
                "Russia's annexation of Crimea",
            ),
            (
                15,
                "his operatives",
                "USAELI",
                "aid",
                "against",
                "lethal defensive weapons for Ukraine",
            ),
            (29, "Trump", "USAELI", "alliances", "against", "NATO"),
            (30, "Trump", "USAELI", "alliances", "against", "NATO"),
            (31, "Trump", "USAELI", "alliances", "against", "NATO"),
            (35, "Congress", "USALEG", "alliances", "favor", "NATO"),
            (36, "Republicans", "USAOPP", "alliances", "favor", "NATO enlargement"),
            (36, "Newt Gingrich", "USALEG", "alliances", "favor", "NATO enlargement"),
            (
                37,
                "the Senate",
                "USALEG",
                "alliances",
                "favor",
                "admitting Poland, Hungary, Czech Republic to NATO",
            ),
            (
                37,
                "Joe Biden",
                "USALEG",
                "alliances",
                "favor",
                "admitting Poland, Hungary, Czech Republic to NATO",
            ),
            (39, "Gingrich", "USAELI", "alliances", "against", "defending NATO member Estonia"),
            (40, "Trump", "USAELI", "bilateral_relations", "favor", "Russia / Putin"),
            (
                41,
                "Dainis Ivans",
                "LVAMED",
                "bilateral_relations",
                "against",
                "Trump-Putin rapprochement",
            ),
            (
                42,
                "Hillary Clinton",
                "USAELI",
                "alliances",
                "favor",
                "NATO and US solidarity with allies",
            ),
            (
                43,
                "leaders",
                None,
                "bilateral_relations",
                "against",
                "Trump's pro-Russian statements",
            ),
            (
                44,
                "the Central and East European Coalition",
                "USANGO",
                "elections",
                "neutral",
                "non-endorsement policy",
            ),
            (
                45,
                "the Obama administration",
                "USAGOV",
                "security_guarantees",
                "favor",
                "funding and prepositioned equipment in Eastern Europe",
            ),
            (
                45,
                "it",
                "USANGO",
                "security_guarantees",
                "favor",
                "permanent NATO bases in eastern member states",
            ),
        ],
        assess={
            "USAELI": (
                "Donald Trump",
                {
                    "risk": [1, 2, 17, 18, 44, 46],
                    "opportunity": [],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="dev/text/usa-today_2016-09-08_lawmaker-urges-retaliation-on-ru.txt",
        stances=[
            (
                2,
                "Rep. Adam Schiff",
                "USALEG",
                "sanctions",
                "favor",
                "retaliation against Russia for election interference",
            ),
            (
                9,
                "Schiff",
                "USALEG",
                "sanctions",
                "favor",
                "action against Russia with European countries",
            ),
            (
                10,
                "Schiff",
                "USALEG",
                "sanctions",
                "favor",
                "sanctions on Russian entities and people",
            ),
            (7, "He", "USAGOV", "sanctions", "against", "retaliation against Russia for hacking"),
            (8, "Obama", "USAGOV", "sanctions", "against", "cyber retaliation against Russia", 6),
            (
                14,
                "John Kerry",
                "USAGOV",
                "peace_talks",
                "favor",
                "negotiations with Russia over Syria",
            ),
        ],
        assess={
            "RUS": (
                "Russia",
                {
                    "risk": [1, 2, 4, 9, 10],
                    "opportunity": [5, 7, 8, 12, 14, 15],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="dev/text/wash-post_2016-09-10_outrage-but-few-options-on-the-t.txt",
        stances=[
            (
                2,
                "The United Nations Security Council",
                "IGOUNO",
                "sanctions",
                "favor",
                "further sanctions on North Korea",
            ),
            (
                2,
                "The United Nations Security Council",
                "IGOUNO",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (1, "World leaders", None, "nuclear_weapons", "against", "North Korea's nuclear test"),
            (1, "Obama", "USAGOV", "sanctions", "favor", "consequences for North Korea"),
            (
                6,
                "the Security Council",
                "IGOUNO",
                "nuclear_weapons",
                "against",
                "North Korea's ballistic missile launch",
            ),
            (
                7,
                "World leaders and diplomats",
                None,
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (
                8,
                "state news media",
                "PRKMED",
                "nuclear_weapons",
                "favor",
                "North Korea's warhead capability",
            ),
            (
                3,
                "the Security Council",
                "IGOUNO",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (
                5,
                "the members of the Security Council",
                "IGOUNO",
                "sanctions",
                "favor",
                "appropriate measures under the UN Charter",
            ),
            (
                8,
                "The U.N.",
                "IGOUNO",
                "sanctions",
                "favor",
                "economic sanctions on North Korea (March)",
            ),
            (9, "North Korea", "PRKGOV", "nuclear_weapons", "favor", "its nuclear test"),
            (
                10,
                "President Obama",
                "USAGOV",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (11, "He", "USAGOV", "sanctions", "favor", "new UN sanctions on North Korea"),
            (
                12,
                "he",
                "USAGOV",
                "nuclear_weapons",
                "against",
                "accepting a nuclear-armed North Korea",
            ),
            (
                13,
                "Jean-Marc Ayrault",
                "FRAGOV",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (
                13,
                "Jean-Marc Ayrault",
                "FRAGOV",
                "sanctions",
                "favor",
                "consequences at the UN Security Council",
            ),
            (
                14,
                "Secretary General Ban Ki-moon",
                "IGOUNO",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (15, "he", "IGOUNO", "sanctions", "favor", "Security Council action"),
            (
                17,
                "Secretary of State John F. Kerry",
                "USAGOV",
                "sanctions",
                "favor",
                "robust steps with Security Council members",
            ),
            (
                17,
                "Secretary of State John F. Kerry",
                "USAGOV",
                "peace_talks",
                "favor",
                "denuclearization talks with North Korea",
            ),
            (
                17,
                "North Korea",
                "PRKGOV",
                "peace_talks",
                "against",
                "denuclearization talks (abandoned in 2009)",
            ),
            (18, "he", "USAGOV", "peace_talks", "favor", "denuclearization talks with North Korea"),
            (
                20,
                "Australian Prime Minister Malcolm Turnbull",
                "AUSGOV",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (
                21,
                "South Korea",
                "KORGOV",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (
                22,
                "South Korean President Park Geun-hye",
                "KORGOV",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (23, "Japan", "JPNGOV", "nuclear_weapons", "against", "North Korea's nuclear test"),
            (24, "Russia", "RUSGOV", "nuclear_weapons", "against", "North Korea's nuclear test"),
            (
                25,
                "The International Atomic Energy Agency",
                "IGOUNOIAE",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (26, "China", "CHNGOV", "nuclear_weapons", "against", "North Korea's nuclear test"),
            (
                29,
                "the Security Council",
                "IGOUNO",
                "sanctions",
                "favor",
                "sweeping sanctions after the January test",
            ),
            (32, "Daryl Kimball", "USANGO", "sanctions", "against", "the sanctions-only approach"),
            (33, "Daryl Kimball", "USANGO", "peace_talks", "favor", "engaging North Korea", 32),
        ],
        assess={
            "PRK": (
                "North Korea",
                {
                    "risk": [
                        1,
                        2,
                        3,
                        4,
                        5,
                        6,
                        7,
                        8,
                        10,
                        11,
                        12,
                        13,
                        14,
                        15,
                        17,
                        20,
                        21,
                        22,
                        23,
                        24,
                        25,
                        26,
                        29,
                        42,
                    ],
                    "opportunity": [9, 18, 28, 30, 31, 32, 41, 44, 45],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="dev/text/nyt_2016-09-19_old-hands-help-russia-navigate-u.txt",
        stances=[
            (
                2,
                "Kamala Lopez",
                "USAMED",
                "other",
                "favor",
                "ratification of the Equal Rights Amendment",
            ),
            (43, "RT", "RUSMED", "territorial_control", "favor", "Russia's seizure of Crimea"),
            (
                43,
                "Mr. Putin",
                "RUSGOV",
                "territorial_control",
                "favor",
                "Russia's seizure of Crimea",
            ),
            (
                44,
                "Ms. Wahl",
                "USAMED",
                "territorial_control",
                "against",
                "Russia's seizure of Crimea",
            ),
            (
                45,
                "Abby Martin",
                "USAMED",
                "territorial_control",
                "against",
                "Russia's annexation of Crimea",
            ),
            (
                46,
                "Margarita Simonyan",
                "RUSMED",
                "territorial_control",
                "favor",
                "Russia's annexation of Crimea (editorial line)",
            ),
        ],
        assess={
            "RUS": (
                "Russia",
                {
                    "risk": [31, 38, 41, 42, 44, 45, 48, 54],
                    "opportunity": [5, 17, 18, 21, 24, 25, 26, 49, 57],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="dev/text/west-journal_2016-09-12_obama-seeks-more-muslim-refugees.txt",
        stances=[
            (
                1,
                "President Barack Obama",
                "USAGOV",
                "immigration",
                "favor",
                "accepting more Muslim refugees",
            ),
            (5, "he", "USAGOV", "immigration", "favor", "welcoming refugees and immigrants"),
            (
                6,
                "the Obama administration",
                "USAGOV",
                "immigration",
                "favor",
                "accepting 10,000 Syrian refugees",
            ),
            (12, "Donald Trump", "USAELI", "immigration", "against", "accepting Syrian refugees"),
            (13, "Trump", "USAELI", "immigration", "against", "accepting Syrian refugees"),
            (14, "Trump", "USAELI", "immigration", "against", "accepting Syrian refugees"),
            (15, "Trump", "USAELI", "immigration", "against", "accepting Syrian refugees"),
        ],
        assess=None,  # stance-only document (no focal actor with opportunities/risks)
    )
)

DOCS.append(
    dict(
        doc="dev/text/wash-post_2016-09-18_e-u-leaders-weigh-plans-for-grea.txt",
        stances=[
            (2, "European leaders", "IGOEUREEC", "alliances", "favor", "EU defense cooperation"),
            (
                4,
                "President Obama",
                "USAGOV",
                "alliances",
                "favor",
                "higher European defense spending",
            ),
            (9, "French President", "FRAGOV", "alliances", "favor", "EU defense capability"),
            (11, "critics", None, "alliances", "favor", "NATO rather than a separate EU effort"),
            (22, "France", "FRAGOV", "alliances", "favor", "permanent EU military headquarters"),
            (22, "Germany", "DEUGOV", "alliances", "favor", "permanent EU military headquarters"),
            (
                27,
                "Other E.U. leaders",
                "IGOEUREEC",
                "alliances",
                "favor",
                "jointly owned drones and equipment",
            ),
            (29, "Central European leaders", None, "immigration", "against", "taking in migrants"),
            (
                29,
                "Central European leaders",
                None,
                "alliances",
                "favor",
                "a full-fledged EU military force",
            ),
            (
                30,
                "Britain",
                "GBRGOV",
                "alliances",
                "against",
                "centralizing European military might",
            ),
            (
                43,
                "Trump",
                "USAELI",
                "security_guarantees",
                "against",
                "automatic defense of NATO members",
            ),
            (
                44,
                "Hillary Clinton",
                "USAELI",
                "security_guarantees",
                "favor",
                "US defense commitments to Europe",
            ),
            (
                44,
                "Hillary Clinton",
                "USAELI",
                "alliances",
                "favor",
                "higher European defense spending",
            ),
            (44, "Obama", "USAGOV", "alliances", "favor", "higher European defense spending"),
            (45, "Trump", "USAELI", "alliances", "against", "the NATO treaty"),
            (46, "he", None, "alliances", "favor", "European defense cooperation"),
        ],
        assess={
            "IGOEUREEC": (
                "European Union",
                {
                    "risk": [
                        1,
                        2,
                        3,
                        5,
                        6,
                        7,
                        9,
                        12,
                        14,
                        15,
                        17,
                        18,
                        19,
                        20,
                        21,
                        25,
                        32,
                        33,
                        34,
                        35,
                        36,
                        37,
                        38,
                        40,
                        41,
                        42,
                        43,
                        45,
                    ],
                    "opportunity": [4, 8, 10, 13, 16, 22, 24, 26, 27, 28, 29, 44, 46],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="dev/text/wash-post_2016-09-16_burma-leader-s-visit-to-washingt.txt",
        stances=[
            (
                1,
                "the Obama administration",
                "USAGOV",
                "bilateral_relations",
                "favor",
                "engagement with Burma",
            ),
            (
                2,
                "President Obama",
                "USAGOV",
                "bilateral_relations",
                "favor",
                "relations with Burma",
            ),
            (
                2,
                "Republican leaders",
                "USAOPP",
                "bilateral_relations",
                "favor",
                "relations with Burma",
            ),
            (
                6,
                "the White House",
                "USAGOV",
                "sanctions",
                "against",
                "easing trade sanctions on Burma",
            ),
            (
                6,
                "the White House",
                "USAGOV",
                "bilateral_relations",
                "favor",
                "normalizing relations with Burma",
            ),
            (7, "Administration officials", "USAGOV", "trade", "favor", "US investment in Burma"),
            (8, "Obama", "USAGOV", "sanctions", "against", "easing sanctions on Burma"),
            (
                10,
                "human rights groups",
                "NGOHRI",
                "sanctions",
                "favor",
                "keeping leverage over Burma's military",
            ),
            (15, "she", "MMRGOV", "sanctions", "against", "US sanctions on Burma"),
            (
                18,
                "McConnell",
                "USALEG",
                "sanctions",
                "favor",
                "sanctions on Burma's military rulers (past)",
            ),
            (
                20,
                "McConnell",
                "USALEG",
                "bilateral_relations",
                "favor",
                "relations with reforming Burma (2012)",
            ),
            (
                21,
                "he",
                "USALEG",
                "sanctions",
                "against",
                "waiver on investment restrictions (2012)",
            ),
            (33, "McConnell aides", "USALEG", "sanctions", "favor", "sanctions got results"),
            (
                33,
                "most Republicans",
                "USAOPP",
                "bilateral_relations",
                "against",
                "Obama's outreach to Cuba and Iran",
            ),
            (42, "Rep. Joseph Crowley", "USALEG", "human_rights", "favor", "human rights in Burma"),
            (42, "George Bush", "USAELI", "sanctions", "favor", "sanctions on Burma"),
        ],
        assess={
            "MMR": (
                "Burma (Myanmar)",
                {
                    "risk": [10, 11, 12, 29, 35],
                    "opportunity": [
                        1,
                        2,
                        3,
                        4,
                        6,
                        7,
                        8,
                        9,
                        16,
                        19,
                        20,
                        21,
                        26,
                        27,
                        34,
                        36,
                        37,
                        38,
                        39,
                        40,
                        41,
                    ],
                },
            )
        },
    )
)

# ---------------------------------------------------------------- train
DOCS.append(
    dict(
        doc="train/text/nyt_2016-09-06_u-s-presses-for-truce-in-syria-d.txt",
        stances=[
            (
                3,
                "President Obama",
                "USAGOV",
                "peace_talks",
                "favor",
                "US-Russia talks on stopping Aleppo bombing",
            ),
            (
                11,
                "the Obama administration",
                "USAGOV",
                "peace_talks",
                "favor",
                "cease-fire deal with Russia",
            ),
            (
                12,
                "Secretary of State John Kerry",
                "USAGOV",
                "peace_talks",
                "favor",
                "cease-fire negotiations with Russia",
            ),
            (
                15,
                "Mr. Obama",
                "USAGOV",
                "peace_talks",
                "favor",
                "continuing negotiations with Russia",
            ),
            (16, "he", "USAGOV", "peace_talks", "favor", "durable cease-fire in Syria"),
            (
                20,
                "Mr. Obama",
                "USAGOV",
                "aid",
                "against",
                "expanding military aid to vetted rebels",
            ),
            (
                20,
                "officials in the administration",
                "USAGOV",
                "aid",
                "favor",
                "expanding military aid to vetted rebels",
            ),
            (
                21,
                "the president",
                "USAGOV",
                "aid",
                "against",
                "more powerful weapons for the rebels",
            ),
            (
                22,
                "Mrs. Clinton",
                "USAELI",
                "military_action",
                "favor",
                "partial no-fly zone over Syria",
            ),
            (
                24,
                "Mrs. Clinton",
                "USAELI",
                "military_action",
                "favor",
                "measures to ground Assad's air force",
            ),
            (
                25,
                "51 State Department employees",
                "USAGOV",
                "military_action",
                "favor",
                "airstrikes on Assad's planes and runways",
            ),
            (32, "Mrs. Clinton", "USAELI", "military_action", "favor", "no-fly zone in Syria"),
            (38, "The Russians", "RUSGOV", "military_action", "favor", "airstrikes around Aleppo"),
            (
                45,
                "the United States",
                "USAGOV",
                "military_action",
                "against",
                "escalating the proxy war in Syria",
            ),
            (
                45,
                "Russia",
                "RUSGOV",
                "military_action",
                "against",
                "escalating the proxy war in Syria",
            ),
            (49, "Mr. Kerry", "USAGOV", "peace_talks", "favor", "cease-fire in Syria"),
            (
                52,
                "the White House",
                "USAGOV",
                "immigration",
                "favor",
                "taking in 10,000 Syrian refugees",
            ),
        ],
        assess={
            "USA": (
                "United States (Obama administration)",
                {
                    "risk": [11, 13, 14, 18, 19, 23, 35, 36, 37, 38, 39, 40, 44, 46, 49, 51, 52],
                    "opportunity": [8, 15, 45, 47, 48, 50],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="train/text/nyt_2015-12-19_putin-chides-turkey-and-praises-.txt",
        stances=[
            (
                2,
                "Mr. Putin",
                "RUSGOV",
                "peace_talks",
                "favor",
                "Kerry's efforts for a political solution in Syria",
            ),
            (5, "Mr. Putin", "RUSGOV", "bilateral_relations", "against", "Turkey"),
            (6, "he", "RUSGOV", "bilateral_relations", "against", "Turkey"),
            (
                8,
                "he",
                "RUSGOV",
                "peace_talks",
                "favor",
                "Kerry's efforts for a political solution in Syria",
            ),
            (30, "he", "RUSGOV", "territorial_control", "against", "independence for Kosovo"),
            (30, "he", "RUSGOV", "military_action", "against", "Western interventions abroad"),
            (
                30,
                "the United States",
                "USAGOV",
                "territorial_control",
                "favor",
                "independence for Kosovo (2008)",
            ),
            (
                31,
                "Mr. Putin",
                "RUSGOV",
                "territorial_control",
                "against",
                "independence for Kosovo",
            ),
            (34, "He", "RUSGOV", "military_action", "against", "intervention in Libya"),
            (37, "He", "RUSGOV", "military_action", "against", "interventions like Libya"),
            (38, "He", "RUSGOV", "military_action", "against", "foreign intervention in Syria"),
        ],
        assess={
            "RUS": (
                "Russia",
                {
                    "risk": [5, 18, 20, 21, 22, 23, 24, 30, 34],
                    "opportunity": [2, 8, 25, 26, 28],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="train/text/wash-post_2016-07-16_new-iran-sanctions-bill-lacks-bi.txt",
        stances=[
            (2, "Bob Corker", "USALEG", "sanctions", "favor", "new Iran sanctions bill"),
            (2, "Republicans", "USAOPP", "peace_talks", "against", "Iran nuclear deal"),
            (3, "two Democrats", "USALEG", "sanctions", "favor", "new Iran sanctions bill"),
            (3, "two Democrats", "USALEG", "peace_talks", "against", "Iran nuclear deal"),
            (
                9,
                "Corker",
                "USALEG",
                "sanctions",
                "favor",
                "no presidential waiver of Iran sanctions",
            ),
            (
                10,
                "Corker",
                "USALEG",
                "sanctions",
                "favor",
                "no presidential waiver of Iran sanctions",
            ),
            (13, "Robert Menendez", "USALEG", "sanctions", "favor", "new Iran sanctions bill"),
            (13, "Robert Menendez", "USALEG", "peace_talks", "against", "Iran nuclear deal"),
            (13, "Joe Manchin III", "USALEG", "sanctions", "favor", "new Iran sanctions bill"),
            (13, "Joe Manchin III", "USALEG", "peace_talks", "against", "Iran nuclear deal"),
            (13, "Marco Rubio", "USALEG", "sanctions", "favor", "new Iran sanctions bill"),
            (13, "Marco Rubio", "USALEG", "peace_talks", "against", "Iran nuclear deal"),
            (15, "Menendez", "USALEG", "sanctions", "favor", "draft Iran sanctions legislation"),
            (
                16,
                "The administration",
                "USAGOV",
                "sanctions",
                "against",
                "Menendez's proposals (as he reports)",
            ),
            (18, "Menendez", "USALEG", "sanctions", "favor", "Iran sanctions bill"),
            (20, "Menendez", "USALEG", "sanctions", "favor", "wider pressure on Iran", 19),
            (22, "the administration", "USAGOV", "peace_talks", "favor", "Iran nuclear deal"),
            (
                23,
                "Cardin",
                "USALEG",
                "peace_talks",
                "favor",
                "stronger enforcement of the Iran deal",
            ),
            (
                25,
                "The administration",
                "USAGOV",
                "sanctions",
                "neutral",
                "no particular legislative strategy",
            ),
            (26, "Cardin", "USALEG", "sanctions", "favor", "renewal of the Iran Sanctions Act"),
            (27, "Cardin", "USALEG", "sanctions", "favor", "renewal of the Iran Sanctions Act"),
            (
                29,
                "lawmakers",
                "USALEG",
                "sanctions",
                "favor",
                "House measures stepping up Iran sanctions",
            ),
            (33, "Hillary Clinton", "USAELI", "peace_talks", "favor", "Iran nuclear deal"),
            (33, "Donald Trump", "USAELI", "peace_talks", "against", "Iran nuclear deal"),
            (36, "he", "USALEG", "sanctions", "favor", "reauthorization of the ISA"),
        ],
        assess={
            "IRN": (
                "Iran",
                {
                    "risk": [2, 4, 5, 6, 9, 10, 20, 27, 29, 30, 33, 36],
                    "opportunity": [0, 1, 3, 7, 12, 14, 21, 22, 24, 31, 32],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="train/text/huff-post_2016-06-04_u-s-flexes-muscles-as-asia-worri.txt",
        stances=[
            (
                1,
                "The United States",
                "USAGOV",
                "territorial_control",
                "against",
                "China's actions in the South China Sea",
            ),
            (
                1,
                "The United States",
                "USAGOV",
                "security_guarantees",
                "favor",
                "US as guarantor of Asian security",
            ),
            (
                2,
                "Defense Secretary Ash Carter",
                "USAGOV",
                "territorial_control",
                "against",
                "China's behavior in the South China Sea",
            ),
            (
                3,
                "Carter",
                "USAGOV",
                "territorial_control",
                "against",
                "land reclamation at Scarborough Shoal",
            ),
            (
                4,
                "Carter",
                "USAGOV",
                "territorial_control",
                "against",
                "land reclamation at Scarborough Shoal",
            ),
            (
                5,
                "Carter",
                "USAGOV",
                "security_guarantees",
                "favor",
                "US as underwriter of regional security",
                4,
            ),
            (
                7,
                "Carter",
                "USAGOV",
                "bilateral_relations",
                "favor",
                "China in a principled security network",
            ),
            (
                9,
                "The deputy head of China’s delegation",
                "CHNMIL",
                "military_action",
                "against",
                "US military patrols near China",
            ),
            (
                16,
                "Japanese Defence Minister Gen Nakatani",
                "JPNGOV",
                "aid",
                "favor",
                "security capacity building for Southeast Asian nations",
            ),
            (
                16,
                "Japanese Defence Minister Gen Nakatani",
                "JPNGOV",
                "territorial_control",
                "against",
                "coercive actions in the South China Sea",
            ),
            (
                17,
                "Nakatani",
                "JPNGOV",
                "territorial_control",
                "against",
                "land reclamation and outposts in the South China Sea",
            ),
            (
                19,
                "A Chinese official",
                "CHNGOV",
                "territorial_control",
                "favor",
                "China's position in the South China Sea",
            ),
            (
                20,
                "the ministry",
                "CHNGOV",
                "territorial_control",
                "favor",
                "China's territorial sovereignty claims",
            ),
            (
                24,
                "Carter",
                "USAGOV",
                "security_guarantees",
                "favor",
                "no US withdrawal from the region",
            ),
            (27, "Donald Trump", "USAELI", "security_guarantees", "against", "US troops in Asia"),
            (
                27,
                "Carter",
                "USAGOV",
                "security_guarantees",
                "favor",
                "continued US engagement in Asia",
            ),
            (
                28,
                "the Philippines",
                "PHLGOV",
                "territorial_control",
                "against",
                "China's South China Sea claims",
            ),
            (
                28,
                "Beijing",
                "CHNGOV",
                "territorial_control",
                "favor",
                "China's South China Sea claims (ignore ruling)",
            ),
            (
                29,
                "The United States",
                "USAGOV",
                "territorial_control",
                "against",
                "China's claims (binding ruling)",
            ),
            (
                29,
                "Japan",
                "JPNGOV",
                "territorial_control",
                "against",
                "China's claims (binding ruling)",
            ),
            (
                30,
                "China",
                "CHNGOV",
                "territorial_control",
                "favor",
                "China's claims (court lacks jurisdiction)",
            ),
        ],
        assess={
            "CHN": (
                "China",
                {
                    "risk": [0, 1, 2, 3, 4, 5, 14, 15, 16, 17, 18, 22, 23, 24, 27, 28, 29],
                    "opportunity": [6, 7, 9, 11],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="train/text/nyt_2016-06-07_china-rebuts-american-criticism-.txt",
        stances=[
            (
                11,
                "Jacob J. Lew",
                "USAGOV",
                "trade",
                "against",
                "China's cheap excess-capacity exports",
            ),
            (14, "Mr. Lew", "USAGOV", "trade", "against", "China's excess capacity"),
            (20, "Donald J. Trump", "USAELI", "trade", "against", "skewed trading rules"),
            (20, "Senator Bernie Sanders", "USALEG", "trade", "against", "skewed trading rules"),
            (
                21,
                "The Department of Commerce",
                "USAGOV",
                "trade",
                "against",
                "tariffs on Chinese steel makers",
            ),
        ],
        assess={
            "CHN": (
                "China",
                {
                    "risk": [0, 5, 7, 9, 11, 12, 14, 15, 19, 20, 21, 27, 28, 29, 31, 32],
                    "opportunity": [18],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="train/text/wash-post_2016-04-07_in-shift-mexico-to-stand-up-to-t.txt",
        stances=[
            (2, "Donald Trump", "USAELI", "immigration", "against", "anti-immigrant campaign"),
            (
                3,
                "Trump",
                "USAELI",
                "immigration",
                "against",
                "Mexican border-crossers / border wall",
            ),
            (
                5,
                "Mexican officials",
                "MEXGOV",
                "immigration",
                "favor",
                "defending Mexicans living in the US",
            ),
            (
                6,
                "a Mexican official",
                "MEXGOV",
                "immigration",
                "favor",
                "against anti-immigrant discourse",
            ),
            (
                13,
                "she",
                "MEXGOV",
                "immigration",
                "favor",
                "against hostility to Mexicans in the US",
            ),
            (
                25,
                "Arturo Sarukh*",
                "MEXGOV",
                "immigration",
                "favor",
                "rebutting Trump's claims about Mexicans",
            ),
        ],
        assess={
            "MEX": (
                "Mexico",
                {
                    "risk": [2, 3, 6, 7, 11, 13, 14, 16, 17],
                    "opportunity": [18, 26],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="train/text/nyt_2015-12-22_trump-says-praise-from-putin-hel.txt",
        stances=[
            (5, "Donald J. Trump", "USAELI", "bilateral_relations", "favor", "Russia / Putin"),
            (
                5,
                "Donald J. Trump",
                "USAELI",
                "immigration",
                "against",
                "a ban on Muslims entering the US",
            ),
            (10, "Mr. Trump", "USAELI", "immigration", "against", "Muslim entry ban"),
            (12, "Mr. Trump", "USAELI", "bilateral_relations", "favor", "Russia / Putin"),
            (13, "Mr. Trump", "USAELI", "bilateral_relations", "favor", "Russia / Putin"),
            (15, "he", "USAELI", "bilateral_relations", "favor", "better relations with Putin", 14),
            (
                18,
                "Mitt Romney",
                "USAELI",
                "human_rights",
                "favor",
                "Putin's treatment of journalists",
            ),
        ],
        assess={
            "USAELI": (
                "Donald Trump",
                {
                    "risk": [6, 10, 12, 16, 17, 18, 23, 24],
                    "opportunity": [3, 5, 13, 25, 27],
                },
            )
        },
    )
)

DOCS.append(
    dict(
        doc="train/text/politico_2016-01-05_republicans-blast-obama-after-no.txt",
        stances=[
            (
                1,
                "Presidential candidates",
                "USAELI",
                "nuclear_weapons",
                "against",
                "North Korea's hydrogen bomb test",
            ),
            (
                3,
                "Sen. Marco Rubio",
                "USALEG",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear arsenal",
                2,
            ),
            (
                7,
                "Hillary Clinton",
                "USAELI",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (
                8,
                "Hillary Clinton",
                "USAELI",
                "security_guarantees",
                "favor",
                "pivot to Asia, military assets to support allies",
                7,
            ),
            (9, "Clinton", "USAELI", "sanctions", "favor", "strongest sanctions on North Korea"),
            (10, "Sen. Ted Cruz", "USALEG", "peace_talks", "against", "Iran nuclear agreement"),
            (
                12,
                "Donald Trump",
                "USAELI",
                "bilateral_relations",
                "against",
                "pressure on China over North Korea",
            ),
            (
                13,
                "Sen. Bernie Sanders",
                "USALEG",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear program (press China)",
            ),
            (
                23,
                "Defense Secretary Ash Carter",
                "USAGOV",
                "alliances",
                "favor",
                "alliance responses with South Korea",
            ),
            (
                24,
                "NATO's secretary general",
                "IGOWSTNAT",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear weapons",
            ),
            (
                25,
                "NATO Secretary General Jens Stoltenberg",
                "IGOWSTNAT",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (
                26,
                "Jens Stoltenberg",
                "IGOWSTNAT",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear programs",
            ),
            (
                26,
                "Jens Stoltenberg",
                "IGOWSTNAT",
                "peace_talks",
                "favor",
                "talks on denuclearization",
            ),
            (
                27,
                "Yukiya Amano",
                "IGOUNOIAE",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear test",
            ),
            (
                28,
                "he",
                "IGOUNOIAE",
                "nuclear_weapons",
                "against",
                "North Korea's violations of resolutions",
            ),
            (
                29,
                "The IAEA",
                "IGOUNOIAE",
                "peace_talks",
                "favor",
                "political agreement on the DPRK nuclear issue",
            ),
            (
                31,
                "Earnest",
                "USAGOV",
                "nuclear_weapons",
                "against",
                "North Korea's nuclear ambitions",
            ),
        ],
        assess={
            "USAGOV": (
                "Obama administration",
                {
                    "risk": [0, 1, 2, 3, 4, 5, 6, 10, 31, 32, 33, 36],
                    "opportunity": [9, 14, 17, 18, 20, 22, 24, 25, 26, 27, 28, 29, 35],
                },
            )
        },
    )
)
