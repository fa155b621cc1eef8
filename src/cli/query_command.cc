// `neardup query --index DIR`: JSONL in, each record's matches in the index out; adds nothing and
// may run beside a writer.

#include <string>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "cli/index_cli.h"
#include "neardup/index.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;

int RunQuery(int argc, const char* const* argv) {
  CommonOptions c;
  IndexCliOptions o;
  o.verdicts_only = true;
  po::options_description general(
      "neardup query --index DIR [options] [INPUT.jsonl|-] > OUT.jsonl");
  general.add_options()("threshold",
                        po::value(&c.options.threshold)->default_value(c.options.threshold, "0.5"),
                        "paragraphs match at Jaccard similarity >= this, in (0, 1]");
  po::options_description visible;
  visible.add(general).add(IndexOptionsGroup(&o)).add(InputOptions(&c, /*corpus=*/false));
  if (int code = ParseCommand(argc, argv, "query", visible, &c, /*paths_required=*/false);
      code >= 0) {
    return code;
  }
  if (int code = CheckIndexUsage("query", c, o); code >= 0) return code;
  StatusOr<std::unique_ptr<Index>> index =
      Index::Open(o.dir, MakeIndexOptions(c, o, /*read_only=*/true));
  if (!index.ok()) return Fail(index.status());
  RecordLoop loop;
  loop.judge = [&](const Document& d) { return (*index)->Query(d); };
  loop.make_durable = [] { return Status::OK(); };
  loop.command = "query";
  return RunRecordLoop(c, o, loop);
}

}  // namespace

NEARDUP_REGISTER_COMMAND(
    kQueryCommand, "query",
    "query --index DIR     JSONL in, each record's matches in the index out (adds nothing)", 31,
    RunQuery);

}  // namespace neardup::cli
