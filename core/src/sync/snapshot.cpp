// The snapshot format (proto/PROTOCOL.md, "Snapshots"): the content codec, then sealing, parsing and opening.
#include "sync/snapshot.hpp"

#include <algorithm>
#include <map>

#include <openssl/crypto.h>

#include "util/byte_io.hpp"

namespace coach::sync {
namespace {

constexpr std::array<std::uint8_t, 4> kSnapshotMagic{'C', 'C', 'S', '1'};
constexpr std::string_view kAadLabel = "coach.snapshot.v1";
constexpr std::size_t kMaxName = 64;
constexpr std::size_t kWrappedSize = 60;
enum ValueType : std::uint8_t { kNull = 0, kInteger = 1, kText = 2 };

Error malformedSnapshot(const std::string& what) {
  return makeError(ErrorCode::EnvelopeMalformed, "the snapshot is malformed: " + what);
}

// ---- content ----------------------------------------------------------------------------------------------

// Devices named by the content, by their index in its device table.
class DeviceTable {
 public:
  std::uint16_t index(const Id& device) {
    auto [it, inserted] = indexes_.try_emplace(device, static_cast<std::uint16_t>(devices_.size()));
    if (inserted) devices_.push_back(device);
    return it->second;
  }
  const std::vector<Id>& devices() const { return devices_; }

 private:
  std::map<Id, std::uint16_t> indexes_;
  std::vector<Id> devices_;
};

void writeName(util::ByteWriter& w, const std::string& name) {
  w.u8(static_cast<std::uint8_t>(name.size()));
  w.text(name);
}

void writeValue(util::ByteWriter& w, const model::FieldValue& value) {
  if (const auto* i = std::get_if<std::int64_t>(&value)) {
    w.u8(kInteger);
    w.u64(static_cast<std::uint64_t>(*i));
  } else if (const auto* t = std::get_if<std::string>(&value)) {
    w.u8(kText);
    w.u32(static_cast<std::uint32_t>(t->size()));
    w.text(*t);
  } else {
    w.u8(kNull);
  }
}

void writeStamp(util::ByteWriter& w, DeviceTable& table, const Stamp& s) {
  w.u64(s.hlc);
  w.u16(table.index(s.device));
}

void writeValues(util::ByteWriter& w, DeviceTable& table, const std::vector<SnapshotValue>& values) {
  w.u32(static_cast<std::uint32_t>(values.size()));
  for (const SnapshotValue& v : values) {
    w.bytes(v.record);
    writeName(w, v.field);
    writeStamp(w, table, v.stamp);
    writeValue(w, v.value);
  }
}

// Everything after the device table, which can only be written once every device is known.
crypto::Bytes encodeBody(const SnapshotContent& c, DeviceTable& table) {
  crypto::Bytes out;
  util::ByteWriter w(out);
  w.u16(static_cast<std::uint16_t>(c.state.size()));
  for (const SnapshotGroup& g : c.state) {
    w.u16(table.index(g.device));
    const crypto::Bytes batch = encodeBatch(ChangeBatch{c.schema, g.changes});
    w.u32(static_cast<std::uint32_t>(batch.size()));
    w.bytes(batch);
  }
  w.u32(static_cast<std::uint32_t>(c.lineage.size()));
  for (const SnapshotLineage& l : c.lineage) {
    w.bytes(l.record);
    writeName(w, l.field);
    writeStamp(w, table, l.edit);
    writeStamp(w, table, l.base);
  }
  writeValues(w, table, c.conflicts);
  writeValues(w, table, c.history);
  w.u32(static_cast<std::uint32_t>(c.chains.size()));
  for (const SnapshotChain& s : c.chains) {
    w.bytes(s.device);
    w.u64(s.lastSequence);
    w.bytes(s.lastHash);
  }
  w.u32(static_cast<std::uint32_t>(c.keys.size()));
  for (const SnapshotKey& k : c.keys) {
    w.bytes(k.shard);
    w.u32(k.version);
    w.u32(k.epoch);
    w.bytes(k.wrapped);
  }
  return out;
}

// Reads the content after its device table; every read is bounds-checked and counts are checked against the
// bytes left before anything is allocated.
class ContentReader {
 public:
  ContentReader(util::ByteReader& r, std::vector<Id> devices) : r_(r), devices_(std::move(devices)) {}

