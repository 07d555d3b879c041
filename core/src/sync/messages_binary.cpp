// sync/messages_binary.cpp: the binary bodies of push, pull and a snapshot (sync/messages_binary.hpp; the layout is
// proto/PROTOCOL.md, "Binary bodies"). The media types that negotiate them: media_type.cpp.
//
// Decoding reads through a ByteReader that never reads past its input, but every read is preceded by an explicit
// check, so that each way a body can be wrong gets its own message (truncated, a length past the end, a count
// the bytes cannot hold, trailing bytes) and nothing is allocated for what is not there.
#include "sync/messages_binary.hpp"

#include <algorithm>

#include "util/byte_io.hpp"

namespace coach::sync {
namespace {

constexpr std::string_view kMagic = "CCB1";
constexpr std::size_t kWrappedSize = 60;
constexpr std::size_t kKeyRecordSize = kIdSize + 4 + 4 + kIdSize + kWrappedSize;  // 100
constexpr std::uint64_t kMaxCount = 0xffffffffu;

enum class BodyType : std::uint8_t { PushRequest = 1, PushResponse = 2, PullResponse = 3, Snapshot = 4 };
enum class ItemType : std::uint8_t { Envelope = 1, Key = 2, Erased = 3 };

// The smallest encoding of one entry of each list: a count is checked against the bytes left with it.
constexpr std::size_t kMinEnvelope = 4;          // length u32 of an empty envelope
constexpr std::size_t kMinItem = 8 + 1 + 4;      // server_seq, type, an empty envelope
constexpr std::size_t kSequenceSize = 8;
// A snapshot's fields before its length: shard, covers, key_id, author, erasures_seen.
constexpr std::size_t kSnapshotFieldsSize = kIdSize + 8 + 4 + kIdSize + 8;  // 52

std::string nameOf(std::uint8_t type) {
  switch (static_cast<BodyType>(type)) {
    case BodyType::PushRequest: return "push request";
    case BodyType::PushResponse: return "push answer";
    case BodyType::PullResponse: return "pull answer";
    case BodyType::Snapshot: return "snapshot";
  }
  return "message of unknown type " + std::to_string(type);
}

Error invalid(const std::string& what) {
  return makeError(ErrorCode::InvalidArgument, "the binary message is invalid: " + what);
}

// Appends big-endian fields to a string: the HTTP body itself, so nothing is copied again.
class BodyWriter {
 public:
  explicit BodyWriter(std::size_t capacity) { out_.reserve(capacity); }
  void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
  void u16(std::uint16_t v) { be(v, 2); }
  void u32(std::uint32_t v) { be(v, 4); }
  void u64(std::uint64_t v) { be(v, 8); }
  void bytes(crypto::ByteView b) { out_.append(reinterpret_cast<const char*>(b.data()), b.size()); }  // NOLINT
  std::string take() { return std::move(out_); }

