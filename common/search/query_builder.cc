#include "common/search/query_builder.h"

#include "common/analysis/stopwords.h"
#include "common/analysis/tokenizer.h"
#include "common/schema.h"

namespace fahras {
namespace {

// source:VALUE and category:VALUE, with VALUE normalized as at index time.
class FilterProcessor : public Xapian::FieldProcessor {
 public:
  explicit FilterProcessor(const char* prefix) : prefix_(prefix) {}
  Xapian::Query operator()(const std::string& value) override {
    return Xapian::Query(schema::filter_term(prefix_, value));
  }

 private:
  const char* prefix_;
};

// The words of `text` separated by single spaces: in plain mode, punctuation
// such as ':' or '-' must not join words into a phrase.
std::string words_only(const std::string& text) {
  std::string words;
  for (const WordSpan& w : word_spans(text)) {
    if (!words.empty()) words += ' ';
    words.append(text, w.begin, w.end - w.begin);
  }
  return words;
}

void configure(Xapian::QueryParser& qp, const AnalysisChain& chain, const Xapian::Database& db) {
  qp.set_database(db);
  qp.set_stemmer(chain.stemmer());
  qp.set_stemming_strategy(Xapian::QueryParser::STEM_ALL_Z);
  qp.set_default_op(Xapian::Query::OP_OR);
  qp.set_stopper(make_arabic_stopper()->release());
}

}  // namespace

QueryBuilder::QueryBuilder(const AnalysisChain& chain, const Xapian::Database& db)
    : chain_(chain) {
  configure(full_, chain, db);
  configure(plain_, chain, db);
  full_.add_prefix("title", schema::kTitlePrefix);
  full_.add_boolean_prefix("source", (new FilterProcessor(schema::kSourcePrefix))->release());
  full_.add_boolean_prefix("category", (new FilterProcessor(schema::kCategoryPrefix))->release());
  full_.add_boolean_prefix("year", schema::kYearPrefix);
  full_.add_rangeprocessor(
      (new Xapian::DateRangeProcessor(schema::kDateSlot, "date:"))->release());
}

Xapian::Query QueryBuilder::parse(const std::string& text, bool plain, bool synonyms) {
  // Single words are looked up as Z<stem>, groups of words as they are written
  // (normalized): the keys common/index/synonyms.cc writes.
  const unsigned synonym_flags = synonyms ? Xapian::QueryParser::FLAG_AUTO_MULTIWORD_SYNONYMS : 0;
  if (plain) return plain_.parse_query(words_only(chain_.normalize(text)), synonym_flags);
  constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE |
                              Xapian::QueryParser::FLAG_BOOLEAN |
                              Xapian::QueryParser::FLAG_LOVEHATE |
                              Xapian::QueryParser::FLAG_PURE_NOT;
  return full_.parse_query(chain_.normalize(text, CaseMode::kKeep), kFlags | synonym_flags);
}

}  // namespace fahras
