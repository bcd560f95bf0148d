// Preloaded into a measured process (`node --import ./bench/support/peak-rss.mjs …`): prints its peak
// RSS on exit, on stderr, so a benchmark can measure the real command rather than an imitation.
process.on('exit', () => {
  process.stderr.write(`\npeak-rss-kb ${process.resourceUsage().maxRSS}\n`);
});
