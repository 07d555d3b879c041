// tests/proto/schema_check.hpp: runs tests/proto/check_schemas.py (Python's jsonschema, draft 2020-12) over
// messages the tests built, and hands back each message's verdict.
//
// The messages are written to a fresh temporary directory (removed afterwards), listed in a manifest, and
// checked in one run of /usr/bin/python3, so a test pays for one interpreter start, not one per message.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace coach::prototest {

struct SchemaCase {
  std::string name;    // unique, [a-z0-9-] (it names the file)
  std::string schema;  // "push-request" checks against proto/schemas/push-request.schema.json
  nlohmann::json message;
};

struct SchemaVerdict {
  bool valid = false;
  std::vector<std::string> errors;  // the validator's first complaints, for the test's failure message
};

struct SchemaRun {
  bool ran = false;
  std::string failure;                            // why the checker did not run, when !ran
  std::map<std::string, SchemaVerdict> schemas;   // per schema file: valid against the meta-schema
  std::map<std::string, SchemaVerdict> messages;  // per case name
};

SchemaRun checkAgainstSchemas(const std::vector<SchemaCase>& cases);

// The directory of the schemas and vectors (the source tree's proto/).
std::string protoDir();

}  // namespace coach::prototest
