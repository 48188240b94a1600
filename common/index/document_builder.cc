#include "common/index/document_builder.h"

#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/analysis/arabic_stemmer.h"
#include "common/analysis/tokenizer.h"
#include "common/date.h"
#include "common/index/near_duplicates.h"
#include "common/schema.h"

namespace fahras {

DocumentBuilder::DocumentBuilder(const AnalysisChain& chain)
    : chain_(chain), encoder_(std::make_unique<TextEncoder>()) {
  chain_.configure(termgen_);
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
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    const auto parsed = schema::parse_term(term);
    if (!parsed || parsed->kind != schema::TermKind::kStem) continue;
    broad_wdf_[broad_stem(std::string(parsed->value))] += t.get_wdf();
  }
  for (const auto& [broad, wdf] : broad_wdf_) {
    doc.add_term(schema::term(schema::TermKind::kBroad, broad), wdf);
  }
}

Xapian::Document DocumentBuilder::build(const Record& r, SpellingCounter* spelling) {
  Xapian::Document doc;
  termgen_.set_document(doc);

  const std::string title = chain_.normalize(r.title);
  if (!r.title.empty()) {
    if (spelling) spelling->add_text(title);
    termgen_.index_text(title, schema::kTitleWdf);
    termgen_.increase_termpos(schema::kFieldGap);
    termgen_.index_text(title, 1, schema::word_prefix(schema::TermKind::kTitleStem));
    termgen_.increase_termpos(schema::kFieldGap);
  }
  const std::string body = chain_.normalize(r.body);
  const std::vector<WordSpan> body_words = word_spans(body);
  if (spelling) spelling->add_words(body, body_words);
  termgen_.index_text(body);
  add_broad_terms(doc);
  // Copies of a story are found by their bodies: outlets change titles.
  auto signature = body.empty() ? text_signature(title) : text_signature(body, body_words);
  if (signature) {
    doc.add_value(schema::kSignatureSlot, encode_signature(*signature));
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
  doc.add_value(schema::kHashSlot, content_hash(r));

  doc.set_data(encoder_->encode(data(r)));
  // The term generator lets go of the document: it may go to another thread
  // (Xapian's reference counts are not atomic).
  termgen_.set_document(Xapian::Document());
  return doc;
}

}  // namespace fahras
