#include "common/index/document_builder.h"

#include <cstdint>
#include <cstdio>
#include <unordered_map>

#include <nlohmann/json.hpp>

#include "common/analysis/analyzer.h"
#include "common/analysis/arabic_stemmer.h"
#include "common/date.h"
#include "common/index/near_duplicates.h"
#include "common/schema.h"

namespace fahras {

// The term generator's stemmer: the chain's, which also counts each stem it
// gives, `weight` times (the wdf the term generator adds for the word), so
// that the builder knows the text stem terms (Z) without reading them back.
// With STEM_ALL_Z, Xapian's TermGenerator calls the stemmer once for each
// word it indexes and adds "Z" + prefix + stem unless the stem is empty.
class StemRecorder : public Xapian::StemImplementation {
 public:
  explicit StemRecorder(Xapian::Stem stemmer) : stemmer_(std::move(stemmer)) {}

  std::string operator()(const std::string& word) override {
    std::string stem = stemmer_(word);
    if (weight_ > 0 && !stem.empty()) counts_[stem] += weight_;
    return stem;
  }
  std::string get_description() const override { return stemmer_.get_description(); }

  // Counts the stems from now on with `weight` each (0: not at all).
  void set_weight(Xapian::termcount weight) { weight_ = weight; }
  // Each stem counted since the last clear(), with its summed weight.
  const std::unordered_map<std::string, Xapian::termcount>& counts() const { return counts_; }
  void clear() { counts_.clear(); }

 private:
  Xapian::Stem stemmer_;
  Xapian::termcount weight_ = 0;
  std::unordered_map<std::string, Xapian::termcount> counts_;
};

DocumentBuilder::DocumentBuilder(const AnalysisChain& chain)
    : chain_(chain), encoder_(std::make_unique<TextEncoder>()) {
  chain_.configure(termgen_);
  // The chain's stemmer, counting the stems (held by termgen_ from now on).
  stems_ = new StemRecorder(chain_.stemmer());
  termgen_.set_stemmer(Xapian::Stem(stems_));
}

void DocumentBuilder::use_text_dictionary(const std::string& dictionary) {
  encoder_ = std::make_unique<TextEncoder>(dictionary);
}

std::string DocumentBuilder::data(const Record& r) {
  namespace stored = schema::stored;
  nlohmann::json data = {{stored::kId, r.id},
                         {stored::kTitle, r.title},
                         {stored::kBody, r.body},
                         {stored::kDate, r.date},
                         {stored::kSource, r.source},
                         {stored::kUrl, r.url},
                         {stored::kCategory, r.category}};
  return data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::string DocumentBuilder::content_hash(const Record& r) {
  // FNV-1a over the fields, each followed by a separator byte.
  uint64_t h = 14695981039346656037ULL;
  for (const std::string* field : {&r.id, &r.title, &r.body, &r.date, &r.source, &r.url,
                                   &r.category}) {
    for (unsigned char c : *field) h = (h ^ c) * 1099511628211ULL;
    h = (h ^ 0xFF) * 1099511628211ULL;
  }
  char hex[17];
  std::snprintf(hex, sizeof hex, "%016llx", static_cast<unsigned long long>(h));
  return hex;
}

void DocumentBuilder::add_broad_terms(Xapian::Document& doc) {
  broad_wdf_.clear();
  for (const auto& [stem, wdf] : stems_->counts()) broad_wdf_[broad_stem(stem)] += wdf;
  stems_->clear();
  for (const auto& [broad, wdf] : broad_wdf_) {
    doc.add_term(schema::term(schema::TermKind::kBroad, broad), wdf);
  }
}

BuiltDocument DocumentBuilder::build(const Record& r, SpellingCounter* spelling) {
  BuiltDocument built;
  Xapian::Document& doc = built.document;
  termgen_.set_document(doc);
  stems_->clear();

  // The broad terms sum the wdf of the text stems (Z), title and body; the
  // title's own terms (ZS) have none.
  const std::string title = chain_.normalize(r.title);
  if (!r.title.empty()) {
    if (spelling) spelling->add_text(title);
    stems_->set_weight(schema::kTitleWdf);
    termgen_.index_text(title, schema::kTitleWdf);
    termgen_.increase_termpos(schema::kFieldGap);
    stems_->set_weight(0);
    termgen_.index_text(title, 1, schema::word_prefix(schema::TermKind::kTitleStem));
    termgen_.increase_termpos(schema::kFieldGap);
  }
  const std::string body = chain_.normalize(r.body);
  TokenizeOptions normalized;
  normalized.normalized_input = true;
  const TokenStream body_words = tokenize(body, normalized);
  if (spelling) spelling->add_tokens(body, body_words);
  stems_->set_weight(1);
  termgen_.index_text(body);
  stems_->set_weight(0);
  add_broad_terms(doc);
  // Copies of a story are found by their bodies: outlets change titles.
  built.signature = body.empty() ? text_signature(title) : text_signature(body_words);
  if (built.signature) {
    doc.add_value(schema::kSignatureSlot, encode_signature(*built.signature));
  }

  doc.add_boolean_term(schema::id_term(r.id));
  doc.add_value(schema::kIdSlot, r.id);
  const std::string day = date::day_value(r.date);
  if (!day.empty()) {
    doc.add_value(schema::kDateSlot, day);
    doc.add_boolean_term(schema::term(schema::TermKind::kDay, day));
    doc.add_boolean_term(schema::term(schema::TermKind::kMonth, date::month_of(day)));
    doc.add_value(schema::kMonthSlot, date::month_of(day));
    doc.add_boolean_term(schema::term(schema::TermKind::kYear, date::year_of(day)));
  }
  if (!r.source.empty()) {
    doc.add_boolean_term(schema::filter_term(schema::TermKind::kSource, r.source));
    doc.add_value(schema::kSourceSlot, r.source);
  }
  if (!r.category.empty()) {
    doc.add_boolean_term(schema::filter_term(schema::TermKind::kCategory, r.category));
    doc.add_value(schema::kCategorySlot, r.category);
  }
  built.hash = content_hash(r);
  doc.add_value(schema::kHashSlot, built.hash);

  doc.set_data(encoder_->encode(data(r)));
  // The term generator lets go of the document: it may go to another thread
  // (Xapian's reference counts are not atomic).
  termgen_.set_document(Xapian::Document());
  return built;
}

}  // namespace fahras
