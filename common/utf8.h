// The quick path of UTF-8 decoding shared by the loops that read every
// character of an article (reading the corpus, normalizing, splitting words,
// reading stored fields): ASCII and two-byte sequences (Latin, Arabic:
// nearly every character of the news) decoded inline, anything else left to
// the caller's own decoder.
#pragma once

#include <cstddef>

namespace fahras {

// The length of the ASCII character or well-formed two-byte sequence at `s`,
// of which `available` (at least 1) bytes may be read, its code point in
// `ch`; 0, `ch` untouched, for anything else (a longer sequence or bytes that
// are not UTF-8).
inline size_t decode_short_utf8(const unsigned char* s, size_t available, unsigned& ch) {
  const unsigned char lead = s[0];
  if (lead < 0x80) {
    ch = lead;
    return 1;
  }
  if (lead >= 0xC2 && lead < 0xE0 && available > 1 && (s[1] & 0xC0) == 0x80) {
    ch = ((lead & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    return 2;
  }
  return 0;
}

}  // namespace fahras
