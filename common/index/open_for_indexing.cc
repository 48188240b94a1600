#include "common/index/open_for_indexing.h"

#include <stdexcept>

#include "common/schema.h"

namespace fahras {

Xapian::WritableDatabase open_for_indexing(const std::string& path, const AnalysisChain& chain,
                                           const std::string& tables,
                                           const std::string& tables_path) {
  Xapian::WritableDatabase db(path, Xapian::DB_CREATE_OR_OPEN);
  const std::string identity = chain.identity();
  const std::string recorded = db.get_metadata(schema::kChainKey);
  if (recorded.empty() && db.get_doccount() == 0) {
    db.set_metadata(schema::kChainKey, identity);
    db.set_metadata(schema::kSchemaKey, std::to_string(schema::kSchemaVersion));
    if (!tables.empty()) {
      db.set_metadata(schema::kTablesKey, tables);
      db.set_metadata(schema::kTablesPathKey, tables_path);
    }
    db.commit();
  } else {
    schema::check_compatible(db, path, identity, schema::CheckedBy::kIndexer);
  }
  if (!tables.empty() && db.get_metadata(schema::kTablesKey) != tables) {
    throw std::runtime_error("database " + path + " names tables database '" +
                             db.get_metadata(schema::kTablesKey) + "', not '" + tables +
                             "' beside it: index into a new database");
  }
  return db;
}

}  // namespace fahras
