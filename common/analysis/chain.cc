#include "common/analysis/chain.h"

#include <cstdio>
#include <cstdlib>

#include "common/analysis/arabic_stemmer.h"
#include "common/analysis/news_names.h"

namespace fahras {

std::string AnalysisChain::default_lexicon_path() {
  const char* env = std::getenv("FAHRAS_LEXICON");
  return env && *env ? env : "/usr/share/hunspell/ar.dic";
}

std::shared_ptr<const AnalysisChain> AnalysisChain::load(const std::string& lexicon_path) {
  Lexicon lexicon = Lexicon::load_hunspell(lexicon_path);
  add_news_names(lexicon);
  return std::make_shared<const AnalysisChain>(std::move(lexicon));
}

AnalysisChain::AnalysisChain(Lexicon lexicon)
    : lexicon_(std::make_shared<const Lexicon>(std::move(lexicon))) {}

void AnalysisChain::configure(Xapian::TermGenerator& termgen) const {
  termgen.set_stemmer(stemmer());
  termgen.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
}

Xapian::Stem AnalysisChain::stemmer() const { return Xapian::Stem(new ArabicStemmer(lexicon_)); }

std::string AnalysisChain::stem(std::string_view word) const {
  ArabicStemmer stemmer(lexicon_);
  return stemmer(std::string(word));
}

std::string AnalysisChain::identity() const {
  char crc[16];
  std::snprintf(crc, sizeof crc, "%08x", lexicon_->checksum());
  return std::string(kName) + " " + std::to_string(kVersion) + "; lexicon " +
         std::to_string(lexicon_->size()) + " words, crc32 " + crc;
}

}  // namespace fahras
