#!/usr/bin/env node
// The `ppm` CLI. Runs the TypeScript sources directly through tsx (no build step needed in a checkout).
const { WORKER_NODE_FLAGS } = require('./workerNodeFlags');

// `ppm worker` needs V8 flags that can only be given when a process starts (workerNodeFlags.js says why). Unless they
// are all given already (NODE_OPTIONS, as docker-compose.yml does, or node's own arguments; a value given there wins),
// the worker runs in a child process started with the missing ones; this process, before loading anything else
// (about 40 MB), passes signals on, stops the worker when it is itself stopped and exits with the worker's code.
const given = [...process.execArgv, ...(process.env.NODE_OPTIONS ?? '').split(/\s+/)];
const flagName = (a) => a.split('=')[0].replace(/_/g, '-');
const missingFlags = WORKER_NODE_FLAGS.filter((flag) => !given.some((a) => flagName(a) === flagName(flag)));
if (process.argv[2] === 'worker' && missingFlags.length) {
  const { spawn } = require('node:child_process');
  // The IPC channel only tells the worker when this process is gone (even SIGKILLed): it then drains and stops too.
  // A debugger flag stays with this process (two processes cannot listen on one inspector port).
  const execArgv = process.execArgv.filter((a) => !/^--inspect/.test(a));
  const child = spawn(process.execPath, [...execArgv, ...missingFlags, __filename, ...process.argv.slice(2)], { stdio: ['inherit', 'inherit', 'inherit', 'ipc'], env: { ...process.env, PPM_WORKER_PARENT: String(process.pid) } });
  // Ctrl-C reaches the whole process group (the worker too); SIGTERM and SIGHUP sent to this process are passed on.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => child.exitCode === null && child.kill(signal));
  child.on('error', (e) => {
    process.stderr.write(`ppm: could not start the worker: ${e.message}\n`);
    process.exit(1);
  });
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 + (require('node:os').constants.signals[signal] ?? 0) : 1)));
} else {
  if (process.env.PPM_WORKER_PARENT && process.connected) {
    delete process.env.PPM_WORKER_PARENT;
    process.on('disconnect', () => process.kill(process.pid, 'SIGTERM'));
  }
  require('tsx/cjs');
  require('./ownSourceMaps');
  require('../src/cli/main.ts');
}
