#include "common/index/document_builder.h"

#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "common/analysis/analyzer.h"
#include "common/analysis/arabic_stemmer.h"
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
  nlohmann::json data = {{"id", r.id},         {"title", r.title}, {"body", r.body},
                         {"date", r.date},     {"source", r.source}, {"url", r.url},
                         {"category", r.category}};
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
  const std::string text = schema::kStemPrefix;
  const std::string title = text + schema::kTitlePrefix;
  broad_wdf_.clear();
  for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) {
    const std::string& term = *t;
    if (term.compare(0, text.size(), text) != 0) {
      if (term > text) break;  // terms come sorted: the text terms are behind
      continue;
    }
    if (term.compare(0, title.size(), title) == 0) continue;
    broad_wdf_[broad_stem(term.substr(text.size()))] += t.get_wdf();
  }
  for (const auto& [broad, wdf] : broad_wdf_) {
    doc.add_term(schema::kBroadPrefix + broad, wdf);
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
    termgen_.index_text(title, 1, schema::kTitlePrefix);
    termgen_.increase_termpos(schema::kFieldGap);
  }
  const std::string body = chain_.normalize(r.body);
  TokenizeOptions normalized;
  normalized.normalized_input = true;
  const TokenStream body_words = tokenize(body, normalized);
  if (spelling) spelling->add_tokens(body, body_words);
  termgen_.index_text(body);
  add_broad_terms(doc);
  // Copies of a story are found by their bodies: outlets change titles.
  auto signature = body.empty() ? text_signature(title) : text_signature(body_words);
  if (signature) {
    doc.add_value(schema::kSignatureSlot, encode_signature(*signature));
  }

  doc.add_boolean_term(schema::id_term(r.id));
  doc.add_value(schema::kIdSlot, r.id);
  const std::string day = schema::date_value(r.date);
  if (!day.empty()) {
    doc.add_value(schema::kDateSlot, day);
    doc.add_boolean_term(schema::kDayPrefix + day);
    doc.add_boolean_term(schema::kMonthPrefix + day.substr(0, 6));
    doc.add_value(schema::kMonthSlot, day.substr(0, 6));
    doc.add_boolean_term(schema::kYearPrefix + day.substr(0, 4));
  }
  if (!r.source.empty()) {
    doc.add_boolean_term(schema::filter_term(schema::kSourcePrefix, r.source));
    doc.add_value(schema::kSourceSlot, r.source);
  }
  if (!r.category.empty()) {
    doc.add_boolean_term(schema::filter_term(schema::kCategoryPrefix, r.category));
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
