#include "common/analysis/arabic_stemmer.h"

#include <algorithm>
#include <optional>
#include <string_view>
#include <vector>

#include "common/analysis/clitics.h"
#include "common/analysis/letters.h"
#include "common/analysis/normalizer.h"

namespace fahras {
namespace {

// Every normalized Arabic letter is two bytes of UTF-8.
constexpr size_t kLetter = 2;
// Stems kept per stemmer (about 100 bytes each); the cache starts over when
// full. The news's frequent words fill it again at once; 2^18 (26 MB a
// stemmer, one per indexing thread) was an eighth of an indexing run's memory.
constexpr size_t kMaxCache = 1 << 16;

bool starts_with(std::string_view w, std::string_view p) { return w.substr(0, p.size()) == p; }

bool ends_with(std::string_view w, std::string_view s) {
  return w.size() >= s.size() && w.substr(w.size() - s.size()) == s;
}

// Suffixes, tried in this order (Larkey's light10 list, after normalization).
constexpr std::string_view kSuffixes[] = {"ها", "ان", "ات", "ون", "ين", "يه", "ه", "ي"};
constexpr std::string_view kHeh = "ه";
constexpr std::string_view kTeh = "ت";

// The minimum letters a stem keeps after a suffix comes off.
constexpr size_t kMinStem = 3;
// A clitic-like letter comes off an unknown word only if this many remain.
constexpr size_t kMinUnknownRemainder = 4;
// A dictionary word reached by taking suffixes off counts as known only with
// this many letters: short entries (وبك, الص) are too easy to meet by chance.
constexpr size_t kMinKnownStem = 4;

// The rows of kProclitics (clitics.h) that end with the article (longest first), or a conjunction
// and/or a preposition (shortest first).
std::vector<std::string_view> proclitics(bool article) {
  std::vector<std::string_view> texts;
  for (const Proclitic& p : kProclitics) {
    if (p.article == article) texts.push_back(p.text);
  }
  if (!article) std::reverse(texts.begin(), texts.end());
  return texts;
}
const std::vector<std::string_view> kArticleProclitics = proclitics(true);
const std::vector<std::string_view> kLetterProclitics = proclitics(false);

// Whether `w` begins with a proclitic of one letter that is (`conjunction`)
// or is not a conjunction.
bool starts_with_letter(std::string_view w, bool conjunction) {
  for (const Proclitic& p : kProclitics) {
    if (is_single_letter(p) && p.conjunction == conjunction && starts_with(w, p.text)) return true;
  }
  return false;
}

bool is_clitic_letter(std::string_view w) {
  return starts_with_letter(w, true) || starts_with_letter(w, false);
}

// Strips suffixes in list order, stopping as soon as the lexicon knows the
// word (with ة restored: وزارات → وزاره, حكومته → حكومه). Sets *known if it did.
std::string strip_suffixes(std::string w, const Lexicon& lexicon, bool* known = nullptr) {
  if (known) *known = false;
  if (lexicon.contains(w)) {
    if (known) *known = true;
    return w;
  }
  for (std::string_view s : kSuffixes) {
    if (!ends_with(w, s) || letter_count(w) - letter_count(s) < kMinStem) continue;
    w.resize(w.size() - s.size());
    if (letter_count(w) < kMinKnownStem) continue;
    if (lexicon.contains(w)) {
      if (known) *known = true;
      return w;
    }
    std::string with_heh = w + std::string(kHeh);
    if (lexicon.contains(with_heh)) {
      if (known) *known = true;
      return with_heh;
    }
    // ة is written ت before a suffix: حكومته, وزارتها → حكومه, وزاره.
    if (ends_with(w, kTeh)) {
      std::string marbuta = w.substr(0, w.size() - kTeh.size()) + std::string(kHeh);
      if (lexicon.contains(marbuta)) {
        if (known) *known = true;
        return marbuta;
      }
    }
  }
  return w;
}

bool known_word(const std::string& w, const Lexicon& lexicon) {
  bool known = false;
  strip_suffixes(w, lexicon, &known);
  return known;
}

bool has_ascii_letter(std::string_view w) {
  for (char c : w) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) return true;
  }
  return false;
}

