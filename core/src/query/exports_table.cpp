// An export's table of counts, its suppression and its CSV (query/exports_table.hpp).
#include "query/exports_table.hpp"

#include <algorithm>

namespace coach::figures {

std::size_t ExportTable::add(const std::string& measure, const std::string& category, std::int64_t value) {
  cells_.push_back(Cell{measure, category, value, Suppression::None});
  return cells_.size() - 1;
}

std::size_t ExportTable::partition(const std::string& measure, const std::map<std::string, std::int64_t>& parts,
                                   const std::vector<std::string>& order, std::optional<std::size_t> total) {
  Group group;
  if (total) {
    group.total = *total;
  } else {
    std::int64_t sum = 0;
    for (const auto& [category, n] : parts) sum += n;
    group.total = add(measure, "total", sum);
  }
  for (const std::string& category : order) {
    auto it = parts.find(category);
    group.parts.push_back(add(measure, category, it == parts.end() ? 0 : it->second));
  }
  for (const auto& [category, n] : parts) {
    if (std::find(order.begin(), order.end(), category) == order.end()) group.parts.push_back(add(measure, category, n));
  }
  groups_.push_back(group);
  return group.total;
}

std::optional<std::size_t> ExportTable::find(const std::string& measure, const std::string& category) const {
  for (std::size_t i = 0; i < cells_.size(); ++i) {
    if (cells_[i].measure == measure && cells_[i].category == category) return i;
  }
  return std::nullopt;
}

bool ExportTable::fixGroup(const Group& group) {
  std::vector<std::size_t> all{group.total};
  all.insert(all.end(), group.parts.begin(), group.parts.end());
  const auto hiddenCount = std::count_if(all.begin(), all.end(), [&](std::size_t i) { return hidden(i); });
  if (hiddenCount == 0) return false;
  std::int64_t hiddenPartsSum = 0;
  for (std::size_t i : group.parts) hiddenPartsSum += hidden(i) ? cells_[i].value : 0;
  const bool revealsZeros = !hidden(group.total) && hiddenPartsSum == 0;
  if (hiddenCount >= 2 && !revealsZeros) return false;
  // Hide one more: the smallest visible part above 0, else the total.
  std::optional<std::size_t> pick;
  for (std::size_t i : group.parts) {
    if (!hidden(i) && cells_[i].value > 0 && (!pick || cells_[i].value < cells_[*pick].value)) pick = i;
  }
  if (!pick && !hidden(group.total)) pick = group.total;
  if (!pick) return false;  // every cell is hidden already
  cells_[*pick].suppression = Suppression::Complementary;
  return true;
}

void ExportTable::suppress() {
  for (Cell& c : cells_) {
    if (c.value < kSmallestShownCount) c.suppression = Suppression::SmallCount;
  }
  bool changed = true;
  while (changed) {
    changed = false;
    for (const Group& g : groups_) changed = fixGroup(g) || changed;
  }
}

std::string csvField(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

std::string ExportTable::csv(const std::string& period, const std::string& scope) const {
  std::string out = "period,scope,measure,category,value\r\n";
  for (const Cell& c : cells_) {
    out += csvField(period) + "," + csvField(scope) + "," + c.measure + "," + c.category + "," +
           (c.suppression == Suppression::None ? std::to_string(c.value) : std::string("x")) + "\r\n";
  }
  return out;
}

std::vector<ExportCell> ExportTable::cells() const {
  std::vector<ExportCell> out;
  for (const Cell& c : cells_) {
    out.push_back(ExportCell{c.measure, c.category,
                             c.suppression == Suppression::None ? std::optional<std::int64_t>(c.value) : std::nullopt,
                             c.suppression});
  }
  return out;
}

}  // namespace coach::figures
