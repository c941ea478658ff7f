// Status and Result: expected failures carried as values, with a code, a message and where it happened.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace vigil {

enum class ErrorCode {
  kOk,
  kInvalidArgument,  // the user asked for something that cannot be done
  kNotFound,         // a file or resource does not exist
  kIoError,          // the operating system refused a read or write
  kCorruption,       // input is malformed or truncated
  kUnsupported,      // valid input of a kind vigil does not handle
};

// A failure, or success when code_ == kOk. `where` names the file, `offset` the byte in it.
class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status ok() { return {}; }
  static Status invalid_argument(std::string msg) { return {ErrorCode::kInvalidArgument, std::move(msg)}; }
  static Status not_found(std::string msg) { return {ErrorCode::kNotFound, std::move(msg)}; }
  static Status io_error(std::string msg) { return {ErrorCode::kIoError, std::move(msg)}; }
  static Status corruption(std::string msg) { return {ErrorCode::kCorruption, std::move(msg)}; }
  static Status unsupported(std::string msg) { return {ErrorCode::kUnsupported, std::move(msg)}; }

  // The same failure, located in `file` at byte `offset`.
  Status at(std::string file, std::optional<uint64_t> offset = std::nullopt) && {
    file_ = std::move(file);
    offset_ = offset;
    return std::move(*this);
  }

  // The same failure, located in a text file at line `line` (1-based).
  Status at_line(std::string file, uint64_t line) && {
    file_ = std::move(file);
    line_ = line;
    return std::move(*this);
  }

  bool is_ok() const { return code_ == ErrorCode::kOk; }
  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& file() const { return file_; }
  std::optional<uint64_t> offset() const { return offset_; }
  std::optional<uint64_t> line() const { return line_; }

  // "file: at byte offset N: message" or "file:LINE: message", the forms errors take when shown to a user.
  std::string to_string() const {
    std::string out;
    if (!file_.empty()) out += line_ ? file_ + ":" + std::to_string(*line_) + ": " : file_ + ": ";
    if (offset_) out += "at byte offset " + std::to_string(*offset_) + ": ";
    return out + message_;
  }

 private:
  Status(ErrorCode code, std::string msg) : code_(code), message_(std::move(msg)) {}
  ErrorCode code_ = ErrorCode::kOk;
  std::string message_;
  std::string file_;
  std::optional<uint64_t> offset_;
  std::optional<uint64_t> line_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}         // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {}  // NOLINT: implicit by design
  bool is_ok() const { return std::holds_alternative<T>(v_); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T&& take() { return std::get<T>(std::move(v_)); }
  const Status& status() const { return std::get<Status>(v_); }

 private:
  std::variant<T, Status> v_;
};

}  // namespace vigil
