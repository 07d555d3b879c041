// query/exports_table.hpp: an export's table of counts, the sums that tie its cells together, small-cell
// suppression with complementary suppression, and the CSV (docs/figures.md, "Exports").
//
// A Group says total = sum(parts). A reader who sees all but one cell of a group can compute the missing one,
// and a reader who sees the total and the visible parts knows the sum of the hidden parts. So suppress() keeps
// this invariant in every group, repeating until nothing changes (cells are shared between groups):
//   - every count under kSmallestShownCount is hidden (primary suppression, zeros included);
//   - a group has no hidden cell or at least two (else the smallest visible cell with a count above 0 is
//     hidden as well, a part before the total);
//   - when the total is visible, the hidden parts never sum to 0 (that would reveal each of them as 0).
//
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "coach/figures.hpp"

namespace coach::figures {

class ExportTable {
 public:
  // Adds a cell and returns its index.
  std::size_t add(const std::string& measure, const std::string& category, std::int64_t value);
  // Adds "measure,total" (or uses `total` when given) and one cell per part, tied by a group. Parts are shown
  // in the order of `order`, then any others; a category of `order` missing from `parts` is shown as 0.
  std::size_t partition(const std::string& measure, const std::map<std::string, std::int64_t>& parts,
                        const std::vector<std::string>& order, std::optional<std::size_t> total = std::nullopt);

  // The index of a cell added before (a part of one sum can be the total of another).
  std::optional<std::size_t> find(const std::string& measure, const std::string& category) const;

  void suppress();
  // period, scope, measure, category, value (hidden cells as "x"), with a header row.
  std::string csv(const std::string& period, const std::string& scope) const;
  std::vector<ExportCell> cells() const;

 private:
  struct Cell {
    std::string measure;
    std::string category;
    std::int64_t value = 0;
    Suppression suppression = Suppression::None;
  };
  struct Group {
    std::size_t total = 0;
    std::vector<std::size_t> parts;
  };
  bool fixGroup(const Group& group);
  bool hidden(std::size_t i) const { return cells_[i].suppression != Suppression::None; }

  std::vector<Cell> cells_;
  std::vector<Group> groups_;
};

// RFC 4180 quoting when a field holds a comma, quote or line break.
std::string csvField(const std::string& text);

}  // namespace coach::figures