// The first of `kLetterProclitics` in front of `word` whose removal leaves a
// word the lexicon knows (directly, or after suffixes when `via_suffixes`)
// of kMinStem letters or more; empty if none.
std::string known_after_proclitic(const std::string& word, const Lexicon& lexicon,
                                  bool via_suffixes) {
  for (std::string_view p : kLetterProclitics) {
    if (!starts_with(word, p)) continue;
    std::string rest = word.substr(p.size());
    if (letter_count(rest) < kMinStem) continue;
    if (via_suffixes ? known_word(rest, lexicon) : lexicon.contains(rest)) return rest;
  }
  return "";
}

// Ends a stem whose letters spell a name that the word is not (الرياضيه is
// derived from رياضه, not the city): tatweel, which normalization removes
// from every text, so no written word meets it.
constexpr std::string_view kNotName = "\xD9\x80";  // U+0640

bool is_conjunction(std::string_view w) { return starts_with_letter(w, true); }

bool is_preposition(std::string_view w) { return starts_with_letter(w, false); }

// How many of the first letters of `run` Arabic grammar lets be proclitics:
// at most one conjunction (و ف) first, then at most one preposition (ب ك ل).
// بو is ب and no more: a conjunction never follows a preposition.
size_t grammatical_proclitics(std::string_view run) {
  size_t n = 0;
  if (is_conjunction(run)) n += kLetter;
  if (n < run.size() && is_preposition(run.substr(n))) n += kLetter;
  return letter_count(run.substr(0, n));
}

// A word cut into its proclitics and the rest, and the rule that cut it.
struct Reading {
  std::string core;
  bool article = false;  // the proclitics end with the article ال
  std::string rule;
  bool grammatical = true;  // false when letters no grammar reads as clitics came off
};

// A proclitic before a name that begins with و or ends with ه (ة), or before
// the first word of a name of several words that begins with و, read so even
// when the whole is a word of the lexicon: وجده is و + جده (الرياض وجدة),
// ووليد is و + وليد, بولي (العهد) is ب + ولي. Empty when there is none.
std::string clitic_before_name(const std::string& word, const Lexicon& lexicon) {
  if (lexicon.is_name(word)) return "";
  for (std::string_view p : kLetterProclitics) {
    if (!starts_with(word, p)) continue;
    const std::string rest = word.substr(p.size());
    if (letter_count(rest) < kMinStem) continue;
    const bool waw = starts_with(rest, "و");
    if ((lexicon.is_name(rest) && (waw || ends_with(rest, kHeh))) ||
        (waw && lexicon.is_name_head(rest))) {
      return rest;
    }
  }
  return "";
}

// Unknown words lose clitic-like letters while enough remains, so that every
// prefixed form of a name meets the same stem; but a name of the gazetteer is
// not reached through letters no grammar reads as proclitics (بوروسيا is not
// ب + و + روسيا, nor الوروسيا ال + و + روسيا): then only the grammatical ones
// come off.
Reading strip_unknown(Reading reading, const Lexicon& lexicon) {
  std::string core = reading.core;
  size_t stripped = 0;
  while (!known_word(core, lexicon) && is_clitic_letter(core) &&
         letter_count(core) - 1 >= kMinUnknownRemainder) {
    core.erase(0, kLetter);
    ++stripped;
  }
  if (stripped == 0) return reading;
  const std::string run = reading.core.substr(0, stripped * kLetter);
  const size_t allowed = reading.article ? 0 : grammatical_proclitics(run);
  if (allowed < stripped && lexicon.is_name(strip_suffixes(core, lexicon))) {
    reading.core.erase(0, allowed * kLetter);
    reading.rule += ", no clitic order reaches " + core;
    return reading;
  }
  reading.core = core;
  reading.rule += ", unknown word: clitic-like letters off";
  reading.grammatical = allowed >= stripped;
  return reading;
}

