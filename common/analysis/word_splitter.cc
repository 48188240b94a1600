#include "common/analysis/word_splitter.h"

#include <array>
#include <limits>

#include <xapian.h>

#include "common/utf8.h"

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

// word_char_lookup for the first code points (Latin and Arabic: nearly every
// character of the news), as a table.
constexpr unsigned kTabled = 0x800;
using WordCharTable = std::array<unsigned, kTabled>;

const WordCharTable& word_char_table() {
  static const WordCharTable table = [] {
    WordCharTable t{};
    for (unsigned c = 0; c < kTabled; ++c) t[c] = word_char_lookup(c);
    return t;
  }();
  return table;
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

// A position in UTF-8 text, its code point read as Xapian::Utf8Iterator
// reads it (bytes that are not UTF-8 are Latin-1 characters, the end is
// unsigned(-1)), ASCII and two-byte sequences decoded inline.
class Utf8Cursor {
 public:
  Utf8Cursor(const char* p, const char* end) : p_(p), end_(end) { decode(); }
  unsigned operator*() const { return ch_; }
  Utf8Cursor& operator++() {
    p_ += length_;
    decode();
    return *this;
  }
  bool at_end() const { return p_ == end_; }
  const char* raw() const { return p_; }
  const char* next_raw() const { return p_ + length_; }
  // Whether the code point is its own UTF-8 here (ASCII or two bytes): its
  // bytes are what Unicode::append_utf8 writes for it.
  bool plain() const { return plain_; }

 private:
  void decode() {
    plain_ = true;
    if (p_ == end_) {
      ch_ = unsigned(-1);
      length_ = 0;
      return;
    }
    length_ = decode_short_utf8(reinterpret_cast<const unsigned char*>(p_),
                                static_cast<size_t>(end_ - p_), ch_);
    if (length_) return;
    plain_ = false;
    Utf8Iterator it(p_, static_cast<size_t>(end_ - p_));
    ch_ = *it;
    ++it;
    length_ = static_cast<size_t>(it.raw() - p_);
  }

  const char* p_;
  const char* end_;
  unsigned ch_ = 0;
  size_t length_ = 0;
  bool plain_ = true;
};

// The word TermGenerator makes of a span of the text, built as it is read.
// While it is the text's own bytes (nearly always), it is only where they
// end; written out when it first differs.
class Term {
 public:
  // An empty term, for a word starting at `at`.
  void start(const char* at) {
    own_ = true;
    begin_ = end_ = at;
  }
  // Appends `ch`, read at `from` (the text's own bytes when it is the code
  // point there and follows the term's bytes).
  void append(unsigned ch, const Utf8Cursor& from) {
    if (own_ && from.plain() && ch == *from && from.raw() == end_) {
      end_ = from.next_raw();
      return;
    }
    write_out();
    Unicode::append_utf8(text_, ch);
  }
  size_t size() const { return own_ ? static_cast<size_t>(end_ - begin_) : text_.size(); }
  void resize(size_t size) {
    if (own_) {
      end_ = begin_ + size;
    } else {
      text_.resize(size);
    }
  }
  // Whether the term is the text's bytes `span` (and no copy of them).
  bool is(std::string_view span) const {
    return own_ && span.data() == begin_ && span.size() == size();
  }
  const std::string& text() {
    write_out();
    return text_;
  }

 private:
  void write_out() {
    if (!own_) return;
    text_.assign(begin_, end_);
    own_ = false;
  }

  bool own_ = true;
  const char* begin_ = nullptr;
  const char* end_ = nullptr;
  std::string text_;  // once it differs
};

// Splits one text; a class for the offsets of its cursors.
class Splitter {
 public:
  Splitter(std::string_view text, std::vector<SplitWord>& words, std::deque<std::string>& store)
      : text_(text), words_(words), store_(store), word_chars_(word_char_table()) {}

  void run() {
    Utf8Cursor it(text_.data(), text_.data() + text_.size());
    while (true) {
      unsigned ch = 0;
      while (!it.at_end() && !(ch = word_char(*it))) ++it;
      if (it.at_end()) return;
      const size_t begin = offset(it);
      term_.start(it.raw());
      if (!acronym(it)) word(it, ch);
      add(begin, word_end_);
    }
  }

 private:
  size_t offset(const Utf8Cursor& it) const { return static_cast<size_t>(it.raw() - text_.data()); }

  // The lowercase of a word character, 0 for another (word_char_lookup).
  unsigned word_char(unsigned ch) const {
    return ch < kTabled ? word_chars_[ch] : word_char_lookup(ch);
  }

  // Capital letters joined by dots, not followed by a word character: the
  // letters, lowercased. Leaves `it` after it; false (and `it` alone) otherwise.
  bool acronym(Utf8Cursor& it) {
    if (!is_ascii_upper(*it)) return false;
    Utf8Cursor p = it;
    do {
      term_.append(Unicode::tolower(*p), p);
      ++p;
    } while (!p.at_end() && *p == '.' && !(++p).at_end() && is_ascii_upper(*p));
    if (term_.size() > 1 && (p.at_end() || !Unicode::is_wordchar(*p))) {
      it = p;
      word_end_ = offset(p);
      return true;
    }
    term_.start(it.raw());
    return false;
  }

  // A word starting with the word character `ch` at `it`; leaves `it` after it.
  void word(Utf8Cursor& it, unsigned ch) {
    while (true) {
      unsigned previous;
      do {
        term_.append(ch, it);
        previous = ch;
        if ((++it).at_end()) {
          word_end_ = text_.size();
          return;
        }
        ch = word_char(*it);
      } while (ch);
      Utf8Cursor next = it;
      ++next;
      if (next.at_end() || !word_char(*next)) break;
      const unsigned infix =
          is_digit(previous) && is_digit(*next) ? digit_infix(*it) : letter_infix(*it);
      if (!infix) break;
      if (infix != kIgnore) term_.append(infix, it);
      ch = word_char(*++it);
    }
    // Up to three + or # end the word (c++), unless a word goes on (fish+chips).
    const size_t length = term_.size();
    word_end_ = offset(it);
    unsigned count = 0;
    unsigned c;
    while ((c = *it) == '+' || c == '#') {
      if (++count > 3) break;
      term_.append(c, it);
      if ((++it).at_end()) break;
    }
    if (count > 3 || Unicode::is_wordchar(*it)) {
      term_.resize(length);
    } else {
      word_end_ = offset(it);
    }
  }

  void add(size_t begin, size_t end) {
    const std::string_view written = text_.substr(begin, end - begin);
    if (term_.is(written) || written == term_.text()) {
      words_.push_back({{begin, end}, written});
    } else {
      store_.push_back(term_.text());
      words_.push_back({{begin, end}, store_.back()});
    }
  }

  const std::string_view text_;
  std::vector<SplitWord>& words_;
  std::deque<std::string>& store_;
  const WordCharTable& word_chars_;
  Term term_;
  size_t word_end_ = 0;
};

}  // namespace

void split_index_words(std::string_view text, std::vector<SplitWord>& words,
                       std::deque<std::string>& store) {
  Splitter(text, words, store).run();
}

}  // namespace fahras
