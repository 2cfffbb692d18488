#!/usr/bin/env python3
"""Widen data/reference/given_names.csv with the given names of Faker's Eastern Bloc locales.

Run from the repository root (Python 3.11, standard library only; Faker itself is read from an
unzipped wheel, it need not be installed):

    pip download faker==40.63.0 --no-deps -d /tmp/faker-dl
    (cd /tmp/faker-dl && mkdir -p x && cd x && python3 -m zipfile -e ../faker-40.63.0-*.whl .)
    python3 data/reference/scripts/given_names.py --faker /tmp/faker-dl/x
    python3 data/reference/scripts/given_names.py --check

`--faker DIR` names the folder that holds the `faker/` package. The script keeps every curated
row of the CSV (every row whose note does not start with "Faker ") in place and in order, drops
the rows an earlier run generated, and appends the generated rows sorted by canonical form,
then name: the output depends only on the curated rows, the Faker version and the tables
below. `--check` only validates the CSV (no Faker needed) and prints counts per source.

What is generated, per Faker locale (`faker/providers/person/<locale>/__init__.py`,
`first_names_male` / `first_names_female`):

* Cyrillic locales (ru_RU, uk_UA, mk_MK, bg_BG): the Cyrillic spelling (script cyrillic) and
  its Latin transliterations under the schemes of SCHEMES: for Russian English Wikipedia (as
  the Rust code's iuliia), BGN/PCGN, English press (Yuri, Aleksei, Maria), e for е/ё (Fedor,
  Evgeny), ICAO passport, German, French, Polish, Czech and Estonian; for Ukrainian the
  national system, BGN/PCGN, German, Polish and Czech; for Bulgarian the Streamlined System,
  the same with kh and German; for Macedonian the official romanisation and the Macedonian
  Latin alphabet.
* Georgian (ka_GE, national system) and Armenian (hy_AM, BGN/PCGN): the Latin romanisation
  only (script latin).
* Latin locales: the name as written, with its diacritics; Romanian ș/ț also in the cedilla
  form ş/ţ that older texts use.

Canonical form: a name joins the canonical form of an existing row (curated first, then rows
generated earlier in LOCALES order) when one of its spellings equals that row's name after
folding case and diacritics and the gender agrees; otherwise its first usable Latin spelling
(for Cyrillic names the English Wikipedia transliteration) is a new canonical form. Curated
canonical forms are never merged. A spelling already taken by another name or gender is left
out (the first locale in LOCALES wins); a plain-ASCII spelling whose folded form is already
present is left out (the code folds diacritics at lookup), a spelling with diacritics is kept.

Precision guard: spellings in SKIP (English words, months and weekdays, place names) and
spellings of fewer than three letters are left out; bg_BG names are used only when the name is
attested elsewhere (see BG_ATTESTED_ONLY).
"""

from __future__ import annotations

import argparse
import csv
import importlib
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

FAKER_VERSION = "40.63.0"
HERE = Path(__file__).resolve().parent
DEFAULT_CSV = HERE.parent / "given_names.csv"
HEADER = ["name", "canonical", "gender", "script", "note"]
GENERATED_PREFIX = "Faker "

# Locales in the order that decides ties (first wins for gender and for a spelling two names
# share). Russian and Ukrainian first, so that their English transliteration becomes the
# canonical form of a name shared with a Latin locale (Юлиан → Yulian, joined by Polish
# Julian); Croatian and Slovene before Czech and Slovak (Nikola is a man's name in the South,
# a woman's in Czech); Macedonian after the Latin Slavic locales (Dušan, not Dushan, is the
# canonical form); bg_BG last (see BG_ATTESTED_ONLY). az_AZ/uz_UZ: Soviet republics, cheap.
LOCALES = [
    "ru_RU", "uk_UA", "pl_PL", "hr_HR", "sl_SI", "cs_CZ", "sk_SK", "mk_MK", "hu_HU",
    "ro_RO", "lt_LT", "lv_LV", "et_EE", "ka_GE", "hy_AM", "de_DE", "de_AT", "az_AZ",
    "uz_UZ", "bg_BG",
]
CYRILLIC_LOCALES = {"ru_RU": "ru", "uk_UA": "uk", "mk_MK": "mk", "bg_BG": "bg"}
NATIVE_SCRIPT_LOCALES = {"ka_GE": "ka", "hy_AM": "hy"}

# Faker's bg_BG lists are a sample of rare registry entries, many of them jokes or common nouns
# (Аерозол, Агент, Катастрофа, Телефонка, МанчестърЮнайтед) and famous surnames (Ленин, Берия,
# Махно). A bg_BG name is used only when it is attested elsewhere: the same Cyrillic spelling
# in ru_RU/uk_UA/mk_MK or a curated row, or one of its transliterations equal (folded) to a
# spelling from another locale or a curated row.
BG_ATTESTED_ONLY = True

MIN_LETTERS = 3  # shorter Latin spellings (Ia, Ja) look like initials or words

