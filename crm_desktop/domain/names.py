"""Person and organization name rules: folding, splitting, duplicate matching, legal forms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# The public functions below are pure (text in, immutable value out) and an import calls
# them once per row with values that repeat (names, companies): results are cached per
# distinct value, bounded.
_CACHE = 65536


def fold(text: str) -> str:
    """Matching fold: NFKC, casefold, 'ё'→'е', whitespace collapsed and stripped."""
    folded = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")
    return " ".join(folded.split())


_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_APOSTROPHE_IN_WORD_RE = re.compile(r"(?<=[^\W\d_])['’ʼ`](?=[^\W\d_])")
_LETTER_TOKEN_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
_WORD_TOKEN_RE = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_CYRILLIC_RE = re.compile(r"[\u0400-\u052f]")
_LATIN_RE = re.compile(r"[a-z]")


# --- person names: built-in first-name lists ---------------------------------------------------


def _word_set(text: str) -> frozenset[str]:
    return frozenset(fold(word) for word in text.split())


_MALE_NAMES = _word_set(
    """
    Абрам Адам Айдар Айрат Алан Александр Алексей Али Алик Алишер Алмаз Альберт Альфред Амир
    Анатолий Анвар Андрей Антон Арам Аркадий Арман Армен Арсен Арсений Артём Артур Асхат
    Афанасий Ахмед Бахтияр Бекзод Богдан Борис Булат Вадим Валентин Валерий Василий Вахтанг
    Вениамин Виктор Виталий Владимир Владислав Всеволод Вячеслав Гавриил Гагик Геннадий Георгий
    Герман Гиви Глеб Григорий Гурген Давид Дамир Даниил Данила Данияр Демьян Денис Джамшид
    Дмитрий Евгений Егор Елисей Ержан Ефим Захар Зиновий Зураб Иван Игнат Игорь Ильдар Ильнур
    Илья Иннокентий Иосиф Ирек Исаак Камиль Карен Кирилл Клим Константин Кузьма Лев Леван Леонид
    Лука Макар Максим Марат Марк Марсель Матвей Мирон Мирослав Михаил Мурат Назар Никита
    Никифор Николай Нодар Нурлан Олег Остап Отабек Павел Пётр Платон Прохор Радик Рамиль Рамиз
    Рафаэль Рашид Реваз Ренат Ринат Роберт Родион Роман Ростислав Руслан Рустам Рустем Савва
    Савелий Салават Самуил Санжар Святослав Семён Сергей Серик Станислав Степан Тагир Тарас
    Тигран Тимофей Тимур Тихон Фарид Фаррух Фёдор Филипп Фома Хасан Шамиль Шерзод Эдуард Эльдар
    Эльчин Эмиль Эмин Эрик Эрнест Юлиан Юрий Яков Ян Ярослав
    Aaron Adam Alan Albert Alexander Andrew Anthony Arthur Benjamin Bill Bob Brandon Brian Bruce
    Carl Carlos Charles Chris Christian Christopher Daniel David Dennis Donald Douglas Dylan
    Edward Eric Ethan Eugene Frank Gabriel Gary George Gerald Gregory Hans Harold Harry Henry
    Jack Jacob James Jason Jean Jeffrey Jeremy Jerry Jim Joe John Jonathan Jordan Jose Joseph
    Joshua Juan Justin Keith Kenneth Kevin Kyle Larry Lawrence Leo Louis Luis Marco Mark Martin
    Matthew Max Michael Mike Nathan Nicholas Noah Oliver Patrick Paul Peter Philip Pierre Ralph
    Raymond Richard Robert Roger Ronald Roy Russell Ryan Samuel Scott Sean Stephen Steve Steven
    Terry Thomas Timothy Tom Tony Tyler Vincent Walter Wayne William
    Aleksandr Aleksei Aleksey Alexei Alexey Anatoly Andrei Andrey Anton Artem Artyom Boris Denis
    Dmitri Dmitriy Dmitry Egor Evgeniy Evgeny Fedor Fyodor Gennady Grigory Igor Ilya Ivan Kirill
    Konstantin Leonid Maksim Maxim Mikhail Nikita Nikolai Nikolay Oleg Pavel Petr Pyotr Roman
    Ruslan Sergei Sergey Stanislav Stepan Timofey Timur Vadim Vasily Vasiliy Viktor Victor
    Vitaliy Vitaly Vladimir Vladislav Vyacheslav Yegor Yevgeny Yuri Yury
    """
)

_FEMALE_NAMES = _word_set(
    """
    Ада Аида Айгерим Айгуль Агата Алевтина Александра Алёна Алина Алиса Алла Алсу Альбина Амина
    Анастасия Ангелина Анжела Анжелика Анна Антонина Арина Асель Валентина Валерия Варвара
    Василиса Вера Вероника Виктория Виолетта Владислава Галина Гульмира Гульнара Дарья Диана
    Дилара Диляра Дина Динара Ева Евгения Екатерина Елена Елизавета Есения Жанна Зарема Зарина
    Зинаида Злата Зоя Зульфия Изабелла Ильмира Инесса Инна Ираида Ирина Камила Карина Кира
    Клавдия Кристина Ксения Лариса Лейла Лейсан Леся Лиана Лидия Лилия Любовь Людмила Ляйсан
    Мадина Майя Малика Маргарита Марина Мария Марьям Марьяна Милана Мирослава Надежда Наталия
    Наталья Нелли Ника Нилуфар Нина Нонна Оксана Олеся Ольга Полина Раиса Регина Резеда Рената
    Римма Роза Розалия Сабина Светлана Снежана София Софья Станислава Стефания Таисия Тамара
    Татьяна Ульяна Фаина Эвелина Элеонора Элина Эльвира Эльза Эльмира Эмилия Юлиана Юлия Яна
    Ярослава
    Abigail Alice Amanda Amber Amy Andrea Angela Ann Anna Anne Ashley Ava Barbara Betty Brenda
    Carol Catherine Charlotte Cheryl Chloe Christina Christine Cynthia Danielle Deborah Diana
    Diane Donna Doris Dorothy Elizabeth Ella Emily Emma Eva Evelyn Frances Gloria Grace Hannah
    Heather Helen Isabella Jacqueline Jane Janet Jennifer Jessica Joan Joyce Judith Judy Julia
    Julie Karen Kate Katherine Kathleen Kelly Kimberly Laura Lauren Linda Lisa Lucy Lily Madison
    Margaret Maria Marie Martha Mary Megan Melissa Mia Michelle Nancy Natalie Nicole Olivia
    Pamela Patricia Rachel Rebecca Rose Ruth Samantha Sandra Sara Sarah Sharon Sophia Sophie
    Stephanie Susan Teresa Victoria Virginia
    Aleksandra Alena Alexandra Alina Alyona Anastasia Anastasiya Daria Darya Ekaterina Elena
    Evgenia Galina Inna Irina Kristina Ksenia Kseniya Larisa Larissa Lidia Ludmila Lyubov
    Lyudmila Margarita Marina Nadezhda Natalia Natalya Oksana Olga Polina Sofia Sofya Svetlana
    Tamara Tatiana Tatyana Valentina Vera Veronika Viktoria Yekaterina Yelena Yulia Yuliya Zoya
    """
)

_FIRST_NAMES = _MALE_NAMES | _FEMALE_NAMES

# Patronymic particles written as a separate word: 'Алиев Гейдар Алирза оглы'.
_MALE_PARTICLES = frozenset({"оглы", "оглу", "улы", "угли", "уулу", "ogly", "oglu", "uly"})
_FEMALE_PARTICLES = frozenset({"кызы", "қызы", "гызы", "кизи", "kyzy", "kizi", "qizi"})
_MALE_PATRONYMIC_ENDINGS = ("вич", "vich", *_MALE_PARTICLES)
_FEMALE_PATRONYMIC_ENDINGS = ("вна", "ична", "vna", "ichna", *_FEMALE_PARTICLES)
# '-ич' alone is mostly a surname (Бабич, Петрич); only these are patronymics.
_ICH_PATRONYMICS = frozenset({"ильич", "кузьмич", "фомич", "лукич", "никитич", "фокич", "саввич"})
_SURNAME_ENDINGS = (
    "ов", "ев", "ин", "ын", "ова", "ева", "ина", "ына", "ский", "ская", "цкий", "цкая",
    "ской", "енко", "ян", "швили", "дзе", "ук", "юк", "ых", "их",
    "ov", "ev", "ova", "eva", "sky", "skiy", "skaya", "enko", "yan",
)  # fmt: skip
_PERSON_TOKEN_STRIP = " .,;:!?\"'«»“”„‘’`()[]{}<>*/\\|-\u2010\u2011\u2012\u2013\u2014\u2212"
_INITIALS_RE = re.compile(r"(?:[^\W\d_]\.)*[^\W\d_]")
_INITIALS_GLUED_RE = re.compile(r"((?:[^\W\d_]\.){1,2})([^\W\d_]{2,}.*)")


@dataclass(frozen=True, slots=True)
class PersonName:
    """A person's name split into parts; '' for a missing part, original case kept."""

    last: str
    first: str
    middle: str

    @property
    def full(self) -> str:
        """'Иванов Иван Петрович': the non-empty parts, last name first."""
        return " ".join(part for part in (self.last, self.first, self.middle) if part)

    @property
    def short(self) -> str:
        """'Иванов И. П.'; without a last name the full form is returned."""
        if not self.last:
            return self.full
        parts = [self.last] + [_initial(p) for p in (self.first, self.middle) if p.strip()]
        return " ".join(parts)


