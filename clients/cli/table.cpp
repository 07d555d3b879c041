// table.cpp: text tables (table.hpp).
#include "table.hpp"

#include <algorithm>

namespace coach::cli {
namespace {

bool continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0u) == 0x80u; }

std::string oneLine(std::string text) {
  std::replace(text.begin(), text.end(), '\n', ' ');
  std::replace(text.begin(), text.end(), '\r', ' ');
  std::replace(text.begin(), text.end(), '\t', ' ');
  return text;
}

void printRow(std::ostream& out, const std::vector<std::string>& cells, const std::vector<std::size_t>& widths) {
  std::string line;
  for (std::size_t i = 0; i < cells.size(); ++i) {
    line += cells[i];
    if (i + 1 < cells.size()) line += std::string(widths[i] - displayWidth(cells[i]) + 2, ' ');
  }
  line.erase(line.find_last_not_of(' ') + 1);
  out << line << '\n';
}

}  // namespace

std::size_t displayWidth(std::string_view text) {
  return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return !continuation(c); }));
}

std::string truncateChars(std::string_view text, std::size_t chars) {
  if (displayWidth(text) <= chars || chars == 0) return std::string(text);
  std::size_t seen = 0, i = 0;
  for (; i < text.size(); ++i) {
    if (!continuation(text[i]) && ++seen == chars) break;  // i: the first byte of the last character kept
  }
  return std::string(text.substr(0, i)) + "…";
}

void Table::add(std::vector<std::string> row) {
  row.resize(headers_.size());
  for (auto& cell : row) cell = truncateChars(oneLine(std::move(cell)), kMaxCellChars);
  rows_.push_back(std::move(row));
}

void Table::print(std::ostream& out) const {
  std::vector<std::size_t> widths;
  for (const auto& h : headers_) widths.push_back(displayWidth(h));
  for (const auto& row : rows_) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], displayWidth(row[i]));
  }
  printRow(out, headers_, widths);
  std::vector<std::string> dashes;
  for (std::size_t w : widths) dashes.emplace_back(w, '-');
  printRow(out, dashes, widths);
  for (const auto& row : rows_) printRow(out, row, widths);
}

void printPairs(std::ostream& out, const std::vector<std::pair<std::string, std::string>>& pairs) {
  std::size_t width = 0;
  for (const auto& [label, value] : pairs) width = std::max(width, displayWidth(label));
  for (const auto& [label, value] : pairs) {
    out << label << ':' << std::string(width - displayWidth(label) + 1, ' ') << value << '\n';
  }
}

}  // namespace coach::cli