# ---------------------------------------------------------------------------------------------
# Precision guard: Latin spellings never added (compared folded: case and diacritics ignored).
# A capitalised word in running text that is a known given name starts a person in the prose
# extractor, so words that are ordinary English, months and weekdays, or places stay out even
# where they are also given names somewhere. A word that is already a curated name (Mark, Sofia,
# Milan, Roman) is not skipped: the curated rows decide. Reviewed against the Faker 40.63.0
# candidates; a Cyrillic name whose every Latin spelling is skipped is left out whole (Мир).
# ---------------------------------------------------------------------------------------------
SKIP_MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}
# Everyday English words: common word-names first, then the Faker candidates whose folded form
# is a lower-case word of an English dictionary (wamerican) and that are often capitalised: at
# a sentence start, in titles, or as a title before a name. English names that are also rarer
# words (Frank, Harry, Robin, Martin, Max, Wolf) are kept: in English texts they are names.
SKIP_ENGLISH_WORDS = {
    "will", "hope", "grace", "rose", "mark", "bill", "faith", "joy", "page", "dawn", "art",
    "guy", "pat", "sky",
    # Faker 40.63.0 candidates (source and spelling in brackets where not obvious)
    "aide",  # az Aidə
    "angel",  # ro Angel
    "atom",  # hy Ատոմ
    "baptist",  # de_DE
    "dance",  # mk Данче → Danče
    "done",  # mk Доне
    "edit",  # hu
    "else",  # de_DE
    "emir",  # az Əmir (a title before names)
    "eve",  # Christmas Eve
    "flora",
    "gregorian",  # ro Gregorian (the calendar)
    "imam",  # az İmam (a title before names)
    "islam",  # az İslam
    "les",  # uk Лесь → Les (French article in titles)
    "made",  # lv Made
    "maj",  # sl Maj (Maj. = Major)
    "marine",  # hy Մարինե
    "martian",  # French transliteration of Мартьян
    "mir",  # ru Мир (the space station; "peace")
    "muslim",  # uz
    "royal",  # az Röyal
    "said",  # uz Said
    "sonata",  # lt Sonata (music titles)
    "till",  # de_DE Till
    "viola",  # de_DE/sk Viola (the instrument)
}
# Places, nations and their adjectives (the Faker candidates that are a place of
# data/reference/places.csv or countries.csv, or a well-known one).
SKIP_PLACES = {
    "georgia", "florence", "victoria", "paris",
    "carolina",  # ro/de Carolina
    "francisco",  # de_DE Francisco (San Francisco)
    "georgian",  # ro Georgian (Georgian SSR)
    "german",  # ru/uk Герман (German Democratic Republic); Guerman/Gierman/Herman kept
    "olympia",  # sk Olympia
    "santa",  # lv Santa (Santa Barbara, Santa Claus)
    "siena",  # de_AT
    "toros",  # hy Թորոս (Toros = the Taurus Mountains; an org_word of prose_lexicon.csv)
    "virginia",  # ro/de Virginia
}
SKIP = {
    "month or weekday": SKIP_MONTHS_DAYS,
    "English word": SKIP_ENGLISH_WORDS,
    "place name": SKIP_PLACES,
}

# ---------------------------------------------------------------------------------------------
# Folding, as the Rust code does it (crates/clean/src/names.rs: `fold` = any_ascii, lower case,
# ASCII letters only; `to_latin` = iuliia's English Wikipedia scheme, then any_ascii). The
# any_ascii values below are those of the any_ascii 0.3.3 crate for the letters that occur.
# ---------------------------------------------------------------------------------------------
ANY_ASCII_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "'", "ы": "y", "ь": "'", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "i", "є": "ie", "ґ": "g", "ѓ": "g", "ќ": "k", "ѕ": "dz", "ј": "j", "љ": "lj",
    "њ": "nj", "џ": "dzh", "ў": "u",
}
# Latin letters with no Unicode decomposition (any_ascii values).
ANY_ASCII_LATIN = {
    "đ": "d", "ı": "i", "ł": "l", "ə": "e", "ø": "o", "ß": "ss", "æ": "ae", "œ": "oe",
    "þ": "th", "ð": "d", "ħ": "h", "ʼ": "'", "‘": "'", "’": "'",
}


def any_ascii(text: str) -> str:
    out = []
    for ch in text:
        if ch.isascii():
            out.append(ch)
            continue
        low = ch.lower()
        if low in ANY_ASCII_CYRILLIC:
            rep = ANY_ASCII_CYRILLIC[low]
        elif low in ANY_ASCII_LATIN:
            rep = ANY_ASCII_LATIN[low]
        else:
            rep = "".join(
                c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)
            )
            if not rep.isascii():
                raise ValueError(f"no ASCII folding known for {ch!r} (U+{ord(ch):04X})")
        out.append(rep[:1].upper() + rep[1:] if ch != low else rep)
    return "".join(out)


def fold(text: str) -> str:
    """ASCII, lower case, letters only (`Novotná` → `novotna`)."""
    return "".join(c for c in any_ascii(text).lower() if "a" <= c <= "z")


def is_cyrillic_char(ch: str) -> bool:
    return "\u0400" <= ch <= "\u052f"


def has_cyrillic(text: str) -> bool:
    return any("\u0400" <= c <= "\u04ff" for c in text)


# iuliia 0.1.0 `wikipedia` schema, replicated (engine.rs + schemas/wikipedia.rs).
WIKI_MAP = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "ё": "yo",
}
WIKI_YE_AFTER = set("аиоуъьэюя")  # е → ye at word start and after these
WIKI_Y_BEFORE = set("аиоуыэ")  # ъ/ь → y before these (inside the stem)


