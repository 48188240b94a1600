#include "common/analysis/tokenizer.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include <cstdint>

namespace fahras {
namespace {

bool is_word_char(UChar32 c) {
  if (c < 0x80) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           c == '_';
  }
  // Arabic letters, tatweel and marks: the bulk of the text, decided without ICU.
  if (c >= 0x0620 && c <= 0x065F) return true;
  if (c == 0xFFFD) return false;
  switch (u_charType(c)) {
    case U_UPPERCASE_LETTER: case U_LOWERCASE_LETTER: case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER: case U_OTHER_LETTER: case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK: case U_COMBINING_SPACING_MARK: case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER: case U_OTHER_NUMBER: case U_CONNECTOR_PUNCTUATION:
    case U_FORMAT_CHAR:  // zero-width and bidi controls
      return true;
    default:
      return false;
  }
}

}  // namespace

std::vector<WordSpan> word_spans(std::string_view text, size_t max_words) {
  std::vector<WordSpan> words;
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  bool in_word = false;
  WordSpan current;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    const bool word_char = c >= 0 && is_word_char(c);
    if (word_char && !in_word) {
      current.begin = static_cast<size_t>(start);
      in_word = true;
    } else if (!word_char && in_word) {
      current.end = static_cast<size_t>(start);
      words.push_back(current);
      in_word = false;
      if (words.size() >= max_words) return words;
    }
  }
  if (in_word) {
    current.end = text.size();
    words.push_back(current);
  }
  return words;
}

}  // namespace fahras