def _initial(part: str) -> str:
    """'Иван' -> 'И.', 'Анна-Мария' -> 'А.-М.', 'И.' -> 'И.'."""
    words = part.split(maxsplit=1)
    if not words:
        return ""
    return "-".join(piece[0].upper() + "." for piece in words[0].split("-") if piece)


def _is_initial(token: str) -> bool:
    return len(token) == 2 and token[1] == "." and token[0].isalpha()


def _is_latin(token: str) -> bool:
    folded = fold(token)
    return bool(_LATIN_RE.search(folded)) and not _CYRILLIC_RE.search(folded)


def _name_genders(token: str) -> set[str]:
    folded = fold(token)
    parts = folded.split("-")
    genders: set[str] = set()
    if folded in _MALE_NAMES or all(p in _MALE_NAMES for p in parts):
        genders.add("m")
    if folded in _FEMALE_NAMES or all(p in _FEMALE_NAMES for p in parts):
        genders.add("f")
    return genders


def _known_first(token: str) -> bool:
    return bool(_name_genders(token))


def _patronymic_gender(token: str) -> str | None:
    """'m' or 'f' when `token` looks like a patronymic, else None."""
    folded = fold(token)
    last_word = folded.split()[-1] if folded else ""
    if last_word in _MALE_PARTICLES:
        return "m"
    if last_word in _FEMALE_PARTICLES:
        return "f"
    if len(folded) < 5:
        return None
    if folded in _ICH_PATRONYMICS or folded.endswith(_MALE_PATRONYMIC_ENDINGS):
        return "m"
    if folded.endswith(_FEMALE_PATRONYMIC_ENDINGS):
        return "f"
    return None


