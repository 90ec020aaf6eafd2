"""Word lists about people: honorifics and titles, role nouns of definite descriptions
("the former ambassador"), common first names as one vote of gender evidence, and
pronoun classes. Used by the people registry (:mod:`newsfuse.facts.quotes.speakers`)."""

from __future__ import annotations

from ...lexicons import entries, mapping, words

__all__ = ["HONORIFICS", "TITLE_WORDS", "ROLE_NOUNS", "MALE_NAMES", "FEMALE_NAMES", "MALE_PRON",
           "FEMALE_PRON", "PLURAL_PRON", "RELATIVE", "SUBJECT_DEPS", "PERSONAL_PRON", "POSSESSIVE_PRON", "GROUP_NOUNS",
           "DOCUMENT_NOUNS"]


HONORIFICS = {w: mapping("honorifics")[w] for w in entries("honorifics_speakers")}
TITLE_WORDS = set(words("title_words")) | set(HONORIFICS)

# Singular person-denoting head nouns for definite descriptions ("the former ambassador").
ROLE_NOUNS = set(words("role_nouns"))

# Common first names (US Census 1990, written by tools/first_names.py), used only as one
# vote of gender evidence; names common for both sexes are in neither list.
MALE_NAMES = set(words("first_names_male"))
FEMALE_NAMES = set(words("first_names_female"))

MALE_PRON = {"he", "him", "his", "himself"}
FEMALE_PRON = {"she", "her", "hers", "herself"}
PLURAL_PRON = {"they", "them", "their", "we", "us"}
RELATIVE = {"who", "which", "that", "whom"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}

POSSESSIVE_PRON = {"his", "its", "their", "my", "our", "your"}
PERSONAL_PRON = {"he", "she", "they", "it", "him", "her", "them", "i", "we", "you", "me", "us"}

# Nouns for groups of people and bodies that hold views (lemmas): with the role
# nouns, the common-noun subjects that can voice a stance ("critics", "the campaign").
GROUP_NOUNS = set(words("group_nouns"))
# Documents and data that report ("the poll shows", "a statement said"): sources of
# what they say, never of attitudes ("the video called ...").
DOCUMENT_NOUNS = set(words("document_nouns"))