def _wiki_word(word: str) -> str:
    chars = list(word)
    n = len(chars)
    stem, ending = n, None
    if n >= 2 and (chars[-2].lower() + chars[-1].lower()) in ("ий", "ый"):
        stem, ending = n - 2, "y"
    out = []
    for i in range(stem):
        c = chars[i]
        cl = c.lower()
        prev = chars[i - 1].lower() if i > 0 else None
        nxt = chars[i + 1].lower() if i + 1 < stem else None
        if cl == "е" and (prev is None or prev in WIKI_YE_AFTER):
            t = "ye"
        elif cl in "ъь" and nxt is not None and nxt in WIKI_Y_BEFORE:
            t = "y"
        else:
            t = WIKI_MAP.get(cl)
        if t is None:
            out.append(c)
        elif c.isupper() and t:
            out.append(t[0].upper() + t[1:])
        else:
            out.append(t)
    if ending is not None:
        out.append(ending.upper() if all(ch.isupper() for ch in chars[-2:]) else ending)
    return "".join(out)


def wikipedia(text: str) -> str:
    out, run = [], []
    for ch in text:
        if is_cyrillic_char(ch):
            run.append(ch)
        else:
            if run:
                out.append(_wiki_word("".join(run)))
                run = []
            out.append(ch)
    if run:
        out.append(_wiki_word("".join(run)))
    return "".join(out)


def to_latin(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    if not has_cyrillic(text):
        return text
    latin = wikipedia(text)
    return "".join(any_ascii(c) if "\u0400" <= c <= "\u04ff" else c for c in latin)


def lookup_keys(name: str) -> set[str]:
    """The keys under which the Rust GivenNameIndex files a row."""
    return {fold(to_latin(name)), fold(name)} - {""}


# ---------------------------------------------------------------------------------------------
# Transliteration schemes. Each: `map` (letter → Latin) and `rules` tried first, in order:
# (letters, Latin, conditions). Conditions, all of which must hold:
#   ^ at word start       $ at word end          V after a vowel, ъ, ь or apostrophe
#   C after a consonant   H after ж ч ш щ        Z after ж ц ш          L after л
#   S before a soft letter (scheme's `soft`)     v before a vowel       n not before a vowel
#   e before е и э
# ---------------------------------------------------------------------------------------------
CYR_VOWELS = set("аеёиоуыэюяіїє")
AFTER_VOWEL = CYR_VOWELS | set("ъьʼ'’")

RU_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}
UK_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "ʼ": "", "'": "", "’": "",
}
BG_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ж": "zh", "з": "z", "и": "i",
    "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s",
    "т": "t", "у": "u", "ф": "f", "х": "h", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "sht",
    "ъ": "a", "ь": "y", "ю": "yu", "я": "ya",
}
MK_BASE = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "ѓ": "gj", "е": "e", "ж": "zh", "з": "z",
    "ѕ": "dz", "и": "i", "ј": "j", "к": "k", "л": "l", "љ": "lj", "м": "m", "н": "n",
    "њ": "nj", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "ќ": "kj", "у": "u", "ф": "f",
    "х": "h", "ц": "c", "ч": "ch", "џ": "dj", "ш": "sh",
}


def _with(base: dict[str, str], **changes: str) -> dict[str, str]:
    m = dict(base)
    m.update(changes)
    return m


