// Mocha reporter: the spec output, plus the pass/fail counts written to $XSR_STATS_FILE for scripts/test-all.ts.
const Mocha = require("mocha");
const fs = require("node:fs");

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.XSR_STATS_FILE;
      if (file) fs.writeFileSync(file, JSON.stringify({ passed: this.stats.passes, failed: this.stats.failures }));
    });
  }
}
module.exports = CountReporter;
