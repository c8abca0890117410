/**
 * How busy the machine was while a bench ran: load averages before and after, and the share of
 * CPU time all cores spent idle in between (from /proc/stat). Timings are only comparable on a
 * quiet machine; this says how quiet it was. Linux only; elsewhere the figures read "n/a".
 */
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';

interface CpuTimes {
  idle: number;
  total: number;
}

function cpuTimes(): CpuTimes | undefined {
  try {
    // "cpu  user nice system idle iowait irq softirq steal …" (USER_HZ ticks, all cores).
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
    return { idle: fields[3]! + (fields[4] ?? 0), total: fields.reduce((a, b) => a + b, 0) };
  } catch {
    return undefined;
  }
}

export interface MachineWatch {
  /** "load 1.20 → 2.85 (1-min avg; 2 cores), CPU idle 41 % during the run" */
  stop(): string;
}

export function watchMachine(): MachineWatch {
  const before = cpuTimes();
  const loadBefore = loadavg()[0]!;
  return {
    stop() {
      const after = cpuTimes();
      const load = `load ${loadBefore.toFixed(2)} → ${loadavg()[0]!.toFixed(2)} (1-min avg; ${cpus().length} cores)`;
      if (!before || !after || after.total === before.total) return `${load}, CPU idle n/a`;
      const idle = (100 * (after.idle - before.idle)) / (after.total - before.total);
      return `${load}, CPU idle ${idle.toFixed(0)} % during the run`;
    },
  };
}
