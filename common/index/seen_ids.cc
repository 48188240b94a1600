#include "common/index/seen_ids.h"

#include <cstring>
#include <stdexcept>

namespace fahras {

uint64_t SeenIds::hash(std::string_view id) {
  uint64_t h = 14695981039346656037ULL;
  for (unsigned char c : id) h = (h ^ c) * 1099511628211ULL;
  return h ^ (h >> 29);
}

std::string_view SeenIds::id_at(uint32_t place) const {
  const size_t length = static_cast<unsigned char>(ids_[place]) |
                        static_cast<size_t>(static_cast<unsigned char>(ids_[place + 1])) << 8;
  return std::string_view(ids_).substr(place + kLengthBytes, length);
}

size_t SeenIds::slot_of(std::string_view id) const {
  const size_t mask = slots_.size() - 1;
  for (size_t i = hash(id) & mask;; i = (i + 1) & mask) {
    if (slots_[i] == 0 || id_at(slots_[i] - 1) == id) return i;
  }
}

bool SeenIds::contains(std::string_view id) const {
  return !slots_.empty() && slots_[slot_of(id)] != 0;
}

std::optional<ReadAt> SeenIds::note(std::string_view id, ReadAt at) {
  if (id.size() > UINT16_MAX) throw std::length_error("id too long");
  if ((count_ + 1) * 3 > slots_.size() * 2) grow();
  const size_t slot = slot_of(id);
  char bytes[kReadAtBytes];
  std::memcpy(bytes, &at.file, 4);
  std::memcpy(bytes + 4, &at.line, 4);
  if (slots_[slot] != 0) {
    const size_t where = slots_[slot] - 1 + kLengthBytes + id.size();
    ReadAt before;
    std::memcpy(&before.file, &ids_[where], 4);
    std::memcpy(&before.line, &ids_[where + 4], 4);
    ids_.replace(where, kReadAtBytes, bytes, kReadAtBytes);
    return before;
  }
  if (ids_.size() + kLengthBytes + id.size() + kReadAtBytes >= UINT32_MAX) {
    throw std::length_error("too many ids in one run");
  }
  slots_[slot] = static_cast<uint32_t>(ids_.size()) + 1;
  ids_.push_back(static_cast<char>(id.size() & 0xFF));
  ids_.push_back(static_cast<char>(id.size() >> 8));
  ids_.append(id);
  ids_.append(bytes, kReadAtBytes);
  ++count_;
  return std::nullopt;
}

void SeenIds::grow() {
  std::vector<uint32_t> old(std::max<size_t>(1024, slots_.size() * 2), 0);
  old.swap(slots_);
  for (uint32_t place : old) {
    if (place != 0) slots_[slot_of(id_at(place - 1))] = place;
  }
}

}  // namespace fahras
