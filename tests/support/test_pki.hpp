// test_pki.hpp: a throwaway PKI for TLS tests, made in memory with the OpenSSL 3 C API and written as PEM
// files into a directory the caller owns (e.g. a TempDir):
//
//   TestPki pki(dir.path());
//   httplib::SSLServer server(pki.serverCertFile().c_str(), pki.serverKeyFile().c_str());
//   options.caFile = pki.caFile();                // trusted: the handshake succeeds
//   options.caFile = pki.otherCaFile();           // an unrelated CA: verification fails
//   server with pki.wrongNameCertFile()/wrongNameKeyFile(): signed by the right CA, made out to another name
//   server with pki.cnOnlyCertFile()/serverKeyFile(): right CA, CN=127.0.0.1 but no subjectAltName
//
// Every key is ECDSA P-256; certificates are X.509 v3, SHA-256, valid from an hour ago for a week. The server
// certificate carries subjectAltName IP:127.0.0.1 and DNS:localhost. Every OpenSSL handle has an owner
// (unique_ptr with its free function) and every return code is checked: a failure throws std::runtime_error
// naming the call and OpenSSL's reason, which fails the test that made the PKI.
//
// Thread-safety: construct once per test; the accessors are const and return paths.
#pragma once

#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace coach::test {

namespace pki_detail {

struct Free {
  void operator()(EVP_PKEY* p) const { EVP_PKEY_free(p); }
  void operator()(X509* p) const { X509_free(p); }
  void operator()(X509_EXTENSION* p) const { X509_EXTENSION_free(p); }
  void operator()(BIO* p) const { BIO_free(p); }
};
using Key = std::unique_ptr<EVP_PKEY, Free>;
using Cert = std::unique_ptr<X509, Free>;

[[noreturn]] inline void fail(const std::string& what) {
  char reason[256] = "no OpenSSL error";
  if (const unsigned long code = ERR_get_error(); code != 0) ERR_error_string_n(code, reason, sizeof reason);
  ERR_clear_error();
  throw std::runtime_error("test PKI: " + what + " failed: " + reason);
}

inline void check(bool ok, const std::string& what) {
  if (!ok) fail(what);
}

inline Key newKey() {
  Key key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  check(key != nullptr, "EVP_PKEY_Q_keygen(EC P-256)");
  return key;
}

inline void addExtension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  std::unique_ptr<X509_EXTENSION, Free> ext(X509V3_EXT_conf_nid(nullptr, &ctx, nid, value));
  check(ext != nullptr, std::string("X509V3_EXT_conf_nid(") + OBJ_nid2sn(nid) + ")");
  check(X509_add_ext(cert, ext.get(), -1) == 1, std::string("X509_add_ext(") + OBJ_nid2sn(nid) + ")");
}

inline void addName(X509_NAME* name, const char* field, const std::string& value) {
  check(X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC, reinterpret_cast<const unsigned char*>(value.c_str()), -1,
                                   -1, 0) == 1,
        std::string("X509_NAME_add_entry_by_txt(") + field + ")");
}

struct CertSpec {
  std::string commonName;
  std::string altNames;  // subjectAltName value ("IP:127.0.0.1,DNS:localhost"); empty: none
  bool isCa = false;
  long serial = 1;
};

