// `neardup filter --index DIR`: JSONL in, every record out with its verdict against everything the
// index saw before it; each document is added to the index, and its line leaves only after the
// transaction holding it has committed (group commit).

#include <string>

#include "cli/cli_options.h"
#include "cli/corpus_run.h"
#include "cli/index_cli.h"
#include "neardup/index.h"

namespace neardup::cli {
namespace {
namespace po = boost::program_options;

int RunFilter(int argc, const char* const* argv) {
  CommonOptions c;
  IndexCliOptions o;
  size_t batch = 256;
  bool no_fsync = false;
  po::options_description general(
      "neardup filter --index DIR [options] [INPUT.jsonl|-] > OUT.jsonl");
  general.add_options()("drop-duplicates", po::bool_switch(&o.drop_duplicates),
                        "write only the records that are not duplicates")(
      "verdicts-only", po::bool_switch(&o.verdicts_only),
      "write {\"id\":..,\"neardup\":..} instead of the records")(
      "batch", po::value(&batch)->default_value(batch),
      "commit at most this many records per transaction (also every 100 ms and whenever input "
      "pauses)")("no-fsync", po::bool_switch(&no_fsync),
                 "do not fsync commits (a machine crash may lose them; for tests)");
  po::options_description visible;
  visible.add(general)
      .add(IndexOptionsGroup(&o))
      .add(InputOptions(&c, /*corpus=*/false))  // an index is checked on one thread
      .add(IndexMatchingOptions(&c));
  if (int code = ParseCommand(argc, argv, "filter", visible, &c, /*paths_required=*/false);
      code >= 0) {
    return code;
  }
  if (int code = CheckIndexUsage("filter", c, o); code >= 0) return code;
  if (batch < 1) return UsageError("filter", "--batch must be at least 1");
  if (o.drop_duplicates && o.verdicts_only) {
    return UsageError("filter", "--drop-duplicates and --verdicts-only do not go together");
  }
  IndexOptions io = MakeIndexOptions(c, o, /*read_only=*/false);
  io.sync = !no_fsync;
  StatusOr<std::unique_ptr<Index>> index = Index::Open(o.dir, io);
  if (!index.ok()) return Fail(index.status());
  RecordLoop loop;
  loop.judge = [&](const Document& d) { return (*index)->Check(d); };
  loop.make_durable = [&] { return (*index)->Commit(); };
  loop.batch = batch;
  loop.command = "filter";
  return RunRecordLoop(c, o, loop);
}

}  // namespace

NEARDUP_REGISTER_COMMAND(
    kFilterCommand, "filter",
    "filter --index DIR    JSONL in, each record out with its verdict; indexes it (crash-safe)", 30,
    RunFilter);

}  // namespace neardup::cli
