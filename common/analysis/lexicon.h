// The Arabic word list that guides the stemmer: a word found here keeps the
// letters that would otherwise look like clitics (فرنسا, بيروت, وزارة).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace fahras {

class Lexicon {
 public:
  // An empty lexicon: the stemmer then relies on its length rules alone.
  Lexicon() = default;

  // Reads a Hunspell .dic file (Debian's hunspell-ar: /usr/share/hunspell/ar.dic):
  // one word per line, affix flags after '/' ignored, each word normalized.
  // Throws std::runtime_error naming the file if it cannot be read.
  static Lexicon load_hunspell(const std::string& path);

  // Adds one word (normalized by the caller); words over 255 bytes are ignored.
  void add(std::string_view word);

  // Makes room for `words` words without rehashing.
  void reserve(size_t words);

  bool contains(std::string_view normalized_word) const;

  // Adds `word` as a proper name: known, and preferred where a reading as
  // name competes with another (للبنان is ل + لبنان, not لل + بنان).
  void add_name(std::string_view word);
  bool is_name(std::string_view normalized_word) const;
  size_t size() const { return size_; }
  // CRC-32 of the source file, to tell one dictionary from another.
  uint32_t checksum() const { return checksum_; }

 private:
  // Open addressing over one arena of length-prefixed words: no allocation
  // per word, so loading 170,000 words takes a few milliseconds.
  std::string_view word_at(uint32_t offset) const;
  void grow();

  std::unordered_set<std::string> names_;
  std::string arena_;
  std::vector<uint32_t> slots_;  // arena offset + 1; 0 = empty
  size_t size_ = 0;
  uint32_t checksum_ = 0;
};

}  // namespace fahras