def _surname_like(token: str) -> bool:
    folded = fold(token)
    return len(folded) >= 4 and not _known_first(token) and folded.endswith(_SURNAME_ENDINGS)


def _person_tokens(segment: str) -> list[str]:
    """Tokens of one comma-free segment; initials become separate 'И.' tokens."""
    tokens: list[str] = []
    for raw in segment.split():
        token = raw.strip(_PERSON_TOKEN_STRIP)
        if not any(ch.isalpha() for ch in token):
            continue
        glued = _INITIALS_GLUED_RE.fullmatch(token)
        if glued:  # 'И.П.Иванов'
            tokens.extend(f"{ch}." for ch in glued.group(1) if ch.isalpha())
            tokens.append(glued.group(2))
        elif _INITIALS_RE.fullmatch(token):  # 'И.П.', 'И. П.', 'И'
            tokens.extend(f"{ch}." for ch in token if ch.isalpha())
        else:
            tokens.append(token)
    merged: list[str] = []
    for token in tokens:
        if merged and fold(token) in _MALE_PARTICLES | _FEMALE_PARTICLES:
            merged[-1] = f"{merged[-1]} {token}"
        else:
            merged.append(token)
    if len(merged) > 1 and fold(merged[0]) == "ип":  # 'ИП Иванов Иван Иванович'
        merged = merged[1:]
    if len(merged) > 1 and fold(merged[-1]) == "ип":
        merged = merged[:-1]
    return merged


