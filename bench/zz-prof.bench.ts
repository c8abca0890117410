import 'fake-indexeddb/auto';
import { importBackup } from '@/lib/history/import';
import { HistoryDb } from '@/lib/history/schema';
import { syntheticBackup } from './synthetic-backup';
async function main() {
  Error.stackTraceLimit = 0;
  const text = JSON.stringify(syntheticBackup(100000, 500));
  const db = new HistoryDb('p'); await db.open();
  const c0 = process.cpuUsage();
  const o = await importBackup(db, text);
  const c = process.cpuUsage(c0); console.log(o.ok, (c.user + c.system) / 1e6);
}
main();
