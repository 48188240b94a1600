// Writes what --stats found: what a set of databases holds.
#pragma once

#include <ostream>

#include <nlohmann/json.hpp>

#include "common/search/stats.h"
#include "query/output/formatter.h"

namespace fahras {

// Writes `stats` in `format`, text or json (see docs/output.md); throws
// std::invalid_argument for another format.
void write_stats(std::ostream& out, const DatabaseStats& stats, Format format);

// The json format's object for `stats` (as --stats --format json writes it).
nlohmann::ordered_json stats_json(const DatabaseStats& stats);

}  // namespace fahras