SCHEMES: dict[str, dict] = {
    # --- Russian ---
    "ru-bgn": {
        "label": "BGN/PCGN",
        "map": RU_BASE,
        "rules": [("ий", "iy", "$"), ("ый", "yy", "$"), ("е", "ye", "^"), ("е", "ye", "V")],
    },
    "ru-press": {
        "label": "English press",
        "map": RU_BASE,
        "rules": [
            ("ий", "i", "$"), ("ый", "y", "$"), ("ия", "ia", "$"), ("е", "ye", "^"),
            ("е", "ye", "V"), ("й", "i", "Vn"),
        ],
    },
    "ru-e": {
        "label": "e for е/ё",
        "map": _with(RU_BASE, ё="e"),
        "rules": [("ий", "y", "$"), ("ый", "y", "$")],
    },
    "ru-icao": {
        "label": "ICAO",
        "map": _with(RU_BASE, ё="e", й="i", ъ="ie", ю="iu", я="ia"),
        "rules": [],
    },
    "ru-de": {
        "label": "German",
        "map": _with(RU_BASE, в="w", ё="jo", ж="sch", з="s", й="j", х="ch", ц="z", ч="tsch",
                     ш="sch", щ="schtsch", ю="ju", я="ja"),
        "rules": [
            ("кс", "x", ""), ("ий", "i", "$"), ("ый", "y", "$"), ("е", "je", "^"),
            ("е", "je", "V"), ("ё", "o", "H"), ("й", "i", "Vn"), ("с", "ss", "Vv"),
        ],
    },
    "ru-fr": {
        "label": "French",
        "map": _with(RU_BASE, ё="io", ж="j", й="ï", у="ou", ч="tch", ш="ch", щ="chtch",
                     ю="iou", я="ia"),
        "rules": [
            ("кс", "x", ""), ("ий", "i", "$"), ("ый", "y", "$"), ("ия", "ia", "$"),
            ("йя", "ïa", ""), ("г", "gu", "e"),
            ("ё", "o", "H"), ("и", "ï", "V"), ("с", "ss", "Vv"),
        ],
    },
    "ru-pl": {
        "label": "Polish",
        "map": _with(RU_BASE, в="w", е="ie", ё="io", ж="ż", й="j", л="ł", х="ch", ц="c",
                     ч="cz", ш="sz", щ="szcz", ю="iu", я="ia"),
        "soft": set("еёиюяь"),
        "rules": [
            ("ий", "ij", "$"), ("ый", "yj", "$"), ("йя", "ja", ""), ("л", "l", "S"),
            ("е", "je", "^"), ("е", "je", "V"), ("е", "e", "H"), ("е", "e", "Z"),
            ("е", "e", "L"),
            ("ё", "jo", "^"), ("ё", "jo", "V"), ("ё", "o", "H"), ("ё", "o", "L"),
            ("ю", "ju", "^"), ("ю", "ju", "V"), ("ю", "u", "L"),
            ("я", "ja", "^"), ("я", "ja", "V"), ("я", "a", "L"),
            ("и", "y", "Z"),
        ],
    },
    "ru-et": {
        "label": "Estonian",
        "map": _with(RU_BASE, ё="jo", ж="ž", й="i", х="h", ч="tš", ш="š", щ="štš", ы="õ",
                     ю="ju", я="ja"),
        "rules": [
            ("ий", "i", "$"), ("ый", "õi", "$"), ("е", "je", "^"), ("е", "je", "V"),
            ("ё", "o", "H"), ("й", "j", "v"), ("х", "hh", "Vv"),
        ],
    },
    "ru-cs": {
        "label": "Czech",
        "map": _with(RU_BASE, ё="jo", ж="ž", й="j", х="ch", ц="c", ч="č", ш="š", щ="šč",
                     ю="ju", я="ja"),
        "rules": [
            ("ий", "ij", "$"), ("ый", "yj", "$"), ("е", "je", "^"), ("е", "je", "V"),
            ("ё", "o", "H"),
        ],
    },
    # --- Ukrainian ---
    "uk-national": {
        "label": "national",
        "map": UK_BASE,
        "rules": [
            ("зг", "zgh", ""), ("є", "ye", "^"), ("ї", "yi", "^"), ("й", "y", "^"),
            ("ю", "yu", "^"), ("я", "ya", "^"),
        ],
    },
    "uk-bgn": {
        "label": "BGN/PCGN",
        "map": _with(UK_BASE, є="ye", ї="yi", й="y", ю="yu", я="ya"),
        "rules": [],
    },
    "uk-de": {
        "label": "German",
        "map": _with(UK_BASE, в="w", є="je", ж="sch", з="s", ї="ji", й="j", х="ch", ц="z",
                     ч="tsch", ш="sch", щ="schtsch", ю="ju", я="ja"),
        "rules": [("кс", "x", ""), ("с", "ss", "Vv")],
    },
    "uk-pl": {
        "label": "Polish",
        "map": _with(UK_BASE, в="w", є="je", ж="ż", ї="ji", й="j", л="ł", х="ch", ц="c",
                     ч="cz", ш="sz", щ="szcz", ю="ju", я="ja"),
        "soft": set("іьєїюя"),
        "rules": [
            ("л", "l", "S"), ("є", "e", "L"), ("ю", "u", "L"), ("я", "a", "L"),
            ("є", "ie", "C"), ("ю", "iu", "C"), ("я", "ia", "C"),
        ],
    },
    "uk-cs": {
        "label": "Czech",
        "map": _with(UK_BASE, є="je", ж="ž", ї="ji", й="j", х="ch", ц="c", ч="č", ш="š",
                     щ="šč", ю="ju", я="ja"),
        "rules": [],
    },
    # --- Bulgarian ---
    "bg-streamlined": {
        "label": "Streamlined",
        "map": BG_BASE,
        "rules": [("ия", "ia", "$")],
    },
    "bg-kh": {
        "label": "BGN/PCGN kh",
        "map": _with(BG_BASE, х="kh"),
        "rules": [("ия", "ia", "$")],
    },
    "bg-de": {
        "label": "German",
        "map": _with(BG_BASE, в="w", ж="sch", з="s", й="j", х="ch", ц="z", ч="tsch", ш="sch",
                     щ="scht", ь="j", ю="ju", я="ja"),
        "rules": [("с", "ss", "Vv")],
    },
    # --- Macedonian ---
    "mk-official": {
        "label": "official",
        "map": MK_BASE,
        "rules": [],
    },
    "mk-latin": {
        "label": "Latin alphabet",
        "map": _with(MK_BASE, ѓ="ǵ", ж="ž", ќ="ḱ", ч="č", џ="dž", ш="š"),
        "rules": [],
    },
    # --- Georgian: national system (2002), the ejectives' apostrophes left out as is usual ---
    "ka-national": {
        "label": "national",
        "map": {
            "ა": "a", "ბ": "b", "გ": "g", "დ": "d", "ე": "e", "ვ": "v", "ზ": "z", "თ": "t",
            "ი": "i", "კ": "k", "ლ": "l", "მ": "m", "ნ": "n", "ო": "o", "პ": "p", "ჟ": "zh",
            "რ": "r", "ს": "s", "ტ": "t", "უ": "u", "ფ": "p", "ქ": "k", "ღ": "gh", "ყ": "q",
            "შ": "sh", "ჩ": "ch", "ც": "ts", "ძ": "dz", "წ": "ts", "ჭ": "ch", "ხ": "kh",
            "ჯ": "j", "ჰ": "h",
        },
        "rules": [],
    },
    # --- Armenian (Eastern): BGN/PCGN 1981 (ու → u, initial ե → ye, initial ո → vo) ---
    "hy-bgn": {
        "label": "BGN/PCGN",
        "map": {
            "ա": "a", "բ": "b", "գ": "g", "դ": "d", "ե": "e", "զ": "z", "է": "e", "ը": "y",
            "թ": "t", "ժ": "zh", "ի": "i", "լ": "l", "խ": "kh", "ծ": "ts", "կ": "k", "հ": "h",
            "ձ": "dz", "ղ": "gh", "ճ": "ch", "մ": "m", "յ": "y", "ն": "n", "շ": "sh", "ո": "o",
            "չ": "ch", "պ": "p", "ջ": "j", "ռ": "r", "ս": "s", "վ": "v", "տ": "t", "ր": "r",
            "ց": "ts", "ւ": "v", "փ": "p", "ք": "k", "օ": "o", "ֆ": "f", "և": "ev",
        },
        "vowels": set("աեէըիոօ"),
        "rules": [
            ("ու", "u", ""), ("և", "yev", "^"), ("ե", "ye", "^"), ("ե", "ye", "V"),
            ("ով", "ov", "^"), ("ո", "vo", "^"),
        ],
    },
}
# Schemes per language, the first giving the name's primary (canonical) Latin form.
LANGUAGE_SCHEMES = {
    "ru": ["ru-wiki", "ru-bgn", "ru-press", "ru-e", "ru-icao", "ru-de", "ru-fr", "ru-pl",
           "ru-cs", "ru-et"],
    "uk": ["uk-national", "uk-bgn", "uk-de", "uk-pl", "uk-cs"],
    "bg": ["bg-streamlined", "bg-kh", "bg-de"],
    "mk": ["mk-official", "mk-latin"],
    "ka": ["ka-national"],
    "hy": ["hy-bgn"],
}
SCHEME_LABELS = {"ru-wiki": "English Wikipedia"} | {k: v["label"] for k, v in SCHEMES.items()}