def _split_two(a: str, b: str) -> PersonName:
    first_last = PersonName(last=b, first=a, middle="")
    last_first = PersonName(last=a, first=b, middle="")
    patronymic = _patronymic_gender(b)
    if patronymic and (
        patronymic in _name_genders(a) or (patronymic == "f" and not _surname_like(a))
    ):
        return PersonName(last="", first=a, middle=b)  # 'Иван Петрович', 'Мария Ивановна'
    known_a, known_b = _known_first(a), _known_first(b)
    if known_a != known_b:
        return first_last if known_a else last_first
    latin = _is_latin(a) and _is_latin(b)
    if known_a:
        return first_last if latin else last_first
    surname_a, surname_b = _surname_like(a), _surname_like(b)
    if surname_a != surname_b:
        return last_first if surname_a else first_last
    return first_last if latin else last_first


def _split_three(a: str, b: str, c: str) -> PersonName:
    last_first_middle = PersonName(last=a, first=b, middle=c)
    first_middle_last = PersonName(last=c, first=a, middle=b)
    pat_b, pat_c = _patronymic_gender(b) is not None, _patronymic_gender(c) is not None
    if pat_b != pat_c:
        return first_middle_last if pat_b else last_first_middle
    if pat_b:  # both look patronymic: 'Роман Аркадьевич Абрамович'
        if _known_first(a) and not _known_first(b):
            return first_middle_last
        return last_first_middle
    score_lfm = 2 * _known_first(b) + _surname_like(a)
    score_fml = 2 * _known_first(a) + _surname_like(c)
    if all(_is_latin(t) for t in (a, b, c)):
        return first_middle_last if score_fml >= score_lfm else last_first_middle
    return first_middle_last if score_fml > score_lfm else last_first_middle


def _split_many(words: list[str]) -> PersonName:
    patronymics = [i for i, w in enumerate(words) if i > 0 and _patronymic_gender(w)]
    if patronymics:
        index = patronymics[-1]
        if index == 1:
            return PersonName(last=" ".join(words[2:]), first=words[0], middle=words[1])
        return PersonName(
            last=" ".join(words[: index - 1]),
            first=words[index - 1],
            middle=" ".join(words[index:]),
        )
    if all(_is_latin(w) for w in words):
        return PersonName(last=words[-1], first=words[0], middle=" ".join(words[1:-1]))
    return PersonName(last=words[0], first=words[1], middle=" ".join(words[2:]))


def _split_words(words: list[str]) -> PersonName:
    if len(words) == 1:
        word = words[0]
        return PersonName("", word, "") if _known_first(word) else PersonName(word, "", "")
    if len(words) == 2:
        return _split_two(words[0], words[1])
    if len(words) == 3:
        return _split_three(words[0], words[1], words[2])
    return _split_many(words)


