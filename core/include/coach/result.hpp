// coach/result.hpp: Result<T>, the return type of every operation that can fail in an expected way.
//
// A Result holds either a value or an Error. It is [[nodiscard]]: ignoring one is a compile error under the
// developer preset. Accessing value() on an error (or error() on a value) is a broken invariant and aborts
// through an exception; callers test ok() first or use COACH_TRY.
#pragma once

#include <stdexcept>
#include <utility>
#include <variant>

#include "coach/error.hpp"

namespace coach {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}            // NOLINT(google-explicit-constructor)
  Result(Error error) : v_(std::move(error)) {}        // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return v_.index() == 0; }
  explicit operator bool() const noexcept { return ok(); }

  T& value() & { check(); return std::get<0>(v_); }
  const T& value() const& { check(); return std::get<0>(v_); }
  T&& value() && { check(); return std::get<0>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    if (ok()) throw std::logic_error("Result::error() called on a value");
    return std::get<1>(v_);
  }
  Error&& error() && {
    if (ok()) throw std::logic_error("Result::error() called on a value");
    return std::get<1>(std::move(v_));
  }

 private:
  void check() const {
    if (!ok()) throw std::logic_error("Result::value() called on an error: " + std::get<1>(v_).message);
  }
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), failed_(true) {}  // NOLINT(google-explicit-constructor)

  bool ok() const noexcept { return !failed_; }
  explicit operator bool() const noexcept { return ok(); }
  const Error& error() const& {
    if (ok()) throw std::logic_error("Result::error() called on success");
    return error_;
  }
  Error&& error() && {
    if (ok()) throw std::logic_error("Result::error() called on success");
    return std::move(error_);
  }

 private:
  Error error_;
  bool failed_ = false;
};

using Status = Result<void>;

inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

}  // namespace coach

#define COACH_CONCAT_INNER_(a, b) a##b
#define COACH_CONCAT_(a, b) COACH_CONCAT_INNER_(a, b)

// Propagates an error from an expression returning Result<...>; evaluates to nothing on success.
#define COACH_TRY(expr) COACH_TRY_IMPL_(COACH_CONCAT_(coach_try_, __LINE__), expr)
#define COACH_TRY_IMPL_(tmp, expr)                        \
  do {                                                    \
    auto tmp = (expr);                                    \
    if (!tmp.ok()) return std::move(tmp).error();         \
  } while (false)

// Declares `lhs` from the value of a Result-returning expression, or returns its error.
#define COACH_ASSIGN_OR_RETURN(lhs, expr) \
  COACH_ASSIGN_OR_RETURN_IMPL_(COACH_CONCAT_(coach_assign_, __LINE__), lhs, expr)
#define COACH_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, expr) \
  auto tmp = (expr);                                 \
  if (!tmp.ok()) return std::move(tmp).error();      \
  lhs = std::move(tmp).value()
