#include "common/analysis/analyzer.h"

#include <tuple>

#include "common/analysis/arabic_stemmer.h"
#include "common/analysis/normalizer.h"
#include "common/analysis/word_splitter.h"

namespace fahras {
namespace {

// Code points of UTF-8 `text` before byte `offset`, counted on from a
// previous (byte, code point) place at or before it.
class CharCounter {
 public:
  explicit CharCounter(std::string_view text) : text_(text) {}
  size_t at(size_t offset) {
    for (; byte_ < offset; ++byte_) chars_ += starts_char(byte_);
    while (byte_ > offset) chars_ -= starts_char(--byte_);  // words sharing a ligature
    return chars_;
  }

 private:
  bool starts_char(size_t byte) const {
    return (static_cast<unsigned char>(text_[byte]) & 0xC0) != 0x80;
  }
  std::string_view text_;
  size_t byte_ = 0;
  size_t chars_ = 0;
};

// The normalized text split as TermGenerator splits it, each word
// mapped back to the original.
void index_words(std::string_view text, const TokenizeOptions& options, std::string& normalized,
                 std::deque<std::string>& store, std::vector<Token>& tokens) {
  MappedText mapped;
  std::string_view split_text = text;
  if (!options.normalized_input) {
    mapped = normalize_mapped(text);
    normalized = std::move(mapped.text);
    split_text = normalized;
  }
  std::vector<SplitWord> words;
  split_index_words(split_text, words, store);
  if (words.size() > options.max_tokens) words.resize(options.max_tokens);
  tokens.reserve(words.size());
  Xapian::termpos position = 0;
  for (const SplitWord& w : words) {
    Token token;
    if (w.word.size() <= kMaxIndexedWordBytes) token.position = ++position;
    if (options.normalized_input) {
      token.begin = w.span.begin;
      token.end = w.span.end;
    } else {
      std::tie(token.begin, token.end) = mapped.original_span(w.span.begin, w.span.end);
    }
    token.written = text.substr(token.begin, token.end - token.begin);
    token.normalized = w.word;
    tokens.push_back(token);
  }
}

}  // namespace

TokenStream::TokenStream() : storage_(std::make_unique<Storage>()) {}

TokenStream tokenize(std::string_view text, const TokenizeOptions& options) {
  TokenStream stream;
  TokenStream::Storage& storage = *stream.storage_;
  index_words(text, options, storage.normalized, storage.words, stream.tokens_);
  CharCounter chars(text);
  for (Token& token : stream.tokens_) {
    token.char_begin = chars.at(token.begin);
    token.char_end = chars.at(token.end);
  }
  return stream;
}

WordScan::WordScan(std::string_view text, size_t max_words) : mapped_(normalize_mapped(text)) {
  split_index_words(mapped_.text, words_, store_);
  if (words_.size() > max_words) words_.resize(max_words);
}

std::vector<WordSpan> WordScan::original_spans(size_t first, size_t last) const {
  std::vector<WordSpan> spans;
  spans.reserve(last - first + 1);
  for (size_t i = first; i <= last; ++i) {
    const auto [begin, end] = mapped_.original_span(words_[i].span.begin, words_[i].span.end);
    spans.push_back({begin, end});
  }
  return spans;
}

Analyzer::Analyzer(const AnalysisChain& chain) : chain_(chain), stemmer_(chain.stemmer()) {}

TokenStream Analyzer::analyze(std::string_view text, const TokenizeOptions& options) {
  TokenStream stream = tokenize(text, options);
  for (Token& token : stream.tokens()) {
    token.stem = stemmer_(std::string(token.normalized));
    token.broad = broad_stem(token.stem);
  }
  return stream;
}

}  // namespace fahras
