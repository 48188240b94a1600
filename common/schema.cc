#include "common/schema.h"

#include "common/analysis/normalizer.h"

namespace fahras::schema {

std::string id_term(std::string_view id) {
  std::string term = kIdPrefix;
  term += id;
  if (term.size() > kMaxTermBytes) term.resize(kMaxTermBytes);
  return term;
}

std::string filter_term(const char* prefix, std::string_view value) {
  std::string term = prefix;
  for (char c : normalize(value)) term += (c == ' ' || c == '\t' || c == '\n') ? '_' : c;
  if (term.size() > kMaxTermBytes) term.resize(kMaxTermBytes);
  return term;
}

std::string date_value(std::string_view date) {
  if (date.size() != 10 || date[4] != '-' || date[7] != '-') return "";
  std::string value;
  for (size_t i = 0; i < date.size(); ++i) {
    if (i == 4 || i == 7) continue;
    if (date[i] < '0' || date[i] > '9') return "";
    value += date[i];
  }
  return value;
}

}  // namespace fahras::schema