def transliterate(word: str, scheme_name: str) -> str:
    if scheme_name == "ru-wiki":
        return wikipedia(word)
    scheme = SCHEMES[scheme_name]
    mapping, rules = scheme["map"], scheme["rules"]
    vowels = scheme.get("vowels", CYR_VOWELS)
    after_vowel = vowels | set("ъьʼ'’")
    soft = scheme.get("soft", set())
    w = word.lower()
    n = len(w)
    out = []
    i = 0
    while i < n:
        prev = w[i - 1] if i > 0 else None
        for seq, latin, cond in rules:
            if not w.startswith(seq, i):
                continue
            j = i + len(seq)
            nxt = w[j] if j < n else None
            ok = True
            for flag in cond:
                ok = ok and {
                    "^": i == 0,
                    "$": j == n,
                    "V": prev is not None and prev in after_vowel,
                    "C": prev is not None and prev not in after_vowel,
                    "H": prev is not None and prev in "жчшщ",
                    "Z": prev is not None and prev in "жцш",
                    "L": prev == "л",
                    "S": nxt is not None and nxt in soft,
                    "v": nxt is not None and nxt in vowels,
                    "n": nxt is None or nxt not in vowels,
                    "e": nxt is not None and nxt in "еиэ",
                }[flag]
            if ok:
                out.append(latin)
                i = j
                break
        else:
            c = w[i]
            if c not in mapping:
                raise ValueError(f"{scheme_name}: no mapping for {c!r} in {word!r}")
            out.append(mapping[c])
            i += 1
    s = "".join(out)
    return s[:1].upper() + s[1:]


# ---------------------------------------------------------------------------------------------
# Faker
# ---------------------------------------------------------------------------------------------
def load_faker(faker_dir: Path) -> tuple[str, dict[str, list[tuple[str, str, str]]]]:
    """Per locale: (list name, gender, name) in Faker's order, duplicates dropped."""
    sys.path.insert(0, str(faker_dir))
    faker = importlib.import_module("faker")
    version = getattr(faker, "VERSION", "?")
    if version != FAKER_VERSION:
        sys.exit(f"Faker {version} found in {faker_dir}, this script is pinned to {FAKER_VERSION}")
    lists: dict[str, list[tuple[str, str, str]]] = {}
    for locale in LOCALES:
        provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        entries: list[tuple[str, str, str]] = []
        seen: set[str] = set()
        if hasattr(provider, "first_names_male"):
            sources = [("first_names_male", "m", provider.first_names_male),
                       ("first_names_female", "f", provider.first_names_female)]
        else:
            # lt_LT has one ungendered list; Lithuanian given names tell their gender by the
            # ending (-as/-is/-ys/-us masculine, -a/-ė feminine); others are left out.
            sources = [("first_names", "?", provider.first_names)]
        for list_name, gender, names in sources:
            for name in names:  # tuples, lists or OrderedDicts of weights: keys in order
                name = name.strip()
                if name in seen:
                    continue
                seen.add(name)
                entries.append((list_name, gender, name))
        lists[locale] = entries
    return version, lists