 private:
  void be(std::uint64_t v, int n) {
    for (int shift = (n - 1) * 8; shift >= 0; shift -= 8) out_.push_back(static_cast<char>(v >> shift));
  }
  std::string out_;
};

Result<std::uint32_t> count(std::size_t n, const char* what) {
  if (n > kMaxCount) return invalid(std::string("more than 4,294,967,295 ") + what + " do not fit a binary body");
  return static_cast<std::uint32_t>(n);
}

void putPreamble(BodyWriter& out, BodyType type) {
  out.bytes(crypto::asBytes(kMagic));
  out.u16(kProtocolVersion);
  out.u8(static_cast<std::uint8_t>(type));
}

Status putEnvelope(BodyWriter& out, const crypto::Bytes& envelope) {
  COACH_ASSIGN_OR_RETURN(std::uint32_t length, count(envelope.size(), "bytes of an envelope"));
  out.u32(length);
  out.bytes(envelope);
  return {};
}

Status putKey(BodyWriter& out, const KeyRecord& k) {
  COACH_ASSIGN_OR_RETURN(Id shard, shardFromText(k.shard));
  COACH_ASSIGN_OR_RETURN(Id author, idFromText(k.author));
  if (k.wrapped.size() != kWrappedSize) return invalid("a key record's wrapped key must be 60 bytes");
  out.bytes(shard);
  out.u32(k.version);
  out.u32(k.epoch);
  out.bytes(author);
  out.bytes(k.wrapped);
  return {};
}

// Reads a body front to back; need() before every read names what was cut off.
class BodyReader {
 public:
  explicit BodyReader(std::string_view body) : in_(crypto::asBytes(body)) {}
  Status need(std::size_t n, const std::string& what) const {
    if (in_.remaining() >= n) return {};
    return invalid("the body ends inside " + what + " (at byte " + std::to_string(in_.position()) +
                   "): it is truncated");
  }
  // A list's count: at most `max` (else `tooMany`), and no more entries of at least `minEntry` bytes than
  // the bytes left can hold.
  Result<std::uint32_t> count(const std::string& what, std::size_t minEntry, std::size_t max, const Error& tooMany) {
    COACH_TRY(need(4, "the count of " + what));
    const std::uint32_t n = in_.u32();
    if (n > max) return tooMany;
    if (n > in_.remaining() / minEntry) {
      return invalid("it announces " + std::to_string(n) + " " + what + " but " + std::to_string(in_.remaining()) +
                     " bytes cannot hold them: it is truncated or the count is wrong");
    }
    return n;
  }
  Result<crypto::Bytes> envelope(std::size_t index, const BinaryLimits& limits) {
    const std::string what = "envelope " + std::to_string(index + 1);
    COACH_TRY(need(4, "the length of " + what));
    const std::uint32_t length = in_.u32();
    if (length > limits.maxEnvelopeBytes) {
      return makeError(ErrorCode::PayloadTooLarge, "an envelope of " + std::to_string(length) +
                                                       " bytes exceeds the limit of " +
                                                       std::to_string(limits.maxEnvelopeBytes));
    }
    if (length > in_.remaining()) {
      return invalid("the length of " + what + " (" + std::to_string(length) + " bytes) runs past the end of the body (" +
                     std::to_string(in_.remaining()) + " bytes left)");
    }
    const crypto::ByteView bytes = in_.bytes(length);
    return crypto::Bytes(bytes.begin(), bytes.end());
  }
  Result<KeyRecord> key() {
    COACH_TRY(need(kKeyRecordSize, "a key record"));
    KeyRecord k;
    k.shard = shardToText(id());
    k.version = in_.u32();
    k.epoch = in_.u32();
    k.author = idToText(id());
    const crypto::ByteView wrapped = in_.bytes(kWrappedSize);
    k.wrapped.assign(wrapped.begin(), wrapped.end());
    // The checks of the JSON form (keyRecordFromJson), in its order.
    if (k.shard == "team" && k.version >= k.epoch) {
      return invalid("the team shard's key of an epoch is derived by every member; only an earlier epoch's key is sent");
    }
    if (k.version == 0 || k.epoch == 0) return invalid("key versions and epochs start at 1");
    return k;
  }
  Id id() {
    Id out{};
    const crypto::ByteView b = in_.bytes(kIdSize);
    std::copy(b.begin(), b.end(), out.begin());
    return out;
  }
  util::ByteReader& in() { return in_; }
  Status end() const {
    if (in_.remaining() == 0) return {};
    return invalid(std::to_string(in_.remaining()) + " bytes follow the end of the message");
  }

