#include "common/analysis/word_splitter.h"

#include <array>
#include <limits>

#include <xapian.h>

namespace fahras {
namespace {

using Xapian::Utf8Iterator;
namespace Unicode = Xapian::Unicode;

// "Leave this character out of the word", as TermGenerator marks it.
constexpr unsigned kIgnore = std::numeric_limits<unsigned>::max();

bool is_ascii_upper(unsigned ch) { return ch >= 'A' && ch <= 'Z'; }

bool is_digit(unsigned ch) { return Unicode::get_category(ch) == Unicode::DECIMAL_DIGIT_NUMBER; }

// The lowercase of a word character, 0 for another.
unsigned word_char_lookup(unsigned ch) {
  return Unicode::is_wordchar(ch) ? Unicode::tolower(ch) : 0;
}

// word_char_lookup, read from a table for the first code points (Latin and
// Arabic: nearly every character of the news).
unsigned word_char(unsigned ch) {
  constexpr unsigned kTabled = 0x800;
  static const std::array<unsigned, kTabled> table = [] {
    std::array<unsigned, kTabled> t{};
    for (unsigned c = 0; c < kTabled; ++c) t[c] = word_char_lookup(c);
    return t;
  }();
  return ch < kTabled ? table[ch] : word_char_lookup(ch);
}

// What `ch` between two letters adds to the word: itself, an apostrophe,
// kIgnore (nothing, the word goes on), or 0 (the word ends).
unsigned letter_infix(unsigned ch) {
  if (ch == '\'' || ch == '&' || ch == 0xB7 || ch == 0x5F4 || ch == 0x2027) return ch;
  if (ch == 0x2019 || ch == 0x201B) return '\'';
  if (ch >= 0x200B && (ch <= 0x200D || ch == 0x2060 || ch == 0xFEFF)) return kIgnore;
  return 0;
}

// The same between two digits (Unicode's word boundary rules).
unsigned digit_infix(unsigned ch) {
  switch (ch) {
    case ',':
    case '.':
    case ';':
    case 0x037E:
    case 0x0589:
    case 0x060D:
    case 0x07F8:
    case 0x2044:
    case 0xFE10:
    case 0xFE13:
    case 0xFE14:
      return ch;
  }
  if (ch >= 0x200B && (ch <= 0x200D || ch == 0x2060 || ch == 0xFEFF)) return kIgnore;
  return 0;
}

// Splits one text; a class for the offsets of its iterators.
class Splitter {
 public:
  Splitter(std::string_view text, std::vector<SplitWord>& words, std::deque<std::string>& store)
      : text_(text), words_(words), store_(store) {}

  void run() {
    Utf8Iterator it(text_.data(), text_.size());
    while (true) {
      unsigned ch = 0;
      while (it != end_ && !(ch = word_char(*it))) ++it;
      if (it == end_) return;
      const size_t begin = offset(it);
      term_.clear();
      if (!acronym(it)) word(it, ch);
      add(begin, word_end_);
    }
  }

 private:
  size_t offset(const Utf8Iterator& it) const {
    return it == end_ ? text_.size() : static_cast<size_t>(it.raw() - text_.data());
  }

  // Capital letters joined by dots, not followed by a word character: the
  // letters, lowercased. Leaves `it` after it; false (and `it` alone) otherwise.
  bool acronym(Utf8Iterator& it) {
    if (!is_ascii_upper(*it)) return false;
    Utf8Iterator p = it;
    do {
      Unicode::append_utf8(term_, Unicode::tolower(*p++));
    } while (p != end_ && *p == '.' && ++p != end_ && is_ascii_upper(*p));
    if (term_.size() > 1 && (p == end_ || !Unicode::is_wordchar(*p))) {
      it = p;
      word_end_ = offset(p);
      return true;
    }
    term_.clear();
    return false;
  }

  // A word starting with the word character `ch` at `it`; leaves `it` after it.
  void word(Utf8Iterator& it, unsigned ch) {
    while (true) {
      unsigned previous;
      do {
        Unicode::append_utf8(term_, ch);
        previous = ch;
        if (++it == end_) {
          word_end_ = text_.size();
          return;
        }
        ch = word_char(*it);
      } while (ch);
      Utf8Iterator next = it;
      ++next;
      if (next == end_ || !word_char(*next)) break;
      const unsigned infix =
          is_digit(previous) && is_digit(*next) ? digit_infix(*it) : letter_infix(*it);
      if (!infix) break;
      if (infix != kIgnore) Unicode::append_utf8(term_, infix);
      ch = word_char(*++it);
    }
    // Up to three + or # end the word (c++), unless a word goes on (fish+chips).
    const size_t length = term_.size();
    word_end_ = offset(it);
    unsigned count = 0;
    unsigned c;
    while ((c = *it) == '+' || c == '#') {
      if (++count > 3) break;
      Unicode::append_utf8(term_, c);
      if (++it == end_) break;
    }
    if (count > 3 || Unicode::is_wordchar(*it)) {
      term_.resize(length);
    } else {
      word_end_ = offset(it);
    }
  }

  void add(size_t begin, size_t end) {
    const std::string_view written = text_.substr(begin, end - begin);
    if (written == term_) {
      words_.push_back({{begin, end}, written});
    } else {
      store_.push_back(term_);
      words_.push_back({{begin, end}, store_.back()});
    }
  }

  const std::string_view text_;
  std::vector<SplitWord>& words_;
  std::deque<std::string>& store_;
  const Utf8Iterator end_;
  std::string term_;
  size_t word_end_ = 0;
};

}  // namespace

void split_index_words(std::string_view text, std::vector<SplitWord>& words,
                       std::deque<std::string>& store) {
  Splitter(text, words, store).run();
}

}  // namespace fahras