def _split_tokens(tokens: list[str]) -> PersonName:
    kinds = "".join("I" if _is_initial(t) else "W" for t in tokens)
    if kinds.startswith("WI") and set(kinds[1:]) == {"I"}:  # 'Иванов И. П.'
        return PersonName(tokens[0], tokens[1], " ".join(tokens[2:]))
    if kinds.endswith("IW") and set(kinds[:-1]) == {"I"}:  # 'И. П. Иванов'
        return PersonName(tokens[-1], tokens[0], " ".join(tokens[1:-1]))
    if kinds == "WWI":  # 'Иванов Иван П.'
        words = _split_two(tokens[0], tokens[1])
        if not words.last:
            return PersonName(tokens[2], words.first, words.middle)
        return PersonName(words.last, words.first, tokens[2])
    if kinds == "WIW":  # 'John F. Kennedy' or 'Иванов И. Петрович'
        if _patronymic_gender(tokens[2]):
            return PersonName(tokens[0], tokens[1], tokens[2])
        return PersonName(tokens[2], tokens[0], tokens[1])
    if kinds == "I" * len(kinds):
        return PersonName("", tokens[0], " ".join(tokens[1:]))
    return _split_words(tokens)


@lru_cache(maxsize=_CACHE)
def split_person_name(full_name: str) -> PersonName:
    """Heuristic split of a free-text name ('Фамилия Имя Отчество' and other orders).

    'Иванов, Иван Петрович' (one word before the comma) is read as 'Фамилия, Имя Отчество';
    otherwise only the text before the first comma is used ('Иванов Иван, менеджер').
    """
    segments = [tokens for tokens in map(_person_tokens, full_name.split(",")) if tokens]
    if not segments:
        return PersonName("", "", "")
    head = segments[0]
    if len(segments) > 1 and len(head) == 1 and not _is_initial(head[0]):
        rest = segments[1]
        return PersonName(head[0], rest[0], " ".join(rest[1:]))
    return _split_tokens(head)


# --- person names: matching -----------------------------------------------------------------


def _name_token_list(name: str) -> list[str]:
    text = _APOSTROPHE_IN_WORD_RE.sub("", fold(name).translate(_DASHES))
    return _LETTER_TOKEN_RE.findall(text)


@lru_cache(maxsize=_CACHE)
def person_name_tokens(name: str) -> frozenset[str]:
    """Folded letter-only tokens; hyphenated parts stay joined, initials become one letter."""
    return frozenset(_name_token_list(name))


@lru_cache(maxsize=_CACHE)
def person_name_key(name: str) -> str:
    """Index key: the sorted full (non-initial) tokens, e.g. 'иван иванов петрович'."""
    return " ".join(sorted(t for t in person_name_tokens(name) if len(t) > 1))


def _compatible(a: str, b: str) -> bool:
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return a == b


def _matched_pairs(a: list[str], b: list[str]) -> tuple[int, int]:
    """Size of the best one-to-one pairing of tokens, and how many pairs are equal full words."""
    rest_a, rest_b = list(a), list(b)
    exact = 0
    for token in a:
        if len(token) > 1 and token in rest_b:
            rest_a.remove(token)
            rest_b.remove(token)
            exact += 1
    # Initials left over: augmenting-path bipartite matching (tiny inputs).
    owner: dict[int, int] = {}
    extra = sum(_augment(i, set(), rest_a, rest_b, owner) for i in range(len(rest_a)))
    return exact + extra, exact


def _augment(
    i: int, seen: set[int], rest_a: list[str], rest_b: list[str], owner: dict[int, int]
) -> bool:
    """One augmenting path from `rest_a[i]` (a module function: a recursive closure would
    leave a reference cycle per call for the garbage collector)."""
    for j, token in enumerate(rest_b):
        if j not in seen and _compatible(rest_a[i], token):
            seen.add(j)
            if j not in owner or _augment(owner[j], seen, rest_a, rest_b, owner):
                owner[j] = i
                return True
    return False


@lru_cache(maxsize=_CACHE)
def person_names_match(a: str, b: str) -> bool:
    """True when two names plausibly denote the same person (duplicate detection).

    One name's tokens must all pair up with the other's (an initial pairs with a word
    starting with it), with at least one equal full word; single-word names only match
    an identical single word; empty names never match.
    """
    tokens_a, tokens_b = _name_token_list(a), _name_token_list(b)
    if not tokens_a or not tokens_b:
        return False
    if len(tokens_a) == 1 or len(tokens_b) == 1:
        return tokens_a == tokens_b
    pairs, exact = _matched_pairs(tokens_a, tokens_b)
    return exact > 0 and pairs == min(len(tokens_a), len(tokens_b))


