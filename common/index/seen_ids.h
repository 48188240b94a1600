// The ids an indexing run has read, and where it read each last: for warning
// of an id met twice, and for --prune. Kept compact (about 35 bytes an id of
// 10 characters, against about 90 in an unordered_map of strings), since a
// run may read millions of them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace fahras {

// Where a record was read: the input file by its number, and the line.
struct ReadAt {
  uint32_t file = 0;
  uint32_t line = 0;
};

class SeenIds {
 public:
  // Records that `id` was read at `at`; returns where it was read before, if
  // it was.
  std::optional<ReadAt> note(std::string_view id, ReadAt at);

  // Whether `id` was read.
  bool contains(std::string_view id) const;

  // Ids recorded.
  size_t size() const { return count_; }

 private:
  // Each id is kept in ids_ as: its length (2 bytes), its bytes, then where it
  // was read (8 bytes); slots_ holds 1 + its place there (0: a free slot).
  static constexpr size_t kLengthBytes = 2;
  static constexpr size_t kReadAtBytes = 8;
  static uint64_t hash(std::string_view id);
  std::string_view id_at(uint32_t place) const;
  // The slot of `id`, or the free slot where it would go.
  size_t slot_of(std::string_view id) const;
  void grow();

  std::string ids_;
  std::vector<uint32_t> slots_;
  size_t count_ = 0;
};

}  // namespace fahras