def lithuanian_gender(name: str) -> str | None:
    if name.endswith(("as", "is", "ys", "us")):
        return "m"
    if name.endswith(("a", "ė")):
        return "f"
    return None


def single_word(name: str, locale: str) -> bool:
    """One capitalised word of letters (no hyphen, space, apostrophe, inner capital); Georgian
    is written without capitals."""
    if locale == "ka_GE":
        return name.isalpha()
    return name.isalpha() and name[:1].isupper() and name[1:] == name[1:].lower()


# ---------------------------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------------------------
class Table:
    def __init__(self, curated: list[dict[str, str]]):
        self.rows: list[dict[str, str]] = []
        self.lower: dict[str, dict[str, str]] = {}
        # fold key → (canonical, gender, curated?)
        self.keys: dict[str, tuple[str, str, bool]] = {}
        self.curated_key_clashes: list[tuple[str, str, str]] = []
        self.latin_folds: set[str] = set()  # folded names of the Latin rows
        for row in curated:
            self.lower.setdefault(row["name"].lower(), row)
            if row["script"] == "latin":
                self.latin_folds.add(fold(row["name"]))
            for k in lookup_keys(row["name"]):
                old = self.keys.get(k)
                if old is None:
                    self.keys[k] = (row["canonical"], row["gender"], True)
                elif old[:2] != (row["canonical"], row["gender"]):
                    self.curated_key_clashes.append((k, old[0], row["canonical"]))

    def add(self, row: dict[str, str]) -> None:
        self.rows.append(row)
        self.lower[row["name"].lower()] = row
        if row["script"] == "latin":
            self.latin_folds.add(fold(row["name"]))
        for k in lookup_keys(row["name"]):
            self.keys.setdefault(k, (row["canonical"], row["gender"], False))


def skip_reason(spelling: str, curated_folds: set[str]) -> str | None:
    f = fold(spelling)
    for reason, words in SKIP.items():
        if f in words and f not in curated_folds:  # a curated Mark or Sofia stays a name
            return reason
    if len(f) < MIN_LETTERS:
        return f"fewer than {MIN_LETTERS} letters"
    return None


def candidate_spellings(locale: str, name: str) -> list[tuple[str, str, list[str]]]:
    """(spelling, script, labels) in order: the name as written (if Latin or Cyrillic), then
    the Latin transliterations, primary first; equal strings merged."""
    out: list[tuple[str, str, list[str]]] = []
    index: dict[str, int] = {}

    def put(spelling: str, script: str, label: str) -> None:
        if spelling in index:
            out[index[spelling]][2].append(label)
        else:
            index[spelling] = len(out)
            out.append((spelling, script, [label]))

    lang = CYRILLIC_LOCALES.get(locale) or NATIVE_SCRIPT_LOCALES.get(locale)
    if locale in CYRILLIC_LOCALES:
        put(name, "cyrillic", "Cyrillic spelling")
    if lang is None:
        put(name, "latin", "as written")
        if locale == "ro_RO" and any(c in name for c in "ȘșȚț"):
            cedilla = name.translate(str.maketrans("ȘșȚț", "ŞşŢţ"))
            put(cedilla, "latin", "cedilla form of ș/ț")
        return out
    for scheme in LANGUAGE_SCHEMES[lang]:
        put(transliterate(name, scheme), "latin", SCHEME_LABELS[scheme])
    return out


