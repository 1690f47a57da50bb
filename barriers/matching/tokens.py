"""Text -> search terms, the same function for what a barrier says and what an SME writes.

Korean goes through Kiwi (kiwipiepy, with the model that kiwipiepy-model ships): particles and
endings fall away (배송비가, 배송비를 -> 배송비), spacing stops mattering (수출 신고 / 수출신고 ->
수출, 신고 and the compound 수출신고), verbs and adjectives become their lemma (막혔어요 -> 막히다).
English words inside Korean text and English text alike are lower-cased and stemmed (Snowball).
A short domain thesaurus folds the spellings SMEs use for one thing into one term (배송료, 택배비
-> 배송비; 위쳇페이 -> 위챗페이). Korean nouns of three syllables or more also give their
syllable bigrams, so that 배송비 and 배송 비용 still meet.

Kiwi takes a couple of seconds to load: it is loaded once per process, on first use, and the
terms of barriers are computed when they are written (matching.index), not on every search.
"""

import re
import threading
import unicodedata

import snowballstemmer

BIGRAM_PREFIX = "#"  # bigram terms live in their own namespace: "#배송" is not the word "배송"

_kiwi = None
_kiwi_lock = threading.Lock()
_tokenize_lock = threading.Lock()
_stemmer = snowballstemmer.stemmer("english")
_stem_lock = threading.Lock()


def kiwi():
    """The process's one Kiwi, loaded on first use (about 2 s). The typo and multi-word
    dictionaries are left out: they triple the load time and add nothing for nouns."""
    global _kiwi
    if _kiwi is None:
        with _kiwi_lock:
            if _kiwi is None:
                from kiwipiepy import Kiwi

                analyser = Kiwi(load_typo_dict=False, load_multi_dict=False)
                analyser.tokenize("")  # Kiwi finishes loading lazily: do it here, under the lock
                _kiwi = analyser
    return _kiwi


NOUN_TAGS = frozenset({"NNG", "NNP", "XR", "SH"})
PREDICATE_TAGS = frozenset({"VV", "VA"})

# Nouns and predicates that say nothing about which barrier a text concerns.
KO_STOP = frozenset(
    """
    것 수 등 및 때 경우 저희 우리 제 저 분 곳 중 후 전 내 외 데 듯 점 번 개 건 년 월 일 시 때문 정도 부분
    관련 해당 이번 현재 요즘 계속 사실 문의 문제 생각 말씀 부탁 감사 확인 진행 상황 방법 내용 이상 이하 가능
    하다 되다 있다 없다 같다 않다 싶다 보다 주다 오다 가다 알다 모르다 나오다 대하다 위하다 통하다 이렇다 그렇다
    어떻다 많다 적다 크다 작다 좋다 그러다 말다 못하다 지다 드리다 받다 놓다 두다 나다 들다 이다 아니다
    """.split()
)

EN_STOP = frozenset(
    """
    a an and are as at be been being but by can cannot could did do does doing for from had has have
    having he her here him his how i if in into is it its itself just me more most my no nor not now
    of off on once only or other our ours out over own same she should so some such than that the their
    them then there these they this those through to too under until up very was we were what when where
    which while who whom why will with would you your yours us also even get gets got make makes made
    one every each any all like need needs needed want wants wanted tell told use used us
    """.split()
)

# Spellings of one thing, folded into one term before indexing and searching. Domain terms only:
# this is not a translation table (public versions carry both languages themselves).
THESAURUS = {
    # delivery cost
    "배송료": "배송비",
    "택배비": "배송비",
    "운송비": "배송비",
    "운송료": "배송비",
    "배송비용": "배송비",
    "배송요금": "배송비",
    "국제배송비": "배송비",
    # services, brands, acronyms written out or in Hangul
    "국제특급우편": "ems",
    "국제특급": "ems",
    "이엠에스": "ems",
    "액티브엑스": "activex",
    "위쳇페이": "위챗페이",
    "위쳇": "위챗",
    "알리페이": "알리페이",
    "케이팝": "kpop",
    "인니": "인도네시아",
    "착불": "cod",
    "결제대행": "pg",
    "결제대행사": "pg",
    "피지사": "pg",
    "본인확인": "본인인증",
    "공인인증서": "공인인증",
    "키로": "kg",
    "킬로그램": "kg",
    "킬로": "kg",
    "mocra": "mocra",
    "fda": "fda",
    # English variants (after stemming)
    "cod": "cod",
    "wechat": "wechatpay",
    "alipay": "alipay",
}

