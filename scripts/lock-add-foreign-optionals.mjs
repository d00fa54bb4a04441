#!/usr/bin/env node
/**
 * The npm registry mirror of our build machines serves only the Linux builds of packages that ship
 * one binary package per platform (rollup's `@rollup/rollup-<os>-<cpu>`). `npm install` then writes
 * a package-lock.json without the other platforms' entries, and `npm ci` refuses that lock as out of
 * sync ("Missing: @rollup/rollup-darwin-x64@ from lock file"). This script adds those entries —
 * optional, with the os/cpu/libc of their names, so npm skips them on Linux — using the versions
 * the parent package lists in its optionalDependencies. Run it after changing dependencies:
 *
 *   npm install && node scripts/lock-add-foreign-optionals.mjs
 */
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const pkgs = lock.packages;
const OS = ['android', 'darwin', 'freebsd', 'linux', 'openbsd', 'openharmony', 'win32', 'sunos', 'aix', 'netbsd'];
const CPU = ['arm64', 'arm', 'x64', 'ia32', 'loong64', 'ppc64', 'riscv64', 's390x', 'mips64el', 'wasm32'];
let added = 0;
for (const [path, meta] of Object.entries({ ...pkgs })) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    const key = `${path ? `${path}/` : ''}node_modules/${name}`.replace(/^node_modules\/(.*)\/node_modules\//, 'node_modules/$1/node_modules/');
    const topKey = `node_modules/${name}`;
    if (pkgs[key] || pkgs[topKey]) continue;
    const parts = name.split('/').pop().split('-');
    const os = parts.find((p) => OS.includes(p));
    const cpu = parts.find((p) => CPU.includes(p));
    if (!os || !cpu) continue; // not a per-platform binary package: leave it to npm
    const entry = { version, cpu: [cpu], dev: meta.dev, license: meta.license, optional: true, os: [os] };
    if (os === 'linux') entry.libc = [parts.some((p) => p.startsWith('musl')) ? 'musl' : 'glibc'];
    if (!entry.dev) delete entry.dev;
    pkgs[topKey] = entry;
    added++;
  }
}
const sorted = Object.fromEntries(Object.entries(pkgs).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
lock.packages = sorted;
writeFileSync(lockPath, JSON.stringify(lock, null, 2) + '\n');
console.log(`added ${added} foreign-platform optional entries to package-lock.json`);
