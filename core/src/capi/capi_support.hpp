// capi/capi_support.hpp: the edge of the C API (coach/coach.h): the objects it hands out (tagged allocations
// that the one coach_free() releases), the exception translator every C function runs its body through, the
// Error -> coach_error conversion, and helpers to read JSON and C strings arguments and to return strings.
//
// Thread-safety: the functions here are pure or touch only what they are given. coach_profile guards nothing
// itself: Store serialises its own calls, and syncMu serialises syncs and team setup on one profile.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <new>
#include <string>
#include <string_view>
#include <utility>

#include <nlohmann/json.hpp>

#include "coach/coach.h"
#include "coach/result.hpp"
#include "coach/store.hpp"

// The opaque profile handle of coach.h: lives in a tagged allocation (capi::ObjectKind::Profile).
struct coach_profile {
  std::unique_ptr<coach::Store> store;  // set at open, never replaced; Store is thread-safe
  std::mutex syncMu;                    // one sync or team setup at a time on this profile
};

namespace coach::capi {

// What a block handed out by the API holds; coach_free() dispatches on it.
enum class ObjectKind : std::uint32_t { String = 1, Error = 2, Profile = 3 };

// Allocates `size` bytes with the tag in front; nullptr when out of memory. Never throws.
void* allocateObject(ObjectKind kind, std::size_t size) noexcept;
// Releases a block of allocateObject (running ~coach_profile for a profile). Aborts on a pointer whose tag is
// not ours (a foreign pointer or a double free): continuing would corrupt memory.
void freeObject(void* object) noexcept;

// Fills *out with a new coach_error (when out is not null) and returns its code. Never throws.
coach_status fail(coach_error** out, const Error& error) noexcept;

// The C code of an ErrorCode (its position in COACH_ERROR_CODES plus one), and the wire id of a C code.
coach_status cCode(ErrorCode code) noexcept;
const char* wireId(coach_status code) noexcept;

// Runs `body` (returning Status) and translates its outcome, or any exception, into a coach_status.
template <class Body>
coach_status guarded(coach_error** error, Body&& body) noexcept {
  try {
    Status status = std::forward<Body>(body)();
    if (status.ok()) return COACH_OK;
    return fail(error, status.error());
  } catch (const std::bad_alloc&) {
    return fail(error, Error{ErrorCode::Internal, "out of memory: close other apps and try again"});
  } catch (...) {
    // what() of a library exception may quote input; the message stays generic on purpose.
    return fail(error, Error{ErrorCode::Internal, "an unexpected internal error in libcoach: please report this"});
  }
}

// InvalidArgument "<what> is required (it was NULL)" when p is null.
Status required(const void* p, std::string_view what);
// The text of a C string argument (which must not be null: see required()).
inline std::string_view text(const char* p) { return p == nullptr ? std::string_view{} : std::string_view{p}; }

// Parses a JSON argument. InvalidArgument naming the argument and the byte where it breaks, never quoting it
// (it may hold a participant's data); with `object`, anything but a JSON object is refused too.
enum class JsonShape { Object, Any };
Result<nlohmann::json> parseJson(const char* text, std::string_view what, JsonShape shape);

// Copies `value` into a new string object and stores it in *out. Internal when out of memory.
Status emit(char** out, std::string_view value);
Status emitJson(char** out, const nlohmann::json& value);

// The store of a profile handle, or InvalidArgument when the handle is null.
Result<Store*> storeOf(coach_profile* profile);

}  // namespace coach::capi