 private:
  util::ByteReader in_;
};

// The body size, the magic, the protocol and the message type, in that order.
Status readPreamble(std::string_view body, BodyReader& in, BodyType expected, const BinaryLimits& limits) {
  if (body.size() > limits.maxBodyBytes) {
    return makeError(ErrorCode::PayloadTooLarge, "a binary body of " + std::to_string(body.size()) +
                                                     " bytes is over the limit of " +
                                                     std::to_string(limits.maxBodyBytes) + " bytes");
  }
  if (body.substr(0, kMagic.size()) != kMagic) {
    return invalid("it does not start with \"CCB1\", the mark of a binary body of this protocol");
  }
  (void)in.in().bytes(kMagic.size());
  COACH_TRY(in.need(2, "the protocol version"));
  const std::uint16_t protocol = in.in().u16();
  if (protocol != kProtocolVersion) {
    return makeError(ErrorCode::ProtocolUnsupported, "the message uses protocol " + std::to_string(protocol) +
                                                         "; this version speaks " + std::to_string(kProtocolVersion) +
                                                         ": update the app or the server");
  }
  COACH_TRY(in.need(1, "the message type"));
  const std::uint8_t type = in.in().u8();
  if (type != static_cast<std::uint8_t>(expected)) {
    return invalid("it is a " + nameOf(type) + ", not a " + nameOf(static_cast<std::uint8_t>(expected)));
  }
  return {};
}

}  // namespace

Result<std::string> toBinary(const PushRequest& m) {
  std::size_t size = 7 + 4 + 4 + m.keys.size() * kKeyRecordSize;
  for (const crypto::Bytes& e : m.envelopes) size += 4 + e.size();
  BodyWriter out(size);
  putPreamble(out, BodyType::PushRequest);
  COACH_ASSIGN_OR_RETURN(std::uint32_t envelopes, count(m.envelopes.size(), "envelopes"));
  out.u32(envelopes);
  for (const crypto::Bytes& e : m.envelopes) COACH_TRY(putEnvelope(out, e));
  COACH_ASSIGN_OR_RETURN(std::uint32_t keys, count(m.keys.size(), "key records"));
  out.u32(keys);
  for (const KeyRecord& k : m.keys) COACH_TRY(putKey(out, k));
  return out.take();
}

Result<std::string> toBinary(const PushResponse& m) {
  BodyWriter out(7 + 8 + 4 + m.serverSeqs.size() * kSequenceSize);
  putPreamble(out, BodyType::PushResponse);
  out.u64(m.lastSequence);
  COACH_ASSIGN_OR_RETURN(std::uint32_t seqs, count(m.serverSeqs.size(), "server sequences"));
  out.u32(seqs);
  for (std::uint64_t s : m.serverSeqs) out.u64(s);
  return out.take();
}

Result<std::string> toBinary(const PullResponse& m) {
  std::size_t size = 7 + 8 + 1 + 4;
  for (const PullItem& i : m.items) size += 9 + (i.isKey ? kKeyRecordSize : 4 + i.envelope.size() + i.erasedHash.size());
  BodyWriter out(size);
  putPreamble(out, BodyType::PullResponse);
  out.u64(m.next);
  out.u8(m.more ? 1 : 0);
  COACH_ASSIGN_OR_RETURN(std::uint32_t items, count(m.items.size(), "items"));
  out.u32(items);
  for (const PullItem& i : m.items) {
    out.u64(i.serverSeq);
    if (i.isKey) {
      out.u8(static_cast<std::uint8_t>(ItemType::Key));
      COACH_TRY(putKey(out, i.key));
    } else if (i.erased) {
      if (i.envelope.size() != kHeaderSize || i.erasedHash.size() != kHashSize) {
        return invalid("an erased item carries the 106 header bytes and the 32-byte hash of its envelope");
      }
      out.u8(static_cast<std::uint8_t>(ItemType::Erased));
      out.bytes(i.envelope);
      out.bytes(i.erasedHash);
    } else {
      out.u8(static_cast<std::uint8_t>(ItemType::Envelope));
      COACH_TRY(putEnvelope(out, i.envelope));
    }
  }
  return out.take();
}

Result<std::string> toBinary(const Snapshot& m) {
  COACH_ASSIGN_OR_RETURN(Id shard, shardFromText(m.meta.shard));
  COACH_ASSIGN_OR_RETURN(Id author, idFromText(m.meta.author));
  COACH_ASSIGN_OR_RETURN(std::uint32_t length, count(m.bytes.size(), "bytes of a snapshot"));
  BodyWriter out(7 + kSnapshotFieldsSize + 4 + m.bytes.size());
  putPreamble(out, BodyType::Snapshot);
  out.bytes(shard);
  out.u64(m.meta.covers);
  out.u32(m.meta.keyId);
  out.bytes(author);
  out.u64(m.erasuresSeen);
  out.u32(length);
  out.bytes(m.bytes);
  return out.take();
}

Result<PushRequest> pushRequestFromBinary(std::string_view body, const BinaryLimits& limits) {
  BodyReader in(body);
  COACH_TRY(readPreamble(body, in, BodyType::PushRequest, limits));
  const Error tooMany = makeError(ErrorCode::PayloadTooLarge,
                                  "a push holds at most " + std::to_string(limits.maxItems) + " envelopes");
  COACH_ASSIGN_OR_RETURN(std::uint32_t envelopes, in.count("envelopes", kMinEnvelope, limits.maxItems, tooMany));
  PushRequest m;
  m.envelopes.reserve(envelopes);
  for (std::uint32_t i = 0; i < envelopes; ++i) {
    COACH_ASSIGN_OR_RETURN(crypto::Bytes e, in.envelope(i, limits));
    m.envelopes.push_back(std::move(e));
  }
  // Key records are bounded by the body alone, as in the JSON form: after an epoch compaction a device
  // publishes every shard key it holds.
  COACH_ASSIGN_OR_RETURN(std::uint32_t keys, in.count("key records", kKeyRecordSize, kMaxCount, tooMany));
  m.keys.reserve(keys);
  for (std::uint32_t i = 0; i < keys; ++i) {
    COACH_ASSIGN_OR_RETURN(KeyRecord k, in.key());
    m.keys.push_back(std::move(k));
  }
  COACH_TRY(in.end());
  return m;
}

Result<PushResponse> pushResponseFromBinary(std::string_view body, const BinaryLimits& limits) {
  BodyReader in(body);
  COACH_TRY(readPreamble(body, in, BodyType::PushResponse, limits));
  PushResponse m;
  COACH_TRY(in.need(8, "last_sequence"));
  m.lastSequence = in.in().u64();
  const Error tooMany = makeError(ErrorCode::PayloadTooLarge, "a push answer lists at most " +
                                                                  std::to_string(limits.maxItems) + " server sequences");
  COACH_ASSIGN_OR_RETURN(std::uint32_t seqs, in.count("server sequences", kSequenceSize, limits.maxItems, tooMany));
  m.serverSeqs.reserve(seqs);
  for (std::uint32_t i = 0; i < seqs; ++i) {
    const std::uint64_t s = in.in().u64();
    if (s == 0) return invalid("a server sequence must be a positive integer");
    m.serverSeqs.push_back(s);
  }
  COACH_TRY(in.end());
  return m;
}

Result<PullResponse> pullResponseFromBinary(std::string_view body, const BinaryLimits& limits) {
  BodyReader in(body);
  COACH_TRY(readPreamble(body, in, BodyType::PullResponse, limits));
  PullResponse m;
  COACH_TRY(in.need(8 + 1, "next and more"));
  m.next = in.in().u64();
  const std::uint8_t more = in.in().u8();
  if (more > 1) return invalid("\"more\" must be 0 or 1, not " + std::to_string(more));
  m.more = more == 1;
  const Error tooMany =
      makeError(ErrorCode::PayloadTooLarge, "a pull page holds at most " + std::to_string(limits.maxItems) + " items");
  COACH_ASSIGN_OR_RETURN(std::uint32_t items, in.count("items", kMinItem, limits.maxItems, tooMany));
  m.items.reserve(items);
  for (std::uint32_t i = 0; i < items; ++i) {
    COACH_TRY(in.need(8 + 1, "the item " + std::to_string(i + 1)));
    PullItem item;
    item.serverSeq = in.in().u64();
    const std::uint8_t type = in.in().u8();
    switch (static_cast<ItemType>(type)) {
      case ItemType::Envelope: {
        COACH_ASSIGN_OR_RETURN(item.envelope, in.envelope(i, limits));
        break;
      }
      case ItemType::Key: {
        item.isKey = true;
        COACH_ASSIGN_OR_RETURN(item.key, in.key());
        break;
      }
      case ItemType::Erased: {
        item.erased = true;
        COACH_TRY(in.need(kHeaderSize + kHashSize, "an erased item"));
        const crypto::ByteView header = in.in().bytes(kHeaderSize);
        const crypto::ByteView hash = in.in().bytes(kHashSize);
        item.envelope.assign(header.begin(), header.end());
        item.erasedHash.assign(hash.begin(), hash.end());
        break;
      }
      default:
        return invalid("item " + std::to_string(i + 1) + " has the unknown type " + std::to_string(type) +
                       " (1 envelope, 2 key record, 3 erased)");
    }
    m.items.push_back(std::move(item));
  }
  COACH_TRY(in.end());
  return m;
}

Result<Snapshot> snapshotFromBinary(std::string_view body, const BinaryLimits& limits) {
  BodyReader in(body);
  COACH_TRY(readPreamble(body, in, BodyType::Snapshot, limits));
  COACH_TRY(in.need(kSnapshotFieldsSize + 4, "the snapshot's description"));
  Snapshot m;
  m.meta.shard = shardToText(in.id());
  m.meta.covers = in.in().u64();
  m.meta.keyId = in.in().u32();
  m.meta.author = idToText(in.id());
  m.erasuresSeen = in.in().u64();
  const std::uint32_t length = in.in().u32();
  if (length > limits.maxSnapshotBytes) {
    return makeError(ErrorCode::PayloadTooLarge, "a snapshot of " + std::to_string(length) + " bytes exceeds the limit of " +
                                                     std::to_string(limits.maxSnapshotBytes));
  }
  if (length > in.in().remaining()) {
    return invalid("the length of the snapshot (" + std::to_string(length) + " bytes) runs past the end of the body (" +
                   std::to_string(in.in().remaining()) + " bytes left)");
  }
  const crypto::ByteView bytes = in.in().bytes(length);
  m.bytes.assign(bytes.begin(), bytes.end());
  m.meta.size = length;
  COACH_TRY(in.end());
  return m;
}

}  // namespace coach::sync
