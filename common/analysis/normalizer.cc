#include "common/analysis/normalizer.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <array>
#include <stdexcept>

#include "common/utf8.h"

namespace fahras {
namespace {

constexpr UChar32 kRemove = -1;
constexpr UChar32 kSpace = 0x20;

bool is_arabic_mark(UChar32 c) {
  return (c >= 0x064B && c <= 0x065F) ||  // harakat, tanween, shadda, sukun, extra marks
         c == 0x0670 ||                   // superscript alef
         (c >= 0x0610 && c <= 0x061A) ||  // honorific and Quranic signs
         (c >= 0x06D6 && c <= 0x06DC) ||  // Quranic small high marks
         (c >= 0x06DF && c <= 0x06E8) || (c >= 0x06EA && c <= 0x06ED) ||
         (c >= 0x08D3 && c <= 0x08FF);  // extended Arabic marks
}

bool is_invisible(UChar32 c) {
  return c == 0x0640 ||                   // tatweel
         (c >= 0x200B && c <= 0x200F) ||  // zero-width space, (non-)joiner, LRM, RLM
         (c >= 0x202A && c <= 0x202E) ||  // bidi embeddings and overrides
         (c >= 0x2066 && c <= 0x2069) ||  // bidi isolates
         c == 0x061C || c == 0x2060 || c == 0xFEFF || c == 0x00AD;
}

constexpr UChar32 kZwnj = 0x200C;

bool is_arabic_script(UChar32 c) {
  return (c >= 0x0600 && c <= 0x06FF) || (c >= 0x0750 && c <= 0x077F) ||
         (c >= 0x08A0 && c <= 0x08FF) || (c >= 0xFB50 && c <= 0xFDFF) ||
         (c >= 0xFE70 && c <= 0xFEFC);
}

// Whether a zero-width non-joiner between `before` and the text `after`
// separates two words. Arabic has no word that holds one: where Arabic text
// has it, it stands either for the narrow space of a compound written as two
// words (نصف‌النهار, عبد‌الرحمن), or for a joint inside one word, a
// Persian-style spelling (طاجيك‌ستان, مي‌خواهم, كتاب‌ها). The first kind is
// told by the article ال starting the next word, a word of at least two more
// letters (not the ال ending a word: ري‌ال is ريال): there the ZWNJ is a space;
// elsewhere it is removed, as other invisible characters are, and the word
// stays whole.
bool zwnj_separates(UChar32 before, std::string_view after) {
  if (!is_arabic_script(before)) return false;
  const auto* s = reinterpret_cast<const uint8_t*>(after.data());
  const int32_t n = static_cast<int32_t>(after.size());
  int32_t i = 0;
  UChar32 next[4] = {-1, -1, -1, -1};  // alef, lam, and two letters of the word
  for (UChar32& c : next) {
    if (i < n) U8_NEXT(s, i, n, c);
  }
  const UChar32 alef = next[0];
  const bool is_alef =
      alef == 0x0627 || alef == 0x0623 || alef == 0x0625 || alef == 0x0622 || alef == 0x0671;
  return is_alef && next[1] == 0x0644 && u_isalpha(next[2]) && is_arabic_script(next[2]) &&
         u_isalpha(next[3]) && is_arabic_script(next[3]);
}

// The mapping applied after NFKC, one code point at a time.
UChar32 fold(UChar32 c, CaseMode mode) {
  if (c < 0x80) {
    if (c < 0x20 && c != '\t' && c != '\n') return kSpace;
    if (c == 0x7F) return kSpace;
    if (mode == CaseMode::kFold && c >= 'A' && c <= 'Z') return c + ('a' - 'A');
    return c;
  }
  if (is_arabic_mark(c) || is_invisible(c)) return kRemove;
  switch (c) {
    case 0x2018: case 0x2019: case 0x201B: case 0x02BC:
      return kSpace;  // typographic quotes: Xapian would keep them inside a word (بـ’داعش‘)
    case 0x0622: case 0x0623: case 0x0625: case 0x0671: case 0x0672: case 0x0673:
      return 0x0627;  // alef with madda, hamza above/below, wasla, wavy hamza → alef
    case 0x0649: case 0x06CC: case 0x06D0:
      return 0x064A;  // alef maksura, Persian yeh → yeh
    case 0x066B:
      return '.';  // Arabic decimal separator: ٣٫٥ is 3.5, one word as 1.5 is
    case 0x066C:
      return ',';  // Arabic thousands separator: ١٬٠٠٠ is 1,000, one word as 2,500 is
    case 0x0629:
      return 0x0647;  // teh marbuta → heh
    case 0x06A9: case 0x06AA:
      return 0x0643;  // Persian keheh, swash kaf → kaf
  }
  if (c >= 0x0660 && c <= 0x0669) return '0' + (c - 0x0660);
  if (c >= 0x06F0 && c <= 0x06F9) return '0' + (c - 0x06F0);
  if (c >= 0x0600 && c <= 0x06FF) return c;  // Arabic has no case
  if (c >= 0x80 && c < 0xA0) return kSpace;  // C1 controls
  if (mode == CaseMode::kFold) return u_tolower(c);
  return c;
}

// True when NFKC leaves `c` alone and it is cheap to handle without ICU.
bool nfkc_inert(UChar32 c) {
  return c < 0xA0 || (c >= 0x0600 && c <= 0x06FF && !(c >= 0x0675 && c <= 0x0678));
}

// Folds every code point of valid UTF-8 `text`, appending to `out`. Writes
// through a raw buffer: a folded code point takes at most 1.5 times the bytes
// of the original (a 2-byte letter whose lowercase needs 3). Returns whether
// it removed a code point.
bool fold_all(std::string_view text, CaseMode mode, std::string& out) {
  const size_t start = out.size();
  out.resize(start + text.size() + text.size() / 2 + U8_MAX_LENGTH);
  auto* dst = reinterpret_cast<uint8_t*>(out.data() + start);
  int32_t written = 0;
  const int32_t capacity = static_cast<int32_t>(out.size() - start);
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  bool removed = false;
  UChar32 previous = -1;
  while (i < n) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) c = 0xFFFD;
    UChar32 f = fold(c, mode);
    if (c == kZwnj && zwnj_separates(previous, text.substr(static_cast<size_t>(i)))) f = kSpace;
    previous = c;
    if (f == kRemove) {
      removed = true;
      continue;
    }
    UBool error = false;
    U8_APPEND(dst, written, capacity, f, error);
    (void)error;  // cannot happen: capacity covers the worst case
  }
  out.resize(start + static_cast<size_t>(written));
  return removed;
}

