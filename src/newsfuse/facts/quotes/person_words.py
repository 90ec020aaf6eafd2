"""Word lists about people: honorifics and titles, role nouns of definite descriptions
("the former ambassador"), common first names as one vote of gender evidence, and
pronoun classes. Used by the people registry (:mod:`newsfuse.facts.quotes.speakers`)."""

from __future__ import annotations

__all__ = ["HONORIFICS", "TITLE_WORDS", "ROLE_NOUNS", "MALE_NAMES", "FEMALE_NAMES", "MALE_PRON",
           "FEMALE_PRON", "PLURAL_PRON", "RELATIVE", "SUBJECT_DEPS", "PERSONAL_PRON", "POSSESSIVE_PRON", "GROUP_NOUNS",
           "DOCUMENT_NOUNS"]


HONORIFICS = {
    "mr": "m", "mr.": "m", "mister": "m", "sir": "m", "lord": "m", "king": "m", "prince": "m",
    "mrs": "f", "mrs.": "f", "ms": "f", "ms.": "f", "miss": "f", "madam": "f", "dame": "f",
    "lady": "f", "queen": "f", "princess": "f",
}
TITLE_WORDS = set(
    """dr dr. prof prof. sen sen. rep rep. gov gov. gen gen. lt lt. col col. capt capt. rev rev. hon hon.
    president vice senator governor representative congressman congresswoman secretary minister
    prime chancellor premier ambassador general judge justice mayor speaker chairman chairwoman
    director chief deputy sheriff officer sergeant professor doctor pope bishop cardinal rabbi
    imam father brother sister former then late candidate nominee leader spokesman spokeswoman
    democrat republican gop u.s. us""".split()
) | set(HONORIFICS)

# Singular person-denoting head nouns for definite descriptions ("the former ambassador").
ROLE_NOUNS = set(
    """official spokesman spokeswoman spokesperson minister secretary ambassador diplomat envoy
    president senator governor analyst expert researcher scholar professor economist candidate
    nominee director chairman chairwoman chair chief leader lawmaker legislator congressman
    congresswoman representative adviser advisor aide strategist pollster executive founder ceo
    author reporter journalist columnist writer lawyer attorney prosecutor judge justice general
    commander officer manager mayor premier chancellor king queen prince princess pope father
    mother wife husband son daughter brother sister woman man businessman businesswoman
    billionaire activist campaigner organizer organiser consultant operative staffer veteran
    politician democrat republican incumbent challenger host anchor commentator historian
    scientist physician doctor nurse witness victim owner resident student teacher pastor
    priest bishop rabbi imam head deputy premier tycoon mogul star actor actress singer""".split()
)

# Small, common first-name lists used only as one vote of gender evidence.
MALE_NAMES = set(
    """james john robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott
    brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron
    jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy christian keith
    roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy
    joe bruce gabriel logan albert willie alan juan wayne elijah randy roy vincent ralph eugene
    russell bobby mason philip louis bill barack mike ted bernie newt rudy chris jeb marco rand
    tim vladimir boris emmanuel recep viktor sergei dmitry ivan mohammed muhammad ahmed ali omar
    hassan rahul amit raj""".split()
)
FEMALE_NAMES = set(
    """mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa betty
    margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa deborah
    stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna brenda pamela
    nicole emma samantha katherine christine debra rachel catherine carolyn janet ruth maria
    heather diane virginia julie joyce victoria olivia kelly christina lauren joan evelyn judith
    megan cheryl andrea hannah martha jacqueline frances gloria ann teresa kathryn sara janice
    jean alice madison doris abigail julia judy grace denise amber marilyn beverly danielle
    theresa sophia marie diana brittany natalie isabella charlotte rose alexis kayla hillary
    chelsea nikki loretta jill kamala condoleezza madeleine ursula sonia indira priyanka""".split()
)

MALE_PRON = {"he", "him", "his", "himself"}
FEMALE_PRON = {"she", "her", "hers", "herself"}
PLURAL_PRON = {"they", "them", "their", "we", "us"}
RELATIVE = {"who", "which", "that", "whom"}
SUBJECT_DEPS = {"nsubj", "nsubjpass"}

POSSESSIVE_PRON = {"his", "its", "their", "my", "our", "your"}
PERSONAL_PRON = {"he", "she", "they", "it", "him", "her", "them", "i", "we", "you", "me", "us"}

# Nouns for groups of people and bodies that hold views (lemmas): with the role
# nouns, the common-noun subjects that can voice a stance ("critics", "the campaign").
GROUP_NOUNS = set(
    """people voter supporter critic opponent proponent advocate member resident citizen american
    protester demonstrator worker employee parent family student leader activist expert observer
    lawmaker legislator official aide adviser advisor staff staffer campaign administration
    government agency department ministry committee council board panel court party team group
    organization organisation union association coalition movement network newspaper paper outlet
    editorial media press reporter journalist pundit commentator analyst economist scientist researcher
    company firm bank corporation business industry prosecutor investigator police officer authority
    democrat republican conservative liberal progressive delegate donor fan follower viewer reader
    user friend colleague ally rival neighbor neighbour victim witness veteran host candidate nominee
    partner mate majority minority plurality percent half third quarter share regulator environmentalist
    skeptic sceptic insider consumer taxpayer investor creditor shareholder customer patient""".split()
)
# Documents and data that report ("the poll shows", "a statement said"): sources of
# what they say, never of attitudes ("the video called ...").
DOCUMENT_NOUNS = set(
    """poll survey study report audit review investigation analysis data figure statistic document memo
    letter statement filing lawsuit complaint indictment transcript video footage ad advertisement
    website record records book article editorial tweet post email""".split()
)
