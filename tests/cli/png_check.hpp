// png_check.hpp: decodes a PNG screenshot (8-bit RGB or RGBA, not interlaced: what Chromium writes) with zlib,
// enough to tell a rendered page from a blank one: its size, how many distinct colours, how many pixels are
// not (near) white. For the report rendering test (test_cli_report_render.cpp).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <vector>
#include <zlib.h>

namespace coach::test {

struct PngSummary {
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::size_t distinctColours = 0;
  std::size_t nonWhitePixels = 0;
  double nonWhiteShare() const {
    return width == 0 ? 0 : static_cast<double>(nonWhitePixels) / (static_cast<double>(width) * height);
  }
};

inline std::uint32_t bigEndian32(const std::string& s, std::size_t at) {
  return (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at])) << 24) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 1])) << 16) |
         (static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 2])) << 8) |
         static_cast<std::uint32_t>(static_cast<unsigned char>(s[at + 3]));
}

inline int paeth(int a, int b, int c) {
  const int p = a + b - c, pa = std::abs(p - a), pb = std::abs(p - b), pc = std::abs(p - c);
  if (pa <= pb && pa <= pc) return a;
  return pb <= pc ? b : c;
}

// nullopt when the bytes are not a PNG this can read.
inline std::optional<PngSummary> summarisePng(const std::string& png) {
  if (png.size() < 33 || png.compare(0, 8, "\x89PNG\r\n\x1a\n") != 0) return std::nullopt;
  PngSummary out;
  int channels = 0;
  std::string idat;
  for (std::size_t at = 8; at + 12 <= png.size();) {
    const std::uint32_t len = bigEndian32(png, at);
    const std::string type = png.substr(at + 4, 4);
    if (at + 12 + len > png.size()) return std::nullopt;
    if (type == "IHDR") {
      out.width = bigEndian32(png, at + 8);
      out.height = bigEndian32(png, at + 12);
      const int depth = png[at + 16], colour = png[at + 17], interlace = png[at + 20];
      if (depth != 8 || interlace != 0 || (colour != 2 && colour != 6)) return std::nullopt;
      channels = colour == 6 ? 4 : 3;
    } else if (type == "IDAT") {
      idat += png.substr(at + 8, len);
    }
    at += 12 + len;
  }
  if (channels == 0 || out.width == 0 || out.height == 0) return std::nullopt;
  const std::size_t stride = static_cast<std::size_t>(out.width) * static_cast<std::size_t>(channels);
  std::vector<unsigned char> raw((stride + 1) * out.height);
  uLongf rawSize = raw.size();
  if (uncompress(raw.data(), &rawSize, reinterpret_cast<const Bytef*>(idat.data()), idat.size()) != Z_OK ||  // NOLINT
      rawSize != raw.size()) {
    return std::nullopt;
  }
  std::vector<unsigned char> prev(stride, 0), cur(stride);
  std::unordered_set<std::uint32_t> colours;
  for (std::uint32_t y = 0; y < out.height; ++y) {
    const unsigned char filter = raw[y * (stride + 1)];
    const unsigned char* line = &raw[y * (stride + 1) + 1];
    for (std::size_t i = 0; i < stride; ++i) {
      const int a = i >= static_cast<std::size_t>(channels) ? cur[i - static_cast<std::size_t>(channels)] : 0;
      const int b = prev[i];
      const int c = i >= static_cast<std::size_t>(channels) ? prev[i - static_cast<std::size_t>(channels)] : 0;
      int pred = 0;
      switch (filter) {
        case 0:
          pred = 0;
          break;
        case 1:
          pred = a;
          break;
        case 2:
          pred = b;
          break;
        case 3:
          pred = (a + b) / 2;
          break;
        case 4:
          pred = paeth(a, b, c);
          break;
        default:
          return std::nullopt;
      }
      cur[i] = static_cast<unsigned char>((line[i] + pred) & 0xff);
    }
    for (std::uint32_t x = 0; x < out.width; ++x) {
      const unsigned char* px = &cur[x * static_cast<std::uint32_t>(channels)];
      colours.insert((static_cast<std::uint32_t>(px[0]) << 16) | (static_cast<std::uint32_t>(px[1]) << 8) | px[2]);
      if (px[0] < 240 || px[1] < 240 || px[2] < 240) ++out.nonWhitePixels;
    }
    std::swap(prev, cur);
  }
  out.distinctColours = colours.size();
  return out;
}

}  // namespace coach::test