// True if every code point is valid and NFKC-inert.
bool fast_path_ok(std::string_view text) {
  int32_t i = 0;
  const int32_t n = static_cast<int32_t>(text.size());
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  while (i < n) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || !nfkc_inert(c)) return false;
  }
  return true;
}

const icu::Normalizer2& nfkc() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* n = icu::Normalizer2::getNFKCInstance(status);
  if (U_FAILURE(status)) throw std::runtime_error("ICU NFKC normalizer unavailable");
  return *n;
}

}  // namespace

std::string normalize(std::string_view text, CaseMode mode) {
  std::string out;
  out.reserve(text.size());
  if (fast_path_ok(text)) {
    fold_all(text, mode, out);
    return out;
  }
  // NFKC, then folding; again when folding removed a code point and left
  // text NFKC would change: a removed bidi override or mark can leave two
  // combining marks of other scripts side by side out of NFKC's order. Three
  // rounds settle any real text.
  static const icu::Normalizer2& normalizer = nfkc();
  std::string again;  // the text of the next round, if any
  std::string_view input = text;
  for (int round = 0;; ++round) {
    // Invalid UTF-8 becomes U+FFFD in fromUTF8.
    icu::UnicodeString u = icu::UnicodeString::fromUTF8(
        icu::StringPiece(input.data(), static_cast<int32_t>(input.size())));
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString composed = normalizer.normalize(u, status);
    if (U_FAILURE(status)) composed = u;
    std::string utf8;
    composed.toUTF8String(utf8);
    out.clear();
    const bool removed = fold_all(utf8, mode, out);
    if (!removed || round == 2) return out;
    status = U_ZERO_ERROR;
    const bool settled = normalizer.isNormalizedUTF8(out, status);
    if (U_FAILURE(status) || settled) return out;
    again.swap(out);
    input = again;
  }
}