  Result<std::string> name() {
    const std::size_t length = r_.u8();
    if (length == 0 || length > kMaxName) return malformedSnapshot("a field name is empty or too long");
    return r_.text(length);
  }
  Result<Stamp> stamp() {
    Stamp s;
    s.hlc = r_.u64();
    const std::uint16_t index = r_.u16();
    if (!r_.ok() || index >= devices_.size()) return malformedSnapshot("a stamp names a device the snapshot does not list");
    s.device = devices_[index];
    return s;
  }
  Result<model::FieldValue> value() {
    switch (r_.u8()) {
      case kNull:
        return model::FieldValue{};
      case kInteger:
        return model::FieldValue{static_cast<std::int64_t>(r_.u64())};
      case kText: {
        const std::uint32_t length = r_.u32();
        if (length > r_.remaining()) return malformedSnapshot("a text value is longer than the snapshot");
        return model::FieldValue{r_.text(length)};
      }
      default:
        return malformedSnapshot("a value has an unknown type");
    }
  }
  // A count of entries of at least `minSize` bytes each.
  Result<std::uint32_t> count(bool wide, std::size_t minSize) {
    const std::uint32_t n = wide ? r_.u32() : r_.u16();
    if (!r_.ok() || n > r_.remaining() / minSize) return malformedSnapshot("a count does not fit the snapshot");
    return n;
  }

  Status groups(SnapshotContent& c) {
    COACH_ASSIGN_OR_RETURN(std::uint32_t n, count(false, 12));
    for (std::uint32_t i = 0; i < n; ++i) {
      SnapshotGroup g;
      const std::uint16_t index = r_.u16();
      const std::uint32_t length = r_.u32();
      if (!r_.ok() || index >= devices_.size() || length > r_.remaining())
        return malformedSnapshot("a state group is truncated");
      g.device = devices_[index];
      COACH_ASSIGN_OR_RETURN(ChangeBatch batch, decodeBatch(r_.bytes(length)));
      g.changes = std::move(batch.changes);
      c.state.push_back(std::move(g));
    }
    return {};
  }
  Status lineage(SnapshotContent& c) {
    COACH_ASSIGN_OR_RETURN(std::uint32_t n, count(true, 38));
    for (std::uint32_t i = 0; i < n; ++i) {
      SnapshotLineage l;
      r_.into(l.record);
      COACH_ASSIGN_OR_RETURN(l.field, name());
      COACH_ASSIGN_OR_RETURN(l.edit, stamp());
      COACH_ASSIGN_OR_RETURN(l.base, stamp());
      c.lineage.push_back(std::move(l));
    }
    return {};
  }
  Status values(std::vector<SnapshotValue>& out) {
    COACH_ASSIGN_OR_RETURN(std::uint32_t n, count(true, 29));
    for (std::uint32_t i = 0; i < n; ++i) {
      SnapshotValue v;
      r_.into(v.record);
      COACH_ASSIGN_OR_RETURN(v.field, name());
      COACH_ASSIGN_OR_RETURN(v.stamp, stamp());
      COACH_ASSIGN_OR_RETURN(v.value, value());
      out.push_back(std::move(v));
    }
    return {};
  }
  Status chainsAndKeys(SnapshotContent& c) {
    COACH_ASSIGN_OR_RETURN(std::uint32_t chains, count(true, kIdSize + 8 + kHashSize));
    for (std::uint32_t i = 0; i < chains; ++i) {
      SnapshotChain s;
      r_.into(s.device);
      s.lastSequence = r_.u64();
      r_.into(s.lastHash);
      c.chains.push_back(s);
    }
    COACH_ASSIGN_OR_RETURN(std::uint32_t keys, count(true, kIdSize + 8 + kWrappedSize));
    for (std::uint32_t i = 0; i < keys; ++i) {
      SnapshotKey k;
      r_.into(k.shard);
      k.version = r_.u32();
      k.epoch = r_.u32();
      auto wrapped = r_.bytes(kWrappedSize);
      k.wrapped.assign(wrapped.begin(), wrapped.end());
      if (k.shard == Id{} || k.version == 0 || k.epoch == 0) return malformedSnapshot("a shard key is not a participant's");
      c.keys.push_back(std::move(k));
    }
    return {};
  }