// The proclitics of `word` (of three letters or more) and what remains.
Reading read_proclitics(const std::string& word, const Lexicon& lexicon) {
  const std::string before_name = clitic_before_name(word, lexicon);
  if (!before_name.empty()) return {before_name, false, "clitic before a name"};
  if (lexicon.contains(word)) {
    return {word, false, lexicon.is_name(word) ? "whole word" : "lexicon word"};
  }
  // A clitic before a known word that begins like the article: والمانيا.
  std::string core = known_after_proclitic(word, lexicon, false);
  if (starts_with(core, "ال")) return {core, false, "clitic before a word beginning with ال"};
  // لل before a name that begins with ل is the preposition: للبنان, وللندن.
  for (std::string_view p : kArticleProclitics) {
    if (ends_with(p, "لل") && starts_with(word, p) &&
        lexicon.is_name(word.substr(p.size() - kLetter))) {
      return {word.substr(p.size() - kLetter), false, "ل before a name beginning with ل"};
    }
  }
  for (std::string_view p : kArticleProclitics) {
    if (starts_with(word, p) && letter_count(word) - letter_count(p) >= 2) {
      return strip_unknown({word.substr(p.size()), true, "article"}, lexicon);
    }
  }
  // A conjunction or preposition before a known word (وكيري, لبنان) wins
  // over the whole word read with a suffix; the whole word so read (وزارات)
  // wins over a remainder known only with a suffix (لبنانيون is not ل + بنان).
  core = known_after_proclitic(word, lexicon, false);
  if (!core.empty()) return {core, false, "clitic before a lexicon word"};
  if (known_word(word, lexicon)) return {word, false, "lexicon word"};
  core = known_after_proclitic(word, lexicon, true);
  if (!core.empty()) return {core, false, "clitic before a lexicon word"};
  return strip_unknown({word, false, "no clitic"}, lexicon);
}

// broad_stem's affixes, each list tried in order, the first that fits taken.
constexpr std::string_view kBroadSuffixes[] = {"هما", "كما", "تما", "هم", "هن", "كم", "نا",
                                               "ها",  "تم",  "وا",  "ات", "ان", "ون", "ين",
                                               "يه",  "يا",  "ه",   "ي",  "ا",  "ت"};
constexpr std::string_view kBroadPrefixes[] = {"است", "ست", "سي", "سن", "سا",
                                               "ي",   "ت",  "ن",  "ا",  "م"};
// Letters a broad stem keeps at least after an affix comes off, and at least
// before its long vowels come out.
constexpr size_t kMinBroadAffixed = 2;
constexpr size_t kMinBroadVowelled = 3;
constexpr size_t kBroadSuffixRounds = 2;

bool is_long_vowel(std::string_view letter) {
  return letter == "ا" || letter == "و" || letter == "ي";
}

}  // namespace

std::string_view without_not_name_mark(std::string_view stem) {
  return ends_with(stem, kNotName) ? stem.substr(0, stem.size() - kNotName.size()) : stem;
}

bool is_arabic_letters(std::string_view w) {
  if (w.empty() || w.size() % kLetter) return false;
  for (size_t i = 0; i < w.size(); i += kLetter) {
    auto lead = static_cast<unsigned char>(w[i]);
    if (lead < 0xD8 || lead > 0xDB) return false;
  }
  return true;
}

std::string broad_stem(const std::string& light_stem) {
  std::string w(without_not_name_mark(light_stem));
  if (letter_count(w) < kMinStem || !is_arabic_letters(w)) return w;
  for (size_t i = 0; i < w.size(); i += kLetter) {
    const std::string_view letter = std::string_view(w).substr(i, kLetter);
    if (letter == "ء" || letter == "ؤ" || letter == "ئ") w.replace(i, kLetter, "ا");
  }
  for (size_t round = 0; round < kBroadSuffixRounds; ++round) {
    for (std::string_view s : kBroadSuffixes) {
      if (ends_with(w, s) && letter_count(w) - letter_count(s) >= kMinBroadAffixed) {
        w.resize(w.size() - s.size());
        break;
      }
    }
  }
  for (std::string_view p : kBroadPrefixes) {
    if (starts_with(w, p) && letter_count(w) - letter_count(p) >= kMinBroadAffixed) {
      w.erase(0, p.size());
      break;
    }
  }
  // Long vowels inside the word (neither first nor last letter) come out.
  for (size_t i = kLetter; letter_count(w) > kMinBroadVowelled && i + kLetter < w.size();) {
    if (is_long_vowel(std::string_view(w).substr(i, kLetter))) {
      w.erase(i, kLetter);
    } else {
      i += kLetter;
    }
  }
  return w;
}

bool knows_arabic(const std::string& word, const Lexicon& lexicon) {
  if (letter_count(word) < kMinStem) return lexicon.contains(word);
  const Reading reading = read_proclitics(word, lexicon);
  return reading.grammatical &&
         (lexicon.contains(reading.core) || known_word(reading.core, lexicon));
}

