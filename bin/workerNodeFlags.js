// V8 flags for a worker process (each measured to help, none changes what a job does): `ppm worker` (bin/ppm.js) and the bench and drill workers (bench/stack.ts).
//
// --max-old-space-size=1024: with no limit V8 sizes the heap from the machine's memory (4 GB here) and then lets the
// old generation grow up to 4x between full collections. A worker's live heap is 50-70 MB after an ERP pull, but its
// heap grew to 200+ MB of uncollected garbage first (erp-pull at 25k products: heap peak 167-203 MB, RSS 337-367 MB).
// Under a limit of 1 GB V8 lets the old generation grow by 1.6x instead (the factor scales with the limit between
// 256 MB and 2 GB; `node --trace-gc-verbose` prints "[HeapController] factor 4.0" without it, 1.6 with it), so it
// collects sooner: the same pull peaked at 123 MB heap and 282 MB RSS with the worker's
// CPU unchanged (5.6 s vs 6.5 s). 1 GB is over three times the worker's 300 MB memory goal and more than ten times its
// live heap, so a job the worker can run within the goal never meets the limit; a lower limit (512 MB measured the
// same) would gain nothing and leave less room.
//
// --max-semi-space-size=8: the young generation's semi-spaces at 8 MB instead of 16 MB. Most of a worker's garbage
// (rows of a page, request and response bodies) dies young; the smaller nursery is scavenged twice as often and costs
// about 20 MB less RSS (erp-pull 25k: 267 -> 245-248 MB peak; 4 MB gave 233), with the worker's CPU the same
// within noise (erp-pull 4.4-4.7 s for 4, 8 and 16 MB; bulk-create 500 x 3 shops 3.0 s at 16, 3.1 s at 8). A
// performance knob only: unlike the old-space limit it can never make a job fail.
module.exports = { WORKER_NODE_FLAGS: ['--max-old-space-size=1024', '--max-semi-space-size=8'] };
