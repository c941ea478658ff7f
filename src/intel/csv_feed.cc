// CSV feeds (RFC 4180): a header row names the indicator column (and optionally a label column); quoted
// fields may hold commas, doubled quotes and line breaks. '#' lines are comments.
#include <algorithm>
#include <array>
#include <deque>
#include <optional>
#include <vector>

#include "core/text_format.h"
#include "intel/feed_parsers.h"
#include "intel/indicator_text.h"

namespace vigil {
namespace {

// Column names that hold the indicator, most specific first; matched ignoring case and surrounding space.
constexpr std::array<std::string_view, 14> kIndicatorColumns = {
    "indicator",  "ioc",       "value",    "ip",   "domain",   "dst_ip", "address",
    "ip_address", "ipaddress", "dst_host", "host", "hostname", "url",    "observable"};
constexpr std::array<std::string_view, 8> kLabelColumns = {"description", "label",  "name",    "comment",
                                                           "comments",    "threat", "malware", "tags"};
// A hostile line of a million commas must not become a million strings.
constexpr size_t kMaxFields = 1024;

// Reads records one at a time, counting physical lines so problems name the line a record starts on.
class CsvReader {
 public:
  explicit CsvReader(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }

  // Steps over a blank or '#' line before it is read as CSV (a comment may hold a lone quote); `comment` gets
  // its text after the '#'.
  bool skip_comment_or_blank(std::string_view& comment) {
    size_t eol = text_.find('\n', pos_);
    if (eol == std::string_view::npos) eol = text_.size();
    std::string_view line = trim_space(text_.substr(pos_, eol - pos_));
    if (!line.empty() && line.front() != '#') return false;
    comment = line.empty() ? line : trim_space(line.substr(1));
    pos_ = eol == text_.size() ? eol : eol + 1;
    ++next_line_;
    return true;
  }
  uint64_t line() const { return line_; }  // of the record last read
  // Views into the text where a field is as written; into scratch strings (valid until the next record) where
  // quotes had to be undone.
  const std::vector<std::string_view>& fields() const { return fields_; }
  size_t field_count() const { return count_; }

  // False when a quoted field is not closed: the reader then resumes on the line after the record's first.
  bool next() {
    start_ = pos_;
    line_ = next_line_;
    count_ = 0;
    scratch_used_ = 0;
    fields_.clear();
    while (true) {
      std::string_view value;
      std::string* built = nullptr;
      bool was_quoted = pos_ < text_.size() && text_[pos_] == '"';
      if (was_quoted && !quoted(value, built)) {
        size_t eol = text_.find('\n', start_);
        pos_ = eol == std::string_view::npos ? text_.size() : eol + 1;
        next_line_ = line_ + 1;
        return false;
      }
      size_t end = pos_;
      while (end < text_.size() && text_[end] != ',' && text_[end] != '\n') ++end;
      if (!was_quoted) {
        value = text_.substr(pos_, end - pos_);
      } else if (end > pos_) {  // text after the closing quote: kept, leniently
        if (built == nullptr) built = &scratch(value);
        built->append(text_.substr(pos_, end - pos_));
      }
      if (built != nullptr) value = *built;
      if (count_++ < kMaxFields) fields_.push_back(value);
      pos_ = end;
      if (pos_ < text_.size() && text_[pos_] == ',') {
        ++pos_;
        continue;
      }
      if (pos_ < text_.size()) ++pos_;  // the '\n'
      ++next_line_;
      return true;
    }
  }

 private:
  std::string& scratch(std::string_view start) {
    if (scratch_used_ == scratch_.size()) scratch_.emplace_back();
    std::string& s = scratch_[scratch_used_++];
    s.assign(start);
    return s;
  }