# --- organization names -----------------------------------------------------------------------

_SHORT_FORMS: dict[str, str] = {
    "ооо": "ООО", "ао": "АО", "зао": "ЗАО", "пао": "ПАО", "оао": "ОАО", "нао": "НАО",
    "ип": "ИП", "тоо": "ТОО", "одо": "ОДО", "тов": "ТОВ", "чп": "ЧП", "гуп": "ГУП",
    "муп": "МУП", "фгуп": "ФГУП", "нко": "НКО", "ано": "АНО", "пк": "ПК", "спк": "СПК",
    "кфх": "КФХ",
    "ooo": "ООО", "zao": "ЗАО", "oao": "ОАО", "pao": "ПАО",
    "llc": "LLC", "ltd": "Ltd", "inc": "Inc", "gmbh": "GmbH", "llp": "LLP", "jsc": "JSC",
}  # fmt: skip

_LONG_FORMS: tuple[tuple[tuple[str, ...], str], ...] = tuple(
    sorted(
        (
            (tuple(fold(phrase).split()), short)
            for phrase, short in (
                ("общество с ограниченной ответственностью", "ООО"),
                ("общество с дополнительной ответственностью", "ОДО"),
                ("акционерное общество", "АО"),
                ("закрытое акционерное общество", "ЗАО"),
                ("открытое акционерное общество", "ОАО"),
                ("публичное акционерное общество", "ПАО"),
                ("непубличное акционерное общество", "НАО"),
                ("индивидуальный предприниматель", "ИП"),
                ("товарищество с ограниченной ответственностью", "ТОО"),
                ("товариство з обмеженою відповідальністю", "ТОВ"),
                ("частное предприятие", "ЧП"),
                ("государственное унитарное предприятие", "ГУП"),
                ("муниципальное унитарное предприятие", "МУП"),
                ("федеральное государственное унитарное предприятие", "ФГУП"),
                ("автономная некоммерческая организация", "АНО"),
                ("некоммерческая организация", "НКО"),
                ("производственный кооператив", "ПК"),
                ("сельскохозяйственный производственный кооператив", "СПК"),
                ("крестьянское фермерское хозяйство", "КФХ"),
                ("крестьянское хозяйство", "КФХ"),
                ("limited liability company", "LLC"),
                ("limited liability partnership", "LLP"),
                ("joint stock company", "JSC"),
                ("incorporated", "Inc"),
                ("limited", "Ltd"),
                ("gesellschaft mit beschränkter haftung", "GmbH"),
            )
        ),
        key=lambda item: -len(item[0]),
    )
)

# The long forms by their first word, longest first: a name's word is compared with the
# few forms it can begin (a company's name is read three or four times in an import).
_LONG_FORMS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], str]]] = {}
for _form in _LONG_FORMS:
    _LONG_FORMS_BY_FIRST.setdefault(_form[0][0], []).append(_form)

_LATIN_FORMS = frozenset({"LLC", "Ltd", "Inc", "GmbH", "LLP", "JSC"})
_PERSON_FORMS = frozenset({"ИП", "КФХ"})  # their core is a person's name: no quotes added
# Latin letters that look like Cyrillic ones, for mixed-script typos such as 'OОО'.
_LOOKALIKES = str.maketrans("aceopxykmthb", "асеорхукмтнв")
_QUOTES = "«»\"“”„'‘’`"
_OPENING_CONTEXT = " ([{«"


@dataclass(frozen=True, slots=True)
class _Token:
    key: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class _FormMatch:
    first: int  # token index range [first, stop)
    stop: int
    short: str


def _org_tokens(text: str) -> list[_Token]:
    scan = text.translate(_DASHES)
    return [_Token(fold(m.group()), m.start(), m.end()) for m in _WORD_TOKEN_RE.finditer(scan)]


