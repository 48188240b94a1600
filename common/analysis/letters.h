// Counting letters: the one way, used by the stemmer and the spelling
// suggester alike.
#pragma once

#include <cstddef>
#include <string_view>

namespace fahras {

// The letters (Unicode code points) of the UTF-8 text `text`: its bytes but
// the continuation bytes. Normalized text is valid UTF-8, where this is the
// count of Xapian::Utf8Iterator; a normalized Arabic letter is two bytes.
constexpr size_t letter_count(std::string_view text) {
  size_t n = 0;
  for (char c : text) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

}  // namespace fahras
