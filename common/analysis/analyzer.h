// The analyzer: one chain of small stages that turns a text into a stream of
// tokens, each pointing back into the text (Lucene's Analyzer/TokenStream):
//   normalize  (normalizer.h: NFKC, marks and tatweel out, letter variants joined),
//   split      (word_splitter.h: the words as Xapian's TermGenerator finds them),
//   stem       (arabic_stemmer.h: clitics and suffixes off; on demand),
//   broad stem (arabic_stemmer.h: broad_stem; on demand).
// Whoever needs the words of a text (snippets, spelling counts, copy
// signatures, synonyms, the gazetteer, --analyze, did-you-mean, plain
// queries) takes them from here.
#pragma once

#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/analysis/normalizer.h"
#include "common/analysis/word_splitter.h"

namespace fahras {

struct TokenizeOptions {
  // The text is normalize()'s output already: the normalize stage is skipped.
  bool normalized_input = false;
  // Tokens beyond this many are not made (a snippet looks at the start only).
  size_t max_tokens = SIZE_MAX;
};

struct Token {
  // 1-based, as TermGenerator numbers the words it indexes; 0 for a word it
  // leaves out (over kMaxIndexedWordBytes).
  Xapian::termpos position = 0;
  size_t begin = 0;  // bytes [begin, end) of the original text
  size_t end = 0;
  size_t char_begin = 0;  // the same range in code points
  size_t char_end = 0;
  std::string_view written;     // the original text [begin, end)
  std::string_view normalized;  // the word as the index holds it, unstemmed
  std::string stem;             // set by Analyzer::analyze (the term is "Z" + stem)
  std::string broad;            // set by Analyzer::analyze: broad_stem(stem)
};

// The tokens of one text. Their views point into the text given (which must
// outlive them) and into this stream (moving it keeps them valid).
class TokenStream {
 public:
  TokenStream();
  using const_iterator = std::vector<Token>::const_iterator;
  const_iterator begin() const { return tokens_.begin(); }
  const_iterator end() const { return tokens_.end(); }
  size_t size() const { return tokens_.size(); }
  bool empty() const { return tokens_.empty(); }
  const Token& operator[](size_t i) const { return tokens_[i]; }
  std::vector<Token>& tokens() { return tokens_; }

 private:
  friend TokenStream tokenize(std::string_view text, const TokenizeOptions& options);
  // The normalized text or words, and words the splitter rewrote.
  struct Storage {
    std::string normalized;
    std::deque<std::string> words;
  };
  std::vector<Token> tokens_;
  std::unique_ptr<Storage> storage_;
};

// The normalize and split stages: the words of `text` (UTF-8; invalid bytes
// read as U+FFFD), without stems. Needs no dictionary.
TokenStream tokenize(std::string_view text, const TokenizeOptions& options = {});

// The words of a text as tokenize() finds them, mapped back to the original
// on demand only (a snippet maps back its window): tokenize() maps every
// word and counts its code points, which costs as much as finding them.
class WordScan {
 public:
  // The words of `text` (which must outlive the scan), at most `max_words`.
  explicit WordScan(std::string_view text, size_t max_words = SIZE_MAX);
  size_t size() const { return words_.size(); }
  bool empty() const { return words_.empty(); }
  // Word i as the index holds it, unstemmed (Token::normalized).
  std::string_view normalized(size_t i) const { return words_[i].word; }
  // The original byte ranges of words [first, last] (Token::begin, end),
  // first <= last < size().
  std::vector<WordSpan> original_spans(size_t first, size_t last) const;

 private:
  MappedText mapped_;
  std::deque<std::string> store_;
  std::vector<SplitWord> words_;
};

// The whole chain, for one thread (its stemmer caches).
class Analyzer {
 public:
  explicit Analyzer(const AnalysisChain& chain);

  // tokenize(), then every token's stem and broad stem.
  TokenStream analyze(std::string_view text, const TokenizeOptions& options = {});

  // The stem stage on one normalized word (as AnalysisChain::stem).
  std::string stem(const std::string& normalized_word) { return stemmer_(normalized_word); }

  const AnalysisChain& chain() const { return chain_; }

 private:
  const AnalysisChain& chain_;
  Xapian::Stem stemmer_;
};

}  // namespace fahras
