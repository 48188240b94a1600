// An article's fields read back from a document's data (see schema.h:
// the document data is one JSON object, its fields named by schema::stored).
#pragma once

#include <string_view>

#include "common/search/result.h"

namespace fahras {

// The title, body, date, source, url and category of the JSON object `data`
// (decoded document data); the id is left empty (a search reads it from the
// document's id slot). A field missing or not a string is "", and so is every
// field of data that is not valid JSON: exactly what reading them from
// nlohmann::json::parse(data, nullptr, false) gives, which a fast path spares
// the data the indexer writes (an object of string values without \u escapes).
Article stored_fields(std::string_view data);

}  // namespace fahras