namespace {

// Whether the code point `c` belongs to the piece before it: NFKC may
// combine it with what comes before, or folding removes it.
bool joins_piece_slow(UChar32 c) {
  if (c < 0 || c == kZwnj) return false;  // a ZWNJ is a piece: it may be a space
  if (is_arabic_mark(c) || is_invisible(c)) return true;
  if (c < 0x300) return false;
  static const icu::Normalizer2& normalizer = nfkc();
  return !normalizer.hasBoundaryBefore(c);
}

// The first code points (Latin and Arabic: nearly every character of the
// news), whose piece rules normalize_mapped reads from a table: ICU answers
// joins_piece_slow slowly, and fold takes many tests.
constexpr UChar32 kTabled = 0x800;

// What normalize_mapped does with a code point below kTabled.
struct TabledRules {
  bool joins_piece = false;  // joins_piece_slow
  // nfkc_inert: a piece of it alone is folded (no NFKC), to `folded`.
  bool inert = false;
  UChar32 folded[2] = {};  // fold(c, mode), by fold_index(mode)
};

size_t fold_index(CaseMode mode) { return mode == CaseMode::kFold ? 0 : 1; }

const std::array<TabledRules, kTabled>& tabled_rules() {
  static const std::array<TabledRules, kTabled> table = [] {
    std::array<TabledRules, kTabled> t{};
    for (UChar32 c = 0; c < kTabled; ++c) {
      TabledRules& rules = t[static_cast<size_t>(c)];
      rules.joins_piece = joins_piece_slow(c);
      rules.inert = nfkc_inert(c);
      for (CaseMode mode : {CaseMode::kFold, CaseMode::kKeep}) {
        rules.folded[fold_index(mode)] = fold(c, mode);
      }
    }
    return t;
  }();
  return table;
}

// U8_NEXT, with ASCII and two-byte sequences (Latin and Arabic) decoded
// inline first. Called for every code point of a text: always inlined.
[[gnu::always_inline]] inline void next_code_point(const uint8_t* s, int32_t& i, int32_t n,
                                                   UChar32& c) {
  unsigned ch;
  if (const size_t length = decode_short_utf8(s + i, static_cast<size_t>(n - i), ch)) {
    c = static_cast<UChar32>(ch);
    i += static_cast<int32_t>(length);
  } else {
    U8_NEXT(s, i, n, c);
  }
}

// Appends to a string through a raw buffer grown ahead, cheaper than an
// append call per code point. finish() cuts the string to what was written.
class Sink {
 public:
  explicit Sink(std::string& out, size_t expected) : out_(out) { out_.resize(expected); }
  size_t size() const { return size_; }
  void put(UChar32 c) {
    make_room(U8_MAX_LENGTH);
    U8_APPEND_UNSAFE(out_.data(), size_, c);
  }
  void put(std::string_view bytes) {
    make_room(bytes.size());
    bytes.copy(out_.data() + size_, bytes.size());
    size_ += bytes.size();
  }
  void finish() { out_.resize(size_); }

 private:
  void make_room(size_t n) {
    if (size_ + n > out_.size()) out_.resize(std::max(2 * out_.size(), size_ + n));
  }
  std::string& out_;
  size_t size_ = 0;
};

}  // namespace