// A certificate for `subjectKey`, signed by `issuer`/`issuerKey`, or self-signed when `issuer` is null.
inline Cert makeCert(const CertSpec& spec, EVP_PKEY* subjectKey, X509* issuer, EVP_PKEY* issuerKey) {
  Cert cert(X509_new());
  check(cert != nullptr, "X509_new");
  X509* x = cert.get();
  check(X509_set_version(x, X509_VERSION_3) == 1, "X509_set_version");
  check(ASN1_INTEGER_set(X509_get_serialNumber(x), spec.serial) == 1, "ASN1_INTEGER_set(serial)");
  check(X509_gmtime_adj(X509_getm_notBefore(x), -3600) != nullptr, "X509_gmtime_adj(notBefore)");
  check(X509_gmtime_adj(X509_getm_notAfter(x), 7L * 24 * 3600) != nullptr, "X509_gmtime_adj(notAfter)");
  check(X509_set_pubkey(x, subjectKey) == 1, "X509_set_pubkey");
  X509_NAME* subject = X509_get_subject_name(x);  // owned by the certificate
  check(subject != nullptr, "X509_get_subject_name");
  addName(subject, "O", "IPS Coach Companion tests");
  addName(subject, "CN", spec.commonName);
  X509* signer = issuer != nullptr ? issuer : x;
  check(X509_set_issuer_name(x, X509_get_subject_name(signer)) == 1, "X509_set_issuer_name");
  addExtension(x, signer, NID_subject_key_identifier, "hash");
  if (spec.isCa) {
    addExtension(x, signer, NID_basic_constraints, "critical,CA:TRUE");
    addExtension(x, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    addExtension(x, signer, NID_basic_constraints, "critical,CA:FALSE");
    addExtension(x, signer, NID_key_usage, "critical,digitalSignature");
    addExtension(x, signer, NID_ext_key_usage, "serverAuth");
    addExtension(x, signer, NID_authority_key_identifier, "keyid:always");
    if (!spec.altNames.empty()) addExtension(x, signer, NID_subject_alt_name, spec.altNames.c_str());
  }
  check(X509_sign(x, issuerKey, EVP_sha256()) > 0, "X509_sign");
  return cert;
}

inline std::unique_ptr<BIO, Free> openForWriting(const std::filesystem::path& path) {
  std::unique_ptr<BIO, Free> bio(BIO_new_file(path.c_str(), "w"));
  check(bio != nullptr, "BIO_new_file(" + path.string() + ")");
  return bio;
}

inline std::string writeCert(const std::filesystem::path& path, X509* cert) {
  auto bio = openForWriting(path);
  check(PEM_write_bio_X509(bio.get(), cert) == 1, "PEM_write_bio_X509(" + path.string() + ")");
  return path.string();
}

inline std::string writeKey(const std::filesystem::path& path, EVP_PKEY* key) {
  auto bio = openForWriting(path);
  check(PEM_write_bio_PrivateKey(bio.get(), key, nullptr, nullptr, 0, nullptr, nullptr) == 1,
        "PEM_write_bio_PrivateKey(" + path.string() + ")");
  return path.string();
}

}  // namespace pki_detail

class TestPki {
 public:
  // Writes every file into `dir`, which must exist and outlive the files' use.
  explicit TestPki(const std::filesystem::path& dir) {
    using namespace pki_detail;
    const Key caKey = newKey();
    const Cert ca = makeCert({"IPS Coach test CA", "", true, 1}, caKey.get(), nullptr, caKey.get());
    const Key serverKey = newKey();
    const Cert server =
        makeCert({"127.0.0.1", "IP:127.0.0.1,DNS:localhost", false, 2}, serverKey.get(), ca.get(), caKey.get());
    const Key wrongKey = newKey();
    const Cert wrong =
        makeCert({"wrong.example.org", "DNS:wrong.example.org", false, 3}, wrongKey.get(), ca.get(), caKey.get());
    const Cert cnOnly = makeCert({"127.0.0.1", "", false, 4}, serverKey.get(), ca.get(), caKey.get());
    const Key otherKey = newKey();
    const Cert other = makeCert({"IPS Coach unrelated test CA", "", true, 1}, otherKey.get(), nullptr, otherKey.get());
    caFile_ = writeCert(dir / "ca.pem", ca.get());
    serverCertFile_ = writeCert(dir / "server.pem", server.get());
    serverKeyFile_ = writeKey(dir / "server-key.pem", serverKey.get());
    wrongNameCertFile_ = writeCert(dir / "wrong-name.pem", wrong.get());
    wrongNameKeyFile_ = writeKey(dir / "wrong-name-key.pem", wrongKey.get());
    cnOnlyCertFile_ = writeCert(dir / "cn-only.pem", cnOnly.get());
    otherCaFile_ = writeCert(dir / "other-ca.pem", other.get());
  }

  // The CA that signed the server, wrong-name and CN-only certificates.
  const std::string& caFile() const { return caFile_; }
  // Made out to 127.0.0.1 and localhost (subjectAltName), signed by caFile().
  const std::string& serverCertFile() const { return serverCertFile_; }
  const std::string& serverKeyFile() const { return serverKeyFile_; }
  // A CA that signed nothing of this PKI.
  const std::string& otherCaFile() const { return otherCaFile_; }
  // Signed by caFile(), made out to wrong.example.org only.
  const std::string& wrongNameCertFile() const { return wrongNameCertFile_; }
  const std::string& wrongNameKeyFile() const { return wrongNameKeyFile_; }
  // Signed by caFile(), CN=127.0.0.1 and no subjectAltName (the key is serverKeyFile()).
  const std::string& cnOnlyCertFile() const { return cnOnlyCertFile_; }

 private:
  std::string caFile_;
  std::string serverCertFile_;
  std::string serverKeyFile_;
  std::string otherCaFile_;
  std::string wrongNameCertFile_;
  std::string wrongNameKeyFile_;
  std::string cnOnlyCertFile_;
};

}  // namespace coach::test
