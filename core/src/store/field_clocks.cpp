#include "store/field_clocks.hpp"

#include <algorithm>

namespace coach::store {

std::optional<StampList> decodeStampList(std::span<const std::uint8_t> blob) {
  StampList list;
  std::size_t pos = 0;
  while (pos < blob.size()) {
    const std::size_t len = blob[pos++];
    if (len == 0 || pos + len + 12 > blob.size()) return std::nullopt;
    std::string name(reinterpret_cast<const char*>(blob.data() + pos), len);  // NOLINT
    pos += len;
    std::uint64_t hlc = 0;
    for (int i = 0; i < 8; ++i) hlc = (hlc << 8) | blob[pos++];
    std::uint32_t device = 0;
    for (int i = 0; i < 4; ++i) device = (device << 8) | blob[pos++];
    list.emplace_back(std::move(name), FieldStamp{Hlc{hlc}, device});
  }
  return list;
}

std::vector<std::uint8_t> encodeStampList(const StampList& list) {
  std::vector<std::uint8_t> out;
  out.reserve(list.size() * 28);
  for (const auto& [name, stamp] : list) {
    out.push_back(static_cast<std::uint8_t>(name.size()));
    out.insert(out.end(), name.begin(), name.end());
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(stamp.hlc.value >> shift));
    for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<std::uint8_t>(stamp.device >> shift));
  }
  return out;
}

std::optional<FieldClocks> FieldClocks::decode(std::span<const std::uint8_t> blob) {
  auto list = decodeStampList(blob);
  if (!list) return std::nullopt;
  FieldClocks clocks;
  for (auto& entry : *list) {
    if (!clocks.entries_.empty() && clocks.entries_.back().first >= entry.first) return std::nullopt;
    clocks.entries_.push_back(std::move(entry));
  }
  return clocks;
}

std::vector<std::uint8_t> FieldClocks::encode() const { return encodeStampList(entries_); }

std::optional<FieldStamp> FieldClocks::get(std::string_view field) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), field,
                             [](const auto& entry, std::string_view name) { return entry.first < name; });
  if (it == entries_.end() || it->first != field) return std::nullopt;
  return it->second;
}

void FieldClocks::set(std::string_view field, FieldStamp stamp) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), field,
                             [](const auto& entry, std::string_view name) { return entry.first < name; });
  if (it != entries_.end() && it->first == field) {
    it->second = stamp;
  } else {
    entries_.emplace(it, std::string(field), stamp);
  }
}

}  // namespace coach::store