 private:
  util::ByteReader& r_;
  std::vector<Id> devices_;
};

}  // namespace

crypto::Bytes encodeSnapshotContent(const SnapshotContent& content) {
  DeviceTable table;
  const crypto::Bytes body = encodeBody(content, table);
  crypto::Bytes out;
  util::ByteWriter w(out);
  w.u16(content.schema);
  w.u16(static_cast<std::uint16_t>(table.devices().size()));
  for (const Id& d : table.devices()) w.bytes(d);
  w.bytes(body);
  return out;
}

Result<SnapshotContent> decodeSnapshotContent(crypto::ByteView bytes) {
  util::ByteReader r(bytes);
  SnapshotContent c;
  c.schema = r.u16();
  const std::uint16_t deviceCount = r.u16();
  if (!r.ok() || deviceCount > r.remaining() / kIdSize) return malformedSnapshot("the device table does not fit");
  std::vector<Id> devices(deviceCount);
  for (Id& d : devices) r.into(d);
  ContentReader reader(r, std::move(devices));
  COACH_TRY(reader.groups(c));
  COACH_TRY(reader.lineage(c));
  COACH_TRY(reader.values(c.conflicts));
  COACH_TRY(reader.values(c.history));
  COACH_TRY(reader.chainsAndKeys(c));
  if (!r.ok()) return malformedSnapshot("the content is truncated");
  if (r.remaining() != 0) return malformedSnapshot("there are bytes after the content");
  return c;
}

std::uint64_t newestStamp(const SnapshotContent& c) {
  std::uint64_t newest = 0;
  for (const SnapshotGroup& g : c.state) {
    for (const RecordChange& change : g.changes) {
      for (const FieldChange& f : change.fields) newest = std::max(newest, f.hlc);
    }
  }
  for (const SnapshotLineage& l : c.lineage) newest = std::max({newest, l.edit.hlc, l.base.hlc});
  for (const SnapshotValue& v : c.conflicts) newest = std::max(newest, v.stamp.hlc);
  for (const SnapshotValue& v : c.history) newest = std::max(newest, v.stamp.hlc);
  return newest;
}

// ---- sealing ----------------------------------------------------------------------------------------------

crypto::Bytes snapshotAad(const SnapshotHeader& h) {
  crypto::Bytes aad;
  util::ByteWriter w(aad);
  w.text(kAadLabel);
  w.u8(0);
  w.text(idToText(h.team));
  w.u8(0);
  w.text(shardToText(h.shard));
  w.u8(0);
  w.u64(h.covers);
  w.u32(h.keyId);
  return aad;
}

Result<crypto::Bytes> sealSnapshot(const SnapshotHeader& h, crypto::ByteView content, const crypto::Aead& key,
                                   const crypto::Ed25519KeyPair& signer) {
  const std::size_t padded = paddedSize(content.size());
  if (padded == 0) {
    return makeError(ErrorCode::InvalidArgument, "the snapshot of shard " + shardToText(h.shard) + " holds " +
                                                     std::to_string(content.size()) +
                                                     " bytes, more than one snapshot can carry");
  }
  crypto::Bytes plain(padded, 0);
  std::copy(content.begin(), content.end(), plain.begin());
  plain[content.size()] = 0x80;
  crypto::Bytes out;
  out.reserve(kSnapshotOverhead + padded);
  util::ByteWriter w(out);
  w.bytes(kSnapshotMagic);
  w.u16(h.protocol);
  w.bytes(h.team);
  w.bytes(h.shard);
  w.bytes(h.author);
  w.u64(h.covers);
  w.u32(h.keyId);
  w.u64(h.newestHlc);
  w.u32(static_cast<std::uint32_t>(crypto::Aead::kOverhead + padded));
  const Status sealed = key.sealAppend(plain, snapshotAad(h), out);
  OPENSSL_cleanse(plain.data(), plain.size());
  COACH_TRY(sealed);
  COACH_ASSIGN_OR_RETURN(crypto::Bytes signature, signer.sign(out));
  w.bytes(signature);
  return out;
}

Result<ParsedSnapshot> parseSnapshot(crypto::ByteView bytes) {
  util::ByteReader r(bytes);
  auto magic = r.bytes(kSnapshotMagic.size());
  if (!r.ok() || !std::equal(magic.begin(), magic.end(), kSnapshotMagic.begin()))
    return malformedSnapshot("it does not start with CCS1");
  ParsedSnapshot s;
  SnapshotHeader& h = s.header;
  h.protocol = r.u16();
  r.into(h.team);
  r.into(h.shard);
  r.into(h.author);
  h.covers = r.u64();
  h.keyId = r.u32();
  h.newestHlc = r.u64();
  if (!r.ok()) return malformedSnapshot("the header is truncated");
  if (h.protocol != kProtocolVersion) {
    return makeError(ErrorCode::ProtocolUnsupported, "the snapshot uses protocol version " +
                                                         std::to_string(h.protocol) + "; this version speaks " +
                                                         std::to_string(kProtocolVersion));
  }
  if (h.covers == 0 || h.keyId == 0) return malformedSnapshot("covers and key id start at 1");
  const std::uint32_t length = r.u32();
  if (!r.ok()) return malformedSnapshot("the body is truncated");
  if (length < crypto::Aead::kOverhead + 512 || length > crypto::Aead::kOverhead + kMaxPlaintext) {
    return malformedSnapshot("the sealed length " + std::to_string(length) + " is outside the padding buckets");
  }
  s.sealed = r.bytes(length);
  const std::size_t signedEnd = r.position();
  s.signature = r.bytes(crypto::kEd25519SignatureSize);
  if (!r.ok()) return malformedSnapshot("the body or signature is truncated");
  if (r.remaining() != 0) return malformedSnapshot("there are bytes after the signature");
  s.bytes = bytes;
  s.signedPart = bytes.subspan(0, signedEnd);
  return s;
}

Status verifySnapshotSignature(const ParsedSnapshot& snapshot, crypto::ByteView authorPublicKey) {
  if (!crypto::ed25519Verify(authorPublicKey, snapshot.signedPart, snapshot.signature)) {
    return makeError(ErrorCode::SignatureInvalid,
                     "the snapshot's signature is not its author's (device " + idToText(snapshot.header.author) + ")");
  }
  return {};
}

Status checkSnapshotMeta(const ParsedSnapshot& snapshot, const SnapshotMeta& meta) {
  const SnapshotHeader& h = snapshot.header;
  if (meta.shard != shardToText(h.shard) || meta.covers != h.covers || meta.keyId != h.keyId ||
      meta.author != idToText(h.author) || meta.size != snapshot.bytes.size()) {
    return makeError(ErrorCode::InvalidArgument, "the server describes the snapshot of shard " + meta.shard +
                                                     " differently from the snapshot's signed header");
  }
  return {};
}

Result<crypto::Bytes> openSnapshot(const ParsedSnapshot& snapshot, const crypto::Aead& key) {
  auto plain = key.open(snapshot.sealed, snapshotAad(snapshot.header));
  if (!plain.ok()) {
    return makeError(ErrorCode::DecryptFailed,
                     "the snapshot does not open with the shard key it names: its team, "
                     "shard, covers, key id or body was altered, or the key is wrong");
  }
  crypto::Bytes& p = plain.value();
  auto marker = std::find_if(p.rbegin(), p.rend(), [](std::uint8_t b) { return b != 0; });
  if (marker == p.rend() || *marker != 0x80) return malformedSnapshot("the padding is wrong");
  p.resize(static_cast<std::size_t>(p.rend() - marker) - 1);
  return std::move(plain).value();
}

}  // namespace coach::sync
