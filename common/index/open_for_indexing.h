// Opening a shard (or the tables database) of a Fahras database for writing,
// with the check that it was built by this analysis chain and index schema.
#pragma once

#include <string>

#include <xapian.h>

#include "common/analysis/chain.h"

namespace fahras {

// Opens (or creates) one shard and checks it was built by `chain` with this
// index schema. Unless `tables` is empty, the shard names the tables database
// of that id, made at `tables_path` (schema.h): a new one records both, an
// existing one must name that id. Throws std::runtime_error on a mismatch.
Xapian::WritableDatabase open_for_indexing(const std::string& path, const AnalysisChain& chain,
                                           const std::string& tables = "",
                                           const std::string& tables_path = "");

}  // namespace fahras