def build(curated: list[dict[str, str]], version: str,
          lists: dict[str, list[tuple[str, str, str]]]) -> tuple[Table, dict]:
    table = Table(curated)
    stats: dict = {
        "added": Counter(), "skipped": Counter(), "skipped_examples": defaultdict(set),
        "dropped": Counter(), "gender_conflicts": [], "canonical_conflicts": [],
        "joined_curated": defaultdict(set), "bg_unattested": 0, "lt_no_gender": [],
        "dropped_names": [],
    }

    # Candidates: (locale, list name, gender, name, spellings).
    candidates = []
    for locale in LOCALES:
        for list_name, gender, name in lists[locale]:
            if not single_word(name, locale):
                stats["dropped"]["not one capitalised word"] += 1
                continue
            if gender == "?":
                gender = lithuanian_gender(name) or "?"
                if gender == "?":
                    stats["lt_no_gender"].append(name)
                    continue
            candidates.append((locale, list_name, gender, name,
                               candidate_spellings(locale, name)))

    if BG_ATTESTED_ONLY:
        other_cyrillic = {r["name"] for r in curated if has_cyrillic(r["name"])}
        other_folds = {k for r in curated for k in lookup_keys(r["name"])}
        for locale, _, _, name, spellings in candidates:
            if locale == "bg_BG":
                continue
            if locale in CYRILLIC_LOCALES:
                other_cyrillic.add(name)
            other_folds.update(fold(s) for s, script, _ in spellings if script == "latin")
        kept = []
        for cand in candidates:
            locale, _, _, name, spellings = cand
            if locale == "bg_BG" and name not in other_cyrillic and not any(
                fold(s) in other_folds for s, script, _ in spellings if script == "latin"
            ):
                stats["bg_unattested"] += 1
                continue
            kept.append(cand)
        candidates = kept

    curated_folds = {fold(r["name"]) for r in curated if r["script"] == "latin"}
    cyrillic_seen: dict[tuple[str, str], str] = {}  # (Cyrillic name, gender) → canonical
    for locale, list_name, gender, name, spellings in candidates:
        source = f"Faker {version} {locale} {list_name}"
        if locale == "lt_LT":
            source += " (gender from the ending)"
        usable = []
        for spelling, script, labels in spellings:
            if script == "latin":
                reason = skip_reason(spelling, curated_folds)
            else:  # a Cyrillic row is also looked up by its Latin reading (Герман → German)
                reason = next(filter(None, (skip_reason(k, curated_folds)
                                            for k in sorted(lookup_keys(spelling)))), None)
            if reason:
                stats["skipped"][reason] += 1
                stats["skipped_examples"][reason].add(spelling)
                continue
            usable.append((spelling, script, labels))

        # Canonical: join a curated name, else a generated one, else a new canonical form.
        # The same Cyrillic name from an earlier locale counts even when its Cyrillic row was
        # skipped (ru and uk Герман).
        canonical = None
        earlier = cyrillic_seen.get((name, gender))
        if earlier is not None:
            canonical = earlier
        for want_curated in ((True, False) if canonical is None else ()):
            for spelling, script, _ in usable:
                for k in sorted(lookup_keys(spelling)):
                    hit = table.keys.get(k)
                    if hit and hit[2] == want_curated and hit[1] == gender:
                        canonical = hit[0]
                        break
                if canonical:
                    break
            if canonical:
                if want_curated:
                    stats["joined_curated"][canonical].add(name)
                break
        if canonical is None:
            for spelling, script, _ in usable:
                if script == "latin" and not (lookup_keys(spelling) & table.keys.keys()) \
                        and spelling.lower() not in table.lower:
                    canonical = spelling
                    break
        if canonical is not None and locale in CYRILLIC_LOCALES:
            cyrillic_seen.setdefault((name, gender), canonical)
        if canonical is None:
            if not any(script == "latin" for _, script, _ in usable):
                stats["dropped"]["every Latin spelling skipped"] += 1
            else:
                stats["dropped"]["every spelling taken by another gender or name"] += 1
                stats["dropped_names"].append(f"{locale}:{name}/{gender}")
                for spelling, _, _ in usable:
                    taken = table.lower.get(spelling.lower())
                    if taken is not None and taken["gender"] != gender:
                        stats["gender_conflicts"].append((spelling, taken["gender"], gender,
                                                          locale))
                        if taken["note"].startswith(GENERATED_PREFIX) \
                                and f"also {gender} in" not in taken["note"]:
                            taken["note"] += f"; also {gender} in {locale}"
            continue

        for spelling, script, labels in usable:
            low = spelling.lower()
            keys = lookup_keys(spelling)
            existing = table.lower.get(low)
            if existing is not None:
                if existing["canonical"] != canonical:
                    stats["canonical_conflicts"].append((spelling, existing["canonical"],
                                                         canonical, locale))
                elif existing["gender"] != gender:
                    stats["gender_conflicts"].append((spelling, existing["gender"], gender,
                                                      locale))
                    if existing["note"].startswith(GENERATED_PREFIX) \
                            and f"also {gender} in" not in existing["note"]:
                        existing["note"] += f"; also {gender} in {locale}"
                continue
            clash = [table.keys[k] for k in keys if k in table.keys
                     and table.keys[k][:2] != (canonical, gender)]
            if clash:
                c = clash[0]
                if c[0] != canonical:
                    stats["canonical_conflicts"].append((spelling, c[0], canonical, locale))
                else:
                    stats["gender_conflicts"].append((spelling, c[1], gender, locale))
                continue
            if script == "latin" and spelling.isascii() and fold(spelling) in table.latin_folds:
                stats["skipped"]["ASCII form of a spelling already present"] += 1
                continue
            if script == "cyrillic":
                note = f"{source}; Cyrillic spelling"
            elif labels == ["as written"]:
                note = source
            elif labels == ["cedilla form of ș/ț"]:
                note = f"{source} {name}; cedilla form of ș/ț"
            else:
                note = f"{source} {name}; transliteration: {' + '.join(labels)}"
            table.add({"name": spelling, "canonical": canonical, "gender": gender,
                       "script": script, "note": note})
            stats["added"][locale] += 1
    return table, stats


# ---------------------------------------------------------------------------------------------
# CSV and checks
# ---------------------------------------------------------------------------------------------
def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.reader(f)
        header = next(reader)
        if header != HEADER:
            sys.exit(f"{path}: header {header}, expected {HEADER}")
        rows = []
        for lineno, fields in enumerate(reader, start=2):
            if len(fields) != len(HEADER):
                sys.exit(f"{path}:{lineno}: {len(fields)} fields, expected {len(HEADER)}")
            rows.append(dict(zip(HEADER, fields)))
    return rows


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        writer.writerow(HEADER)
        for row in rows:
            writer.writerow([row[h] for h in HEADER])


def source_of(row: dict[str, str]) -> str:
    note = row["note"]
    if note.startswith(GENERATED_PREFIX):
        return note.split()[2]
    return "curated"


