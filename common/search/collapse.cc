#include "common/search/collapse.h"

#include "common/schema.h"

namespace fahras {

Xapian::doccount story_matches(const Xapian::Database& db, const Xapian::Query& query,
                               const std::string& key) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, query,
                                  Xapian::Query(Xapian::Query::OP_VALUE_RANGE,
                                                schema::kCollapseSlot, key, key)));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  // Asking for no document but checking them all makes the estimate exact.
  return enquire.get_mset(0, 0, db.get_doccount()).get_matches_estimated();
}

}  // namespace fahras
