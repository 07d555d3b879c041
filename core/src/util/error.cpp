#include "coach/error.hpp"

namespace coach {

ErrorInfo errorInfo(ErrorCode code) noexcept {
  switch (code) {
#define COACH_X(name, wire, http) \
  case ErrorCode::name:           \
    return ErrorInfo{wire, http};
    COACH_ERROR_CODES(COACH_X)
#undef COACH_X
  }
  return ErrorInfo{"internal", 500};
}

}  // namespace coach
