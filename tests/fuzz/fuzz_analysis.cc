// Fuzzes the analysis chain: normalize() (both case modes), the analyzer's
// token stream (tokenize), and Xapian's TermGenerator with the chain's stemmer, as the indexer uses
// them. Checks the chain's documented properties: the output is valid UTF-8,
// normalizing twice changes nothing, tokens lie inside the text in
// order, and no term is too long for Xapian.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <xapian.h>

#include "common/analysis/chain.h"
#include "common/analysis/normalizer.h"
#include "common/analysis/analyzer.h"
#include "tests/fuzz/fuzz_util.h"

namespace {

const fahras::AnalysisChain& chain() {
  static const std::shared_ptr<const fahras::AnalysisChain> loaded = fahras::AnalysisChain::load();
  return *loaded;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  chain();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using fahras::CaseMode;
  const std::string_view text(reinterpret_cast<const char*>(data), size);

  const std::string folded = chain().normalize(text);
  const std::string kept = chain().normalize(text, CaseMode::kKeep);
  FAHRAS_FUZZ_CHECK(fahras::fuzz::valid_utf8(folded), folded);
  FAHRAS_FUZZ_CHECK(fahras::fuzz::valid_utf8(kept), kept);
  FAHRAS_FUZZ_CHECK(chain().normalize(folded) == folded, text);
  FAHRAS_FUZZ_CHECK(chain().normalize(kept, CaseMode::kKeep) == kept, text);

  // The token stream: tokens in order, each within the original text and
  // pointing at it. (A character NFKC turns into several words, ﷻ, gives
  // each of them its whole range: tokens may share one.)
  size_t last_begin = 0;
  const fahras::TokenStream tokens = fahras::tokenize(text);
  for (const fahras::Token& t : tokens) {
    FAHRAS_FUZZ_CHECK(t.begin >= last_begin && t.begin < t.end && t.end <= text.size(), text);
    FAHRAS_FUZZ_CHECK(t.written == text.substr(t.begin, t.end - t.begin), text);
    FAHRAS_FUZZ_CHECK(!t.normalized.empty(), text);
    last_begin = t.begin;
  }

  // As the document builder indexes a body (one stemmer for the whole run,
  // as the builder keeps one: each holds a large cache).
  static Xapian::Stem stemmer = chain().stemmer();
  static Xapian::TermGenerator termgen = [] {
    Xapian::TermGenerator t;
    t.set_stemmer(stemmer);
    t.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    return t;
  }();
  Xapian::Document doc;
  termgen.set_document(doc);
  termgen.index_text(folded);
  termgen.index_text(folded, 1, "S");
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    FAHRAS_FUZZ_CHECK((*t).size() <= 245, *t);
  }

  // The stemmer on single words, as the query parser and snippets call it
  // (snippets give it original, unnormalized words).
  const std::string word(text.substr(0, 64));
  FAHRAS_FUZZ_CHECK(fahras::fuzz::valid_utf8(stemmer(word)) || !fahras::fuzz::valid_utf8(word),
                    word);
  stemmer(folded.substr(0, 64));
  return 0;
}