std::string stem_arabic(const std::string& word, const Lexicon& lexicon, std::string* rule) {
  std::string why;
  std::string* const because = rule ? rule : &why;
  if (letter_count(word) < kMinStem) {
    *because = "short word";
    return word;
  }
  const Reading reading = read_proclitics(word, lexicon);
  *because = reading.rule;
  std::string stem = strip_suffixes(reading.core, lexicon);
  if (stem != reading.core && !lexicon.is_name(stem)) *because += ", suffix off";
  if (!lexicon.is_name(stem)) return stem;
  if (stem != reading.core) {
    *because = "gazetteer: " + stem + " takes no suffix (a derived word, not the name)";
  } else if (lexicon.name_is_word(stem) && reading.article &&
             !lexicon.name_written(stem, Lexicon::NameForm::kWithArticle)) {
    *because = "gazetteer: " + stem + " is written without the article";
  } else if (lexicon.name_is_word(stem) && !reading.article &&
             !lexicon.name_written(stem, Lexicon::NameForm::kBare)) {
    *because = "gazetteer: " + stem + " is written with the article";
  } else {
    *because += ", gazetteer name";
    return stem;
  }
  return stem + std::string(kNotName);
}

ArabicStemmer::ArabicStemmer(std::shared_ptr<const Lexicon> lexicon)
    : lexicon_(std::move(lexicon)), english_("english") {}

std::string ArabicStemmer::operator()(const std::string& word) {
  auto cached = cache_.find(word);
  if (cached != cache_.end()) return cached->second;

  std::string normal = is_normalized(word) ? word : normalize(word);
  std::string stem;
  if (is_arabic_letters(normal)) {
    stem = stem_arabic(normal, *lexicon_);
  } else if (has_ascii_letter(normal)) {
    stem = english_(normal);
  } else {
    stem = normal;
  }
  if (cache_.size() >= kMaxCache) cache_.clear();
  cache_.emplace(word, stem);
  return stem;
}

namespace {

// The bit of a letter in a StemLetterFilter's sets: the basic Arabic letters
// (U+0621..U+064A) that is_normalized accepts, by the two bytes of their
// UTF-8 (lead 0xD8 or 0xD9): the lead's low bit and the second byte index
// kLetterBits. Other bytes have kNoLetterBit.
constexpr uint8_t kNoLetterBit = 0xFF;
constexpr uint64_t kUnreachable = uint64_t{1} << 63;  // no letter has this bit
constexpr char32_t kFirstLetter = 0x0621;

const std::array<uint8_t, 512> kLetterBits = [] {
  std::array<uint8_t, 512> bits{};
  for (unsigned index = 0; index < bits.size(); ++index) {
    const unsigned lead = 0xD8 + (index >> 8), second = index & 0xFF;
    const char utf8[] = {static_cast<char>(lead), static_cast<char>(second)};
    const std::string_view letter(utf8, sizeof utf8);
    const char32_t code_point = ((lead & 0x1F) << 6) | (second & 0x3F);
    bits[index] = is_normalized(letter) && is_arabic_letters(letter)
                      ? static_cast<uint8_t>(code_point - kFirstLetter)
                      : kNoLetterBit;
  }
  return bits;
}();

// The bit of the two bytes at `s` (kNoLetterBit when they are no basic letter).
uint8_t letter_bit(const unsigned char* s) {
  if ((s[0] & 0xFE) != 0xD8) return kNoLetterBit;
  return kLetterBits[((s[0] & 1u) << 8) | s[1]];
}

// The letters of `word` as bits; nullopt when it holds anything but basic
// Arabic letters.
std::optional<uint64_t> letter_set(std::string_view word) {
  if (word.size() % kLetter) return std::nullopt;
  const auto* s = reinterpret_cast<const unsigned char*>(word.data());
  uint64_t set = 0;
  for (size_t i = 0; i < word.size(); i += kLetter) {
    const uint8_t bit = letter_bit(s + i);
    if (bit == kNoLetterBit) return std::nullopt;
    set |= uint64_t{1} << bit;
  }
  return set;
}

}  // namespace

StemLetterFilter::StemLetterFilter(const std::vector<std::string_view>& stems) {
  for (std::string_view stem : stems) {
    std::string_view core = without_not_name_mark(stem);
    if (ends_with(core, kHeh)) core.remove_suffix(kHeh.size());
    const std::optional<uint64_t> letters = letter_set(core);
    stems_.push_back({letters ? *letters : kUnreachable, std::string(core)});
  }
}

bool StemLetterFilter::may_stem_to_one(std::string_view word) const {
  const std::optional<uint64_t> letters = letter_set(word);
  if (!letters) return true;
  for (const Stem& stem : stems_) {
    if ((stem.needed_letters & ~*letters) == 0 && word.find(stem.core) != std::string_view::npos) {
      return true;
    }
  }
  return false;
}

}  // namespace fahras
