// table.hpp: Table, the readable text tables `coach` prints by default (columns padded to the widest cell,
// measured in characters, not bytes, so Dutch names with accents line up).
//
// Thread-safety: a Table is a value; use one per thread.
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace coach::cli {

class Table {
 public:
  explicit Table(std::vector<std::string> headers) : headers_(std::move(headers)) {}
  // A row with as many cells as headers (missing cells are empty, extra ones dropped). Cells longer than
  // maxCellChars are cut with "…"; newlines become spaces.
  void add(std::vector<std::string> row);
  bool empty() const { return rows_.empty(); }
  std::size_t size() const { return rows_.size(); }
  // Headers, a line of dashes, the rows; trailing spaces trimmed.
  void print(std::ostream& out) const;

  static constexpr std::size_t kMaxCellChars = 48;

 private:
  std::vector<std::string> headers_;
  std::vector<std::vector<std::string>> rows_;
};

// Characters (UTF-8 code points) in `text`.
std::size_t displayWidth(std::string_view text);
// `text` cut to at most `chars` characters, ending in "…" when cut.
std::string truncateChars(std::string_view text, std::size_t chars);

// "label: value" lines with the labels padded to one width.
void printPairs(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& pairs);

}  // namespace coach::cli