def check(rows: list[dict[str, str]]) -> list[str]:
    errors = []
    names = {r["name"] for r in rows}
    lower: dict[str, str] = {}
    keys: dict[str, tuple[str, str, str]] = {}
    for i, r in enumerate(rows, start=2):
        where = f"line {i} {r['name']!r}"
        for h in HEADER[:4]:
            if not r[h] or r[h] != r[h].strip():
                errors.append(f"{where}: empty or padded {h}")
        if r["gender"] not in ("m", "f"):
            errors.append(f"{where}: gender {r['gender']!r}")
        if r["script"] not in ("latin", "cyrillic"):
            errors.append(f"{where}: script {r['script']!r}")
        if r["script"] == "cyrillic" and not has_cyrillic(r["name"]):
            errors.append(f"{where}: script cyrillic but no Cyrillic letter")
        if r["script"] == "latin" and has_cyrillic(r["name"]):
            errors.append(f"{where}: script latin but Cyrillic letters")
        if r["canonical"] not in names:
            errors.append(f"{where}: canonical {r['canonical']!r} has no row of its own")
        low = r["name"].lower()
        if low in lower:
            errors.append(f"{where}: duplicate of {lower[low]!r} (case-insensitive)")
        lower[low] = r["name"]
        for k in lookup_keys(r["name"]):
            old = keys.get(k)
            if old and old[:2] != (r["canonical"], r["gender"]):
                errors.append(f"{where}: folds to {k!r} like {old[2]!r} "
                              f"({old[0]}/{old[1]} vs {r['canonical']}/{r['gender']})")
            keys.setdefault(k, (r["canonical"], r["gender"], r["name"]))
    canon_gender: dict[str, set[str]] = defaultdict(set)
    for r in rows:
        canon_gender[r["canonical"]].add(r["gender"])
    for c, g in canon_gender.items():
        if len(g) > 1:
            errors.append(f"canonical {c!r} has rows of both genders")
    return errors


def print_counts(rows: list[dict[str, str]]) -> None:
    per_source = Counter(source_of(r) for r in rows)
    per_script = Counter(r["script"] for r in rows)
    print("rows per source:")
    for source in ["curated"] + LOCALES:
        if per_source[source]:
            print(f"  {source:8} {per_source[source]:6}")
    scripts = ", ".join(f"{k} {v}" for k, v in sorted(per_script.items()))
    canonicals = len({r["canonical"] for r in rows})
    print(f"  {'total':8} {len(rows):6}  ({scripts}; {canonicals} canonical forms)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--faker", type=Path, help="folder holding the unzipped faker package")
    parser.add_argument("--csv", type=Path, default=DEFAULT_CSV)
    parser.add_argument("--check", action="store_true", help="only validate the CSV")
    parser.add_argument("-v", "--verbose", action="store_true", help="list conflicts and skips")
    args = parser.parse_args()

    rows = read_rows(args.csv)
    if args.check:
        errors = check(rows)
        print_counts(rows)
        for e in errors:
            print("error:", e)
        print(f"{len(errors)} errors")
        sys.exit(1 if errors else 0)
    if args.faker is None:
        parser.error("--faker DIR is needed to generate (or --check)")

    curated = [r for r in rows if not r["note"].startswith(GENERATED_PREFIX)]
    version, lists = load_faker(args.faker)
    table, stats = build(curated, version, lists)
    generated = sorted(table.rows, key=lambda r: (r["canonical"], r["name"]))
    out = curated + generated
    errors = check(out)
    if errors:
        for e in errors[:50]:
            print("error:", e)
        sys.exit(f"{len(errors)} errors: {args.csv} left as it was")
    write_rows(args.csv, out)

    print(f"{args.csv}: {len(rows)} rows before, {len(out)} after "
          f"({len(curated)} curated, {len(generated)} from Faker {version})")
    print_counts(out)
    print("spellings skipped:")
    for reason, n in stats["skipped"].most_common():
        print(f"  {n:6}  {reason}")
    for reason, n in stats["dropped"].most_common():
        print(f"  {n:6}  names dropped: {reason}")
    print(f"  {stats['bg_unattested']:6}  bg_BG names not attested elsewhere")
    print(f"  {len(stats['lt_no_gender']):6}  lt_LT names of unknown gender")
    print(f"  {len(stats['canonical_conflicts']):6}  spellings taken by another name")
    print(f"  {len(stats['gender_conflicts']):6}  spellings taken by the other gender")
    if table.curated_key_clashes:
        print(f"  curated rows that fold alike with different canonicals: "
              f"{table.curated_key_clashes}")
    if args.verbose:
        for reason, words in stats["skipped_examples"].items():
            print(f"skipped ({reason}): {' '.join(sorted(words))}")
        for c in stats["canonical_conflicts"]:
            print("taken by another name: %s (%s, wanted %s, %s)" % c)
        for c in stats["gender_conflicts"]:
            print("other gender: %s (%s, wanted %s, %s)" % c)
        for canon, srcs in sorted(stats["joined_curated"].items()):
            print(f"joined curated {canon}: {' '.join(sorted(srcs))}")
        print("lt_LT unknown gender:", " ".join(stats["lt_no_gender"]))
        print("names whose spellings are all taken:", " ".join(stats["dropped_names"]))


if __name__ == "__main__":
    main()
