#include "common/analysis/chain.h"

#include <cstdio>
#include <cstdlib>

#include "common/analysis/arabic_stemmer.h"
#include "common/analysis/gazetteer.h"
#include "common/schema.h"

#include <zlib.h>

namespace fahras {

std::string AnalysisChain::default_lexicon_path() {
  const char* env = std::getenv("FAHRAS_LEXICON");
  return env && *env ? env : "/usr/share/hunspell/ar.dic";
}

std::shared_ptr<const AnalysisChain> AnalysisChain::load(const std::string& lexicon_path) {
  Lexicon lexicon = Lexicon::load_hunspell(lexicon_path);
  add_gazetteer_names(parse_gazetteer(gazetteer_text()), lexicon);
  return std::make_shared<const AnalysisChain>(std::move(lexicon));
}

AnalysisChain::AnalysisChain(Lexicon lexicon)
    : lexicon_(std::make_shared<const Lexicon>(std::move(lexicon))) {}

void AnalysisChain::configure(Xapian::TermGenerator& termgen) const {
  termgen.set_stemmer(stemmer());
  termgen.set_stemming_strategy(schema::kIndexStemming);
}

Xapian::Stem AnalysisChain::stemmer() const { return Xapian::Stem(new ArabicStemmer(lexicon_)); }

std::string AnalysisChain::stem(std::string_view word) const {
  ArabicStemmer stemmer(lexicon_);
  return stemmer(std::string(word));
}

bool AnalysisChain::is_name_stem(const std::string& stem) const {
  return lexicon_->is_name(stem);
}

bool AnalysisChain::knows(const std::string& word, const std::string& stem) const {
  if (is_arabic_letters(word)) return knows_arabic(word, *lexicon_);
  return lexicon_->contains(without_not_name_mark(stem)) || lexicon_->contains(word);
}

std::string AnalysisChain::stem_rule(const std::string& word) const {
  std::string rule;
  if (is_arabic_letters(word) && is_normalized(word)) {
    stem_arabic(word, *lexicon_, &rule);
  }
  return rule;
}

std::string AnalysisChain::identity() const {
  const std::string_view gazetteer = gazetteer_text();
  char crc[16], gazetteer_crc[16];
  std::snprintf(crc, sizeof crc, "%08x", lexicon_->checksum());
  std::snprintf(gazetteer_crc, sizeof gazetteer_crc, "%08lx",
                crc32(0L, reinterpret_cast<const Bytef*>(gazetteer.data()),
                      static_cast<uInt>(gazetteer.size())));
  return std::string(kName) + " " + std::to_string(kVersion) + "; lexicon " +
         std::to_string(lexicon_->size()) + " words, crc32 " + crc + "; gazetteer crc32 " +
         gazetteer_crc;
}

}  // namespace fahras