_HANGUL = re.compile(r"[\uac00-\ud7a3]")
_WORD = re.compile(r"[a-z][a-z0-9]*")


# Multi-word terms written several ways, joined before Kiwi sees them.
_A, _Z = r"(?<![A-Za-z])", r"(?![A-Za-z])"  # not \b: Hangul counts as a word character there
PHRASES = tuple(
    (re.compile(_A + pattern + _Z, re.IGNORECASE), f" {joined} ")
    for pattern, joined in (
        (r"de[\s-]*minimis", "deminimis"),
        (r"k[\s-]?pop", "kpop"),
        (r"we[\s-]?chat[\s-]?pay", "wechatpay"),
        (r"cash[\s-]+on[\s-]+delivery", "cod"),
    )
)


def normalise(text):
    """NFKC (full-width letters and digits to ASCII, compatibility jamo to syllables), known
    multi-word terms joined, trimmed."""
    text = unicodedata.normalize("NFKC", text or "")
    for pattern, replacement in PHRASES:
        text = pattern.sub(replacement, text)
    return text.strip()


def _fold(term):
    return THESAURUS.get(term, term)


def _stem(word):
    word = word.lower()
    if word in ("customs", "ems", "pg", "cod", "fda", "kc", "pse", "nmpa", "gst", "vat", "pipl", "cfs"):
        return word  # "customs" is not "customer"; acronyms are not plurals
    with _stem_lock:  # snowballstemmer objects keep state between calls
        return _stemmer.stemWord(word)


def _bigrams(noun):
    if len(noun) < 3 or not _HANGUL.search(noun):
        return []
    return [BIGRAM_PREFIX + noun[i : i + 2] for i in range(len(noun) - 1)]


def _english_terms(form):
    terms = []
    for word in _WORD.findall(form.lower()):
        if word in EN_STOP or len(word) < 2:
            continue
        stem = _stem(word)
        if stem in EN_STOP:
            continue
        terms.append(_fold(stem))
    return terms


def terms(text):
    """The search terms of `text`, in order, repeats kept (term frequency matters).

    >>> terms("배송비가 너무 비싸요") == terms("배송비를  너무비싸요")
    True
    """
    text = normalise(text)
    if not text:
        return []
    analyser = kiwi()
    with _tokenize_lock:  # one Kiwi per process; calls are short, and this keeps threaded servers safe
        tokens = analyser.tokenize(text)
    out = []
    previous = None  # the Korean noun just before, for compounds (수출 + 신고 -> 수출신고)
    for token in tokens:
        tag = token.tag.split("-")[0]
        if tag in NOUN_TAGS and _HANGUL.search(token.form):
            noun = _fold(token.form)
            if previous is not None:
                out.append(_fold(previous + token.form))
            previous = token.form
            if (len(noun) > 1 or noun != token.form) and noun not in KO_STOP:
                out.append(noun)
                out.extend(_bigrams(noun))
            continue
        previous = None
        if tag == "SL" or tag in NOUN_TAGS:
            out.extend(_english_terms(token.form))
        elif tag in PREDICATE_TAGS:
            lemma = getattr(token, "lemma", None) or token.form + "다"
            if lemma not in KO_STOP:
                out.append(lemma)
    return out


def keywords(text):
    """The words of a search box as they appear in texts (not stemmed, no compounds or bigrams):
    Korean nouns without their particles (배송비가 -> 배송비) and English words. For substring
    search over the public register."""
    text = normalise(text)
    if not text:
        return []
    analyser = kiwi()
    with _tokenize_lock:
        tokens = analyser.tokenize(text)
    words = []
    for token in tokens:
        tag = token.tag.split("-")[0]
        if tag in NOUN_TAGS or tag == "SL" or tag == "SN":
            form = token.form.strip()
            if form and form.lower() not in EN_STOP and form not in words:
                words.append(form)
    return words[:10]
