// The Arabic word list that guides the stemmer: a word found here keeps the
// letters that would otherwise look like clitics (فرنسا, بيروت, وزارة).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_set>

namespace fahras {

class Lexicon {
 public:
  // An empty lexicon: the stemmer then relies on its length rules alone.
  Lexicon() = default;

  // Reads a Hunspell .dic file (Debian's hunspell-ar: /usr/share/hunspell/ar.dic):
  // one word per line, affix flags after '/' ignored, each word normalized.
  // Throws std::runtime_error naming the file if it cannot be read.
  static Lexicon load_hunspell(const std::string& path);

  // Adds one word (normalized by the caller).
  void add(std::string word) { words_.insert(std::move(word)); }

  bool contains(std::string_view normalized_word) const {
    return words_.count(std::string(normalized_word)) != 0;
  }
  size_t size() const { return words_.size(); }
  // CRC-32 of the source file, to tell one dictionary from another.
  uint32_t checksum() const { return checksum_; }

 private:
  std::unordered_set<std::string> words_;
  uint32_t checksum_ = 0;
};

}  // namespace fahras