  // After the opening quote: `value` views the text when the field holds no doubled quote, else `built` holds it.
  bool quoted(std::string_view& value, std::string*& built) {
    size_t begin = ++pos_;
    while (true) {
      size_t q = text_.find('"', pos_);
      if (q == std::string_view::npos) return false;
      for (size_t i = pos_; i < q; ++i) next_line_ += text_[i] == '\n' ? 1 : 0;
      if (q + 1 < text_.size() && text_[q + 1] == '"') {  // "" is one quote
        if (built == nullptr)
          built = &scratch(text_.substr(begin, q + 1 - begin));
        else
          built->append(text_.substr(pos_, q + 1 - pos_));
        pos_ = q + 2;
        continue;
      }
      if (built == nullptr)
        value = text_.substr(begin, q - begin);
      else
        built->append(text_.substr(pos_, q - pos_));
      pos_ = q + 1;
      return true;
    }
  }

  std::string_view text_;
  size_t pos_ = 0, start_ = 0;
  uint64_t line_ = 0, next_line_ = 1;
  std::vector<std::string_view> fields_;
  size_t count_ = 0;
  std::deque<std::string> scratch_;  // a deque: views into earlier scratch strings survive adding one
  size_t scratch_used_ = 0;
};

struct Columns {
  size_t indicator = 0;
  std::optional<size_t> label;
  bool found_indicator = false;
};

Columns columns_of(const std::vector<std::string_view>& names, size_t count) {
  Columns c;
  count = std::min(count, names.size());
  for (std::string_view want : kIndicatorColumns) {
    for (size_t i = 0; i < count && !c.found_indicator; ++i)
      if (equals_ascii_ci(trim_space(names[i]), want)) c.indicator = i, c.found_indicator = true;
    if (c.found_indicator) break;
  }
  for (std::string_view want : kLabelColumns) {
    for (size_t i = 0; i < count && !c.label; ++i)
      if (i != c.indicator && equals_ascii_ci(trim_space(names[i]), want)) c.label = i;
    if (c.label) break;
  }
  return c;
}

}  // namespace

void parse_csv_feed(std::string_view text, FeedSink& sink) {
  CsvReader reader(text);
  std::optional<Columns> columns;
  std::string last_comment;  // abuse.ch writes its header as the last comment line: "# first_seen,dst_ip,..."
  while (!reader.done()) {
    if (std::string_view comment; reader.skip_comment_or_blank(comment)) {
      if (!columns && !comment.empty()) last_comment = comment;
      continue;
    }
    bool ok = reader.next();
    if (!ok) {
      sink.malformed(Status::corruption("unterminated quoted field").at_line(sink.origin(), reader.line()));
      continue;
    }
    const auto& fields = reader.fields();
    size_t count = std::min(reader.field_count(), fields.size());
    if (!columns) {
      Columns here = columns_of(fields, count);
      if (here.found_indicator) {
        columns = here;
        continue;  // this row was the header
      }
      if (!last_comment.empty()) {
        CsvReader commented(last_comment);
        if (commented.next()) {
          Columns from_comment = columns_of(commented.fields(), commented.field_count());
          if (from_comment.found_indicator) columns = from_comment;
        }
      }
      if (!columns) {
        columns = here;  // column 0, unless named otherwise
        if (count == 0 || !parse_indicator(trim_space(fields[0])).is_ok()) continue;  // a header of other names
        // else: no header at all, this row is data
      }
    }
    if (columns->indicator >= count) {
      sink.malformed(Status::corruption("row has " + std::to_string(reader.field_count()) +
                                        " fields, no indicator column " + std::to_string(columns->indicator + 1))
                         .at_line(sink.origin(), reader.line()));
      continue;
    }
    std::string_view value = trim_space(fields[columns->indicator]);
    Result<Indicator> ind = parse_indicator(value);
    if (!ind.is_ok()) {
      sink.malformed(Status(ind.status()).at_line(sink.origin(), reader.line()));
      continue;
    }
    std::string_view label;
    if (columns->label && *columns->label < count) label = trim_space(fields[*columns->label]);
    sink.add(ind.take(), label);
  }
}

}  // namespace vigil