def _short_form(key: str) -> str | None:
    if key in _SHORT_FORMS:
        return _SHORT_FORMS[key]
    if _CYRILLIC_RE.search(key) and _LATIN_RE.search(key):
        return _SHORT_FORMS.get(key.translate(_LOOKALIKES))
    return None


def _find_forms(tokens: list[_Token]) -> list[_FormMatch]:
    keys = [t.key for t in tokens]
    found: list[_FormMatch] = []
    i = 0
    while i < len(keys):
        for words, short in _LONG_FORMS_BY_FIRST.get(keys[i], ()):
            if tuple(keys[i : i + len(words)]) == words:
                found.append(_FormMatch(i, i + len(words), short))
                i += len(words)
                break
        else:
            short_form = _short_form(keys[i])
            if short_form:
                found.append(_FormMatch(i, i + 1, short_form))
            i += 1
    return found


@lru_cache(maxsize=_CACHE)
def org_name_key(name: str) -> str:
    """Matching key: folded, without quotes, punctuation and legal forms ('ромашка').

    A hyphen inside a word is kept ('ромашка-плюс'). When nothing but a legal form is left
    the folded words are returned with the form kept ('ооо').
    """
    tokens = _org_tokens(name)
    removed = {i for m in _find_forms(tokens) for i in range(m.first, m.stop)}
    kept = [t.key for i, t in enumerate(tokens) if i not in removed]
    words = kept or [t.key for t in tokens]
    key = " ".join(" ".join(_WORD_TOKEN_RE.findall(word)) for word in words)
    return " ".join(key.split()) or fold(name)


@lru_cache(maxsize=_CACHE)
def org_legal_form(name: str) -> str | None:
    """Canonical short legal form ('ООО', 'АО', 'ИП', 'LLC', ...) found first in `name`."""
    forms = _find_forms(_org_tokens(name))
    return forms[0].short if forms else None


def _normalise_quotes(text: str) -> str:
    out: list[str] = []
    for i, ch in enumerate(text):
        if ch not in _QUOTES:
            out.append(ch)
            continue
        before = text[i - 1] if i else " "
        after = text[i + 1] if i + 1 < len(text) else " "
        if ch in "'‘’`" and before.isalnum() and after.isalnum():
            out.append(ch)  # apostrophe inside a word: McDonald's
        elif ch == "«" or (ch != "»" and before in _OPENING_CONTEXT):
            out.append("«")
        else:
            out.append("»")
    return "".join(out)


@lru_cache(maxsize=_CACHE)
def org_display_name(name: str) -> str:
    """Tidy display form: 'ооо "Ромашка"' and 'Ромашка, ООО' both become 'ООО «Ромашка»'.

    Applies only to a name with one Russian/CIS legal form standing at its start (with a
    quoted core) or at its end (moved to the front); anything else is returned stripped.
    """
    stripped = name.strip()
    text = " ".join(name.split())
    tokens = _org_tokens(text)
    forms = _find_forms(tokens)
    if len(forms) != 1 or forms[0].short in _LATIN_FORMS:
        return stripped
    form = forms[0]
    start, end = tokens[form.first].start, tokens[form.stop - 1].end
    before, after = text[:start], text[end:]
    separators = " ,;.-"
    if not before.strip(separators):
        at_front, core = True, after.strip(separators)
    elif not after.strip(separators + _QUOTES):
        at_front, core = False, before.strip(" ,;-")
    else:
        return stripped
    if not any(ch.isalnum() for ch in core):
        return stripped
    has_quotes = any(ch in _QUOTES for ch in core)
    if at_front and not has_quotes:
        return stripped
    if form.stop - form.first > 1:
        label = text[start:end]
        label = label[0].upper() + label[1:]
    else:
        label = form.short
    if has_quotes:
        core = _normalise_quotes(core)
    elif form.short not in _PERSON_FORMS:
        core = f"«{core}»"
    return f"{label} {core}"
