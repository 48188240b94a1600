// The Arabic word list that guides the stemmer: a word found here keeps the
// letters that would otherwise look like clitics (فرنسا, بيروت, وزارة).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
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

  // How a name is written: alone (فرنسا, قطر) or after the article (الرياض,
  // stored as رياض). A name may be written both ways (ناتو, الناتو).
  enum class NameForm : unsigned char { kBare = 1, kWithArticle = 2 };

  // Adds `word` (normalized, without its article) as a proper name written
  // `form`: known, and preferred where a reading as name competes with
  // another (للبنان is ل + لبنان, not لل + بنان).
  void add_name(std::string_view word, NameForm form = NameForm::kBare);
  bool is_name(std::string_view normalized_word) const;
  // Whether the name `word` is written `form` (false if it is no name).
  bool name_written(std::string_view word, NameForm form) const;
  // Whether the name `word` is also a common word: one of four letters or
  // fewer (the length of Arabic roots and their simple nouns) that the
  // dictionary had before it was added as a name (قطر, حماس, رياض, مصر;
  // not طاجيكستان or روسيا, which Debian's word list holds as names).
  bool name_is_word(std::string_view word) const;

  // Adds `word` as the first word of a name of several words (ولي of ولي
  // العهد): a clitic before it comes off even when the whole is a word (بولي).
  void add_name_head(std::string_view word);
  bool is_name_head(std::string_view normalized_word) const;
  size_t size() const { return size_; }
  // CRC-32 of the source file, to tell one dictionary from another.
  uint32_t checksum() const { return checksum_; }

 private:
  // Open addressing over one arena of length-prefixed words: no allocation
  // per word, so loading 170,000 words takes a few milliseconds.
  std::string_view word_at(uint32_t offset) const;
  void grow();

  // name → NameForm bits, and kCommonWord if the dictionary had it first
  std::unordered_map<std::string, unsigned char> names_;
  static constexpr unsigned char kCommonWord = 4;
  static constexpr size_t kMaxWordLikeNameBytes = 4 * 2;  // four Arabic letters
  std::unordered_set<std::string> name_heads_;
  std::string arena_;
  std::vector<uint32_t> slots_;  // arena offset + 1; 0 = empty
  size_t size_ = 0;
  uint32_t checksum_ = 0;
};

}  // namespace fahras
