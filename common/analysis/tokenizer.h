// Finding words in original (unnormalized) text, for snippets.
#pragma once

#include <string_view>
#include <vector>

namespace fahras {

// A word as a byte range [begin, end) of the text it was found in.
struct WordSpan {
  size_t begin = 0;
  size_t end = 0;
};

// The words of UTF-8 `text`, in order: runs of letters, digits and the marks
// and invisible characters that normalization removes (harakat, tatweel,
// zero-width and bidi controls), so that a vocalized word is one word, as its
// normalized form is to Xapian's tokenizer. Stops after `max_words` words.
std::vector<WordSpan> word_spans(std::string_view text, size_t max_words = SIZE_MAX);

}  // namespace fahras
