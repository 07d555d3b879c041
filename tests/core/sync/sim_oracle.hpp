// sim_oracle.hpp: what the multi-device simulation knows independently of the stores: every write that a
// device committed, with the stamp it got and the stamps it replaced. From it follow the final value of every
// field (last writer wins by (HLC, device id)) and the set of free-text values that must be in every
// device's conflict table (those no later edit saw).
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include <nlohmann/json.hpp>

namespace coach::test {

struct SimStamp {
  std::uint64_t hlc = 0;
  std::string device;
  friend auto operator<=>(const SimStamp&, const SimStamp&) = default;
};

struct SimWrite {
  SimStamp stamp;
  std::set<SimStamp> bases;
  nlohmann::json value;  // as the store returns it (null when cleared)
  bool text = false;
};

class Oracle {
 public:
  void record(const std::string& id, const std::string& field, SimWrite write) {
    writes_[{id, field}].push_back(std::move(write));
  }
  // (record, field) -> the winning write.
  std::map<std::pair<std::string, std::string>, SimWrite> finals() const {
    std::map<std::pair<std::string, std::string>, SimWrite> out;
    for (const auto& [key, list] : writes_) {
      const SimWrite* best = &list.front();
      for (const SimWrite& w : list) {
        if (w.stamp > best->stamp) best = &w;
      }
      out[key] = *best;
    }
    return out;
  }
  // The conflicts every device must show: [record, field, loser hlc, loser device, loser value].
  nlohmann::json expectedConflicts() const {
    nlohmann::json out = nlohmann::json::array();
    const auto winners = finals();
    for (const auto& [key, list] : writes_) {
      if (!list.front().text) continue;
      std::set<SimStamp> seen;
      for (const SimWrite& w : list) seen.insert(w.bases.begin(), w.bases.end());
      for (const SimWrite& w : list) {
        if (w.stamp == winners.at(key).stamp || seen.count(w.stamp)) continue;
        out.push_back({key.first, key.second, w.stamp.hlc, w.stamp.device, w.value.is_null() ? "" : w.value});
      }
    }
    std::sort(out.begin(), out.end());
    return out;
  }
  std::size_t fieldCount() const { return writes_.size(); }

 private:
  std::map<std::pair<std::string, std::string>, std::vector<SimWrite>> writes_;
};

}  // namespace coach::test
