"""Actors: who is mentioned in a document, grouped into one record per real-world actor.

What names denote, and on which dates (the knowledge):

    kb.py         the actor knowledge base: named entries, agent nouns, countries; its files
    tabari.py     TABARI/PETRARCH dictionaries read as knowledge-base records
    fields.py     names normalised for matching and as ids, dates, KBError
    codes.py      CAMEO actor codes: their parts, composing agents, focus and counterparts
    lookup.py     what a name resolves to on a date, and why (`realpolitik actors lookup`)
    words.py      the word lists the component reads phrases with (data/actors/words.yaml)

The `realpolitik_actors` component, in the order it reads a document:

    component.py  the spaCy factory, and the steps in order
    state.py      what it reads with (Tables, per pipeline) and knows of a document (DocState)
    matcher.py    every knowledge-base name found in the text
    units.py      names found (dictionary and NER) and what they are on the day
    persons.py    persons and their titles
    phrases.py    agent phrases: generic actors ("a popular Russian tabloid")
    places.py     where an agent noun's people are; places as scenes or as their people
    named.py      metonyms, organisations, states, capitals, unknown entities, acronyms
    groups.py     nationals, peoples and ethnic groups, members, supporters
    generic.py    generic actors coded with their country, or the country in context
    linking.py    surnames, leader nouns, titles and pronouns; one Actor per actor

For the later stages: `index.py` (which actor each token belongs to) and `unnamed.py` (actors
no mention names, registered by the event stage).
"""
