#include "sync/change_batch.hpp"

#include <algorithm>
#include <utility>

#include "util/byte_io.hpp"

namespace coach::sync {
namespace {

enum ValueType : std::uint8_t { kNull = 0, kInteger = 1, kText = 2 };
constexpr std::size_t kMaxName = 64;

Error malformedBatch(const std::string& what) {
  return makeError(ErrorCode::EnvelopeMalformed, "the change batch is malformed: " + what);
}

void writeField(util::ByteWriter& w, const FieldChange& f) {
  w.u8(static_cast<std::uint8_t>(f.name.size()));
  w.text(f.name);
  w.u64(f.hlc);
  w.u8(static_cast<std::uint8_t>(f.bases.size()));
  for (const Stamp& b : f.bases) {
    w.u64(b.hlc);
    w.bytes(b.device);
  }
  if (const auto* i = std::get_if<std::int64_t>(&f.value)) {
    w.u8(kInteger);
    w.u64(static_cast<std::uint64_t>(*i));
  } else if (const auto* t = std::get_if<std::string>(&f.value)) {
    w.u8(kText);
    w.u32(static_cast<std::uint32_t>(t->size()));
    w.text(*t);
  } else {
    w.u8(kNull);
  }
}

Result<FieldChange> readField(util::ByteReader& r) {
  FieldChange f;
  const std::size_t nameLength = r.u8();
  if (nameLength == 0 || nameLength > kMaxName) return malformedBatch("a field name is empty or too long");
  f.name = r.text(nameLength);
  f.hlc = r.u64();
  const std::size_t bases = r.u8();
  if (bases * (8 + kIdSize) > r.remaining()) return malformedBatch("a field lists more bases than it holds");
  for (std::size_t i = 0; i < bases; ++i) {
    Stamp b;
    b.hlc = r.u64();
    auto dev = r.bytes(kIdSize);
    if (dev.size() == kIdSize) std::copy(dev.begin(), dev.end(), b.device.begin());
    f.bases.push_back(b);
  }
  switch (r.u8()) {
    case kNull: break;
    case kInteger: f.value = static_cast<std::int64_t>(r.u64()); break;
    case kText: {
      const std::uint32_t length = r.u32();
      if (length > r.remaining()) return malformedBatch("a text value is longer than the batch");
      f.value = r.text(length);
      break;
    }
    default: return malformedBatch("a value has an unknown type");
  }
  if (!r.ok()) return malformedBatch("a field is truncated");
  return f;
}

}  // namespace

std::size_t encodedSize(const RecordChange& change) {
  std::size_t size = kIdSize + 1 + change.kind.size() + 2;
  for (const FieldChange& f : change.fields) {
    size += 1 + f.name.size() + 8 + 1 + f.bases.size() * (8 + kIdSize) + 1;
    if (std::holds_alternative<std::int64_t>(f.value)) size += 8;
    if (const auto* t = std::get_if<std::string>(&f.value)) size += 4 + t->size();
  }
  return size;
}

std::vector<std::size_t> planEnvelopes(const std::vector<std::size_t>& changeSizes, std::size_t maxChanges) {
  std::vector<std::size_t> counts;
  maxChanges = std::max<std::size_t>(maxChanges, 1);
  // The most changes from `start` on whose batch (plus the padding's 0x80) fits `limit`; at least one.
  auto fit = [&](std::size_t start, std::size_t limit) {
    std::size_t end = start;
    std::size_t size = kBatchHeaderSize;
    while (end < changeSizes.size() && end - start < maxChanges && (end == start || size + changeSizes[end] + 1 <= limit)) {
      size += changeSizes[end++];
    }
    return std::pair{end, size};
  };
  for (std::size_t start = 0; start < changeSizes.size();) {
    auto [end, size] = fit(start, kFillBucket);
    const std::size_t bucket = paddedSize(size);
    const std::size_t below = smallerBucket(bucket);
    if (bucket != 0 && below >= kCutFrom && (size + 1) * 4 <= bucket * 3) {
      const auto [cut, cutSize] = fit(start, below);
      if (cutSize + 1 <= below) end = cut;  // else one change alone is over the bucket below: it stays as it is
    }
    counts.push_back(end - start);
    start = end;
  }
  return counts;
}

std::optional<std::size_t> finalFirstEnvelope(const std::vector<std::size_t>& changeSizes, std::size_t maxChanges) {
  std::size_t size = kBatchHeaderSize;
  for (std::size_t s : changeSizes) size += s;
  // All of them fit one envelope: the next change may still join it.
  if (size + 1 <= kFillBucket && changeSizes.size() <= std::max<std::size_t>(maxChanges, 1)) return std::nullopt;
  return planEnvelopes(changeSizes, maxChanges).front();
}

crypto::Bytes encodeBatch(const ChangeBatch& batch) {
  crypto::Bytes out;
  util::ByteWriter w(out);
  w.u16(batch.schema);
  w.u32(static_cast<std::uint32_t>(batch.changes.size()));
  for (const RecordChange& c : batch.changes) {
    w.bytes(c.record);
    w.u8(static_cast<std::uint8_t>(c.kind.size()));
    w.text(c.kind);
    w.u16(static_cast<std::uint16_t>(c.fields.size()));
    for (const FieldChange& f : c.fields) writeField(w, f);
  }
  return out;
}

Result<ChangeBatch> decodeBatch(crypto::ByteView bytes) {
  util::ByteReader r(bytes);
  ChangeBatch batch;
  batch.schema = r.u16();
  const std::uint32_t count = r.u32();
  // Every change takes at least 16 + 1 + 2 bytes: a count beyond that is a lie, refused before allocating.
  if (!r.ok() || count > r.remaining() / 19) return malformedBatch("the change count does not fit the batch");
  batch.changes.reserve(count);
  for (std::uint32_t i = 0; i < count; ++i) {
    RecordChange c;
    auto id = r.bytes(kIdSize);
    if (id.size() == kIdSize) std::copy(id.begin(), id.end(), c.record.begin());
    const std::size_t kindLength = r.u8();
    if (kindLength == 0 || kindLength > kMaxName) return malformedBatch("a record kind is empty or too long");
    c.kind = r.text(kindLength);
    const std::uint16_t fields = r.u16();
    if (!r.ok()) return malformedBatch("a record change is truncated");
    for (std::uint16_t j = 0; j < fields; ++j) {
      COACH_ASSIGN_OR_RETURN(FieldChange f, readField(r));
      c.fields.push_back(std::move(f));
    }
    batch.changes.push_back(std::move(c));
  }
  if (r.remaining() != 0) return malformedBatch("there are bytes after the last change");
  return batch;
}

}  // namespace coach::sync