MappedText normalize_mapped(std::string_view text, CaseMode mode) {
  const std::array<TabledRules, kTabled>& tabled = tabled_rules();
  auto joins_piece = [&tabled](UChar32 c) {
    return c >= 0 && c < kTabled ? tabled[static_cast<size_t>(c)].joins_piece : joins_piece_slow(c);
  };
  const size_t folding = fold_index(mode);
  MappedText mapped;
  mapped.pieces.reserve(text.size() + 1);  // at most a piece a byte, and the last entry
  Sink out(mapped.text, text.size() + text.size() / 2 + U8_MAX_LENGTH);
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  // The piece [start, end) begins with the code point `c`, `after_first`
  // its end; each code point is decoded once, the one after a piece (`d`,
  // ending at `after_next`) being the first of the next.
  int32_t start = 0;
  int32_t after_first = 0;
  UChar32 c = -1;
  if (n > 0) next_code_point(s, after_first, n, c);
  UChar32 last = -1;  // the last code point of the piece before
  while (start < n) {
    mapped.pieces.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(out.size())});
    const UChar32 before = last;
    last = c;
    int32_t end = after_first;
    int32_t after_next = end;
    UChar32 d = -1;
    while (end < n) {
      after_next = end;
      next_code_point(s, after_next, n, d);
      if (!joins_piece(d)) break;
      end = after_next;
      last = d;
    }
    if (c == kZwnj) {
      if (zwnj_separates(before, text.substr(static_cast<size_t>(end)))) out.put(' ');
    } else if (end == after_first && c >= 0 && c < kTabled &&
               tabled[static_cast<size_t>(c)].inert) {
      const UChar32 f = tabled[static_cast<size_t>(c)].folded[folding];
      if (f != kRemove) out.put(f);
    } else {
      out.put(normalize(text.substr(static_cast<size_t>(start), static_cast<size_t>(end - start)),
                        mode));
    }
    start = end;
    after_first = after_next;
    c = d;
  }
  mapped.pieces.push_back({static_cast<uint32_t>(start), static_cast<uint32_t>(out.size())});
  out.finish();
  return mapped;
}

std::pair<size_t, size_t> MappedText::original_span(size_t begin, size_t end) const {
  // The piece holding `begin`: the last one starting at or before it (removed
  // pieces before it start where it starts, and are not part of the word).
  auto first = std::upper_bound(pieces.begin(), pieces.end(), begin,
                                [](size_t b, const Piece& p) { return b < p.normalized; });
  --first;
  // The first piece starting at or after `end`: the word ends where it
  // starts, or within it when NFKC made several words of one character (ﷺ).
  auto last = std::lower_bound(first, pieces.end(), end,
                               [](const Piece& p, size_t e) { return p.normalized < e; });
  // `last` starts at or after `end`: skip the removed pieces that follow the
  // word (they start where it ends), but not the final entry.
  while (last + 1 < pieces.end() && last->normalized == end && (last + 1)->normalized == end) {
    ++last;
  }
  return {first->original, last->original};
}

bool is_normalized(std::string_view word) {
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const size_t n = word.size();
  for (size_t i = 0; i < n;) {
    uint8_t b = s[i];
    if (b < 0x80) {
      if (!((b >= 'a' && b <= 'z') || (b >= '0' && b <= '9'))) return false;
      ++i;
      continue;
    }
    if (i + 1 >= n || (b != 0xD8 && b != 0xD9) || (s[i + 1] & 0xC0) != 0x80) return false;
    UChar32 c = ((b & 0x1F) << 6) | (s[i + 1] & 0x3F);
    bool letter = (c >= 0x0621 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A);
    if (!letter || c == 0x0622 || c == 0x0623 || c == 0x0625 || c == 0x0629 || c == 0x0649)
      return false;
    i += 2;
  }
  return true;
}

}  // namespace fahras
