// coach/bytes.hpp: byte buffers, and SecretBytes, a buffer that wipes itself (OPENSSL_cleanse) when freed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace coach::crypto {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

// Key material. Move-only; the bytes are cleansed on destruction and on move-from.
class SecretBytes {
 public:
  SecretBytes() = default;
  explicit SecretBytes(std::size_t size);
  explicit SecretBytes(ByteView bytes);
  SecretBytes(const SecretBytes&) = delete;
  SecretBytes& operator=(const SecretBytes&) = delete;
  SecretBytes(SecretBytes&& other) noexcept;
  SecretBytes& operator=(SecretBytes&& other) noexcept;
  ~SecretBytes();

  std::uint8_t* data() noexcept { return bytes_.data(); }
  const std::uint8_t* data() const noexcept { return bytes_.data(); }
  std::size_t size() const noexcept { return bytes_.size(); }
  bool empty() const noexcept { return bytes_.empty(); }
  ByteView view() const noexcept { return ByteView(bytes_.data(), bytes_.size()); }
  std::span<std::uint8_t> span() noexcept { return std::span<std::uint8_t>(bytes_.data(), bytes_.size()); }
  SecretBytes clone() const { return SecretBytes(view()); }

 private:
  void wipe() noexcept;
  std::vector<std::uint8_t> bytes_;
};

inline ByteView asBytes(std::string_view s) noexcept {
  return ByteView(reinterpret_cast<const std::uint8_t*>(s.data()), s.size());  // NOLINT
}
std::string toHex(ByteView bytes);
// Returns false (and leaves `out` unspecified) when `hex` is not an even-length string of hex digits.
bool fromHex(std::string_view hex, Bytes& out);

}  // namespace coach::crypto
