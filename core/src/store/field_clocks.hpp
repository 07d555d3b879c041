// store/field_clocks.hpp: FieldClocks, the per-field HLC stamps of one record.
//
// Every field of a record (and its `archived` flag) has its own clock: the HLC of the change that last set
// it and the device that made that change. They are stored in the record's own row, in its `clocks` column,
// so a value and its stamp are always written together. Layout (docs/store.md), entries sorted by name:
//   repeated { u8 name length, name bytes, u64 HLC (big-endian), u32 device number (big-endian) }
// Device numbers index the profile's `device` table (device ids are 32 hex characters; numbers keep the
// clocks small).
//
// Thread-safety: a value type.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "clock/hlc.hpp"

namespace coach::store {

struct FieldStamp {
  Hlc hlc;
  std::uint32_t device = 0;
  friend bool operator==(const FieldStamp&, const FieldStamp&) = default;
};

class FieldClocks {
 public:
  // nullopt when `blob` is not a well-formed clock vector.
  static std::optional<FieldClocks> decode(std::span<const std::uint8_t> blob);
  std::vector<std::uint8_t> encode() const;

  std::optional<FieldStamp> get(std::string_view field) const;
  void set(std::string_view field, FieldStamp stamp);
  std::size_t size() const { return entries_.size(); }
  // Calls fn(name, stamp) for every stamped field, in name order.
  template <class Fn>
  void forEach(Fn&& fn) const {
    for (const auto& [name, stamp] : entries_) fn(std::string_view(name), stamp);
  }

 private:
  std::vector<std::pair<std::string, FieldStamp>> entries_;  // sorted by name
};

// A list of (field, stamp) pairs in which a field may repeat: the bases of an outbox entry (the stamps its
// edit replaced). Same entry layout as FieldClocks, in insertion order.
using StampList = std::vector<std::pair<std::string, FieldStamp>>;
std::vector<std::uint8_t> encodeStampList(const StampList& list);
std::optional<StampList> decodeStampList(std::span<const std::uint8_t> blob);

}  // namespace coach::store
